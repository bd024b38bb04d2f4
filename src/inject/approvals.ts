/**
 * Who is asking for a token through `${command:gogsKeyHygiene.tokenValue}`, and whether this
 * workspace already approved handing that token to it.
 *
 * What VS Code passes to a command used as a variable (VS Code 1.100,
 * `vs/workbench/services/configurationResolver/browser/baseConfigurationResolverService.ts`
 * `resolveWithInteraction`, `vs/workbench/contrib/tasks/browser/terminalTaskSystem.ts`
 * `_resolveVariablesFromSet`, `vs/workbench/api/browser/mainThreadTask.ts` `resolveVariables`):
 * - `${command:id}` in a **launch configuration**: the whole configuration object
 *   (`{type, request, name, …}`) with the `linux`/`osx`/`windows` keys of this platform already
 *   merged into it (`ConfigurationResolverExpression.applyPlatformSpecificKeys`) and the variables
 *   met before this one already substituted;
 * - `${command:id}` in a **task**: only the array of the task's variable strings
 *   (e.g. `["${command:gogsKeyHygiene.tokenValue}", "/abs/workspace"]`, the non-interactive ones
 *   already resolved by the extension host), never the task;
 * - `${input:x}` with `"type": "command"`: the input's `args`, as written.
 *
 * So for tasks and inputs the identity is every configuration of the workspace that could be the
 * caller. For tasks that is the *effective* task as VS Code builds it
 * (`vs/workbench/contrib/tasks/common/taskConfiguration.ts`): the top-level `command`, `args`,
 * `options`, `type`, … of a tasks.json and of its `linux`/`osx`/`windows` overrides are merged
 * into every task of that file (`CustomTask.fillGlobals`), and the tasks of an OS override replace
 * the tasks of the same label (`TaskParser.assignTasks`). A variable in the top level of a tasks.json
 * therefore asks for every task of that file, and a change to any of those keys — say, a
 * `git pull` that adds a top-level `options.env` or changes a task's command — is a new
 * configuration that has to be approved again.
 *
 * Pure: no `vscode` import, unit-tested under plain mocha.
 */
import { createHash } from 'node:crypto';
import { Commands } from '../constants';

/** The variable this module is about. */
export const TOKEN_VALUE_COMMAND = Commands.tokenValue;
/** How a task or launch configuration references it. */
export const TOKEN_VARIABLE = '${command:' + TOKEN_VALUE_COMMAND + '}';

/** `workspaceState` key of the approval list (`string[]` of SHA-256 hex keys, never a token). */
export const APPROVALS_STATE_KEY = 'gogsKeyHygiene.injection.approvals';

/**
 * Top-level keys VS Code itself adds to a launch configuration (VS Code 1.100):
 * `__configurationTarget` (`debugConfigurationManager.ts` `Launch.getConfiguration`, before the
 * variables are substituted), `__sessionId` (`debugSession.ts` `launchOrAttach`) and `__restart`
 * (`debugService.ts` `restartSession`). They are left out of identities; every other key —
 * including any other `__…` key, which a launch.json can set and the debug adapter receives — is
 * part of the configuration.
 */
export const VSCODE_ADDED_LAUNCH_KEYS: ReadonlySet<string> = new Set(['__configurationTarget', '__sessionId', '__restart']);

/** The platform keys of tasks and launch configurations. */
const OS_KEYS = ['linux', 'osx', 'windows'] as const;

/**
 * Tasks or launch configurations of one scope (user, workspace file, or one folder's
 * `.vscode/tasks.json` / `launch.json`), as read from settings.
 */
export interface ConfigSource {
  kind: 'tasks' | 'launch';
  /** Where it comes from, for prompts: e.g. `.vscode/tasks.json of folder "app"`, `user tasks.json`. */
  where?: string;
  /** `tasks.tasks` or `launch.configurations`. */
  items: unknown[];
  /** `tasks.inputs` or `launch.inputs`. */
  inputs: unknown[];
  /**
   * Every other top-level key of the file (`version`, `options`, `command`, `args`, `type`,
   * `linux`/`osx`/`windows`, `compounds`, …): VS Code merges those of a tasks.json into each of its
   * tasks.
   */
  globals?: Record<string, unknown>;
}

/**
 * Splits the whole value of a `tasks` or `launch` section (a tasks.json / launch.json as VS Code
 * reads it) into a {@link ConfigSource}. Returns undefined for anything that is not an object.
 */
export function sourceFromSection(kind: 'tasks' | 'launch', where: string, section: unknown): ConfigSource | undefined {
  if (!isRecord(section)) return undefined;
  const itemsKey = kind === 'tasks' ? 'tasks' : 'configurations';
  const globals: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(section)) if (k !== itemsKey && k !== 'inputs') globals[k] = v;
  return {
    kind,
    where,
    items: Array.isArray(section[itemsKey]) ? (section[itemsKey] as unknown[]) : [],
    inputs: Array.isArray(section.inputs) ? (section.inputs as unknown[]) : [],
    globals,
  };
}

/** One workspace configuration that may be asking. */
export interface Candidate {
  kind: 'task' | 'launch';
  /** Task label or launch configuration name (for messages). */
  name: string;
  /** The configuration as written (used for the identity and the placement check). */
  config: unknown;
}

/** Where a call comes from, as far as the extension host can tell (see the controller). */
export type CallOrigin = 'workbench' | 'extension';

/** Everything the variable command learns from its argument. */
export interface CallDescription {
  /**
   * How the command was reached: `direct` for a call that did not come from VS Code resolving a
   * task, launch configuration or input (another extension's `executeCommand`, a command link).
   */
  via: 'launch' | 'task' | 'input' | 'direct';
  /** Canonical JSON of what identifies the asking configuration(s); hashed into approval keys. */
  identity: string;
  /** Human description for the approval prompt, e.g. `launch configuration "Deploy"`. */
  label: string;
  /**
   * Which configurations ask and through which keys, one line each, e.g.
   * `.vscode/tasks.json: top level → options.env.GOGS_TOKEN (merged into every task of the file: "a", "b")`.
   */
  asks: string[];
  /** False for a direct call: its answer is never remembered and never matches a remembered one. */
  rememberable: boolean;
  /** A token named explicitly by the caller (input `args` or a direct call): id, env var name or label. */
  explicitToken?: string;
  /** Names of environment variables whose value uses the variable (hint for which token). */
  envKeys: string[];
  /**
   * Places outside an environment block where the token would go (JSON-ish paths such as
   * `task "build" → args[0]`): the command refuses then, since a command line is echoed and
   * visible in the process table.
   */
  misplaced: string[];
}

/** Options of {@link describeCall}. */
export interface DescribeOptions {
  /**
   * Where the call comes from. `extension` makes it a direct call whatever its argument looks
   * like. Defaults to `workbench`; the controller always passes what it found.
   */
  origin?: CallOrigin;
  /**
   * The current value of a setting, for `${config:NAME}` variables used by the asking
   * configurations (their value is part of what runs, so it is part of the identity).
   */
  configValue?: (name: string) => unknown;
  /**
   * Workspace-level settings that change how tasks and debug sessions run (the controller passes the
   * workspace and folder values of `terminal.integrated.*`: shell, env, automation profile).
   * Part of every task, launch and input identity.
   */
  environment?: unknown;
}

/**
 * JSON with object keys sorted at every level, `undefined` members dropped, and the top-level keys
 * VS Code adds to a launch configuration ({@link VSCODE_ADDED_LAUNCH_KEYS}) removed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value, true));
}

function normalize(value: unknown, top = false): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || (top && VSCODE_ADDED_LAUNCH_KEYS.has(key))) continue;
      out[key] = normalize(v);
    }
    return out;
  }
  return value;
}

/** A launch configuration without the keys VS Code adds ({@link VSCODE_ADDED_LAUNCH_KEYS}). */
function withoutVsCodeKeys(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (!VSCODE_ADDED_LAUNCH_KEYS.has(k)) out[k] = v;
  return out;
}

/**
 * Approval key: SHA-256 hex of the identity and the env var name of the token handed over (the
 * env var survives rotation, so a rotated token stays approved for the same configuration).
 */
export function approvalKey(identity: string, envVar: string): string {
  return createHash('sha256').update(JSON.stringify(['v2', identity, envVar]), 'utf8').digest('hex');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** True for a launch configuration object (`type` + `request` strings). */
export function isLaunchConfig(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.type === 'string' && typeof v.request === 'string';
}

/** Every string in `value` containing `needle`, with its path of keys. Keys themselves count (path ends in `{key}`). */
export function findUses(value: unknown, needle: string, path: string[] = []): { path: string[]; text: string }[] {
  const hits: { path: string[]; text: string }[] = [];
  if (typeof value === 'string') {
    if (value.includes(needle)) hits.push({ path, text: value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => hits.push(...findUses(v, needle, [...path, `[${i}]`])));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(needle)) hits.push({ path: [...path, k, '{key}'], text: k });
      hits.push(...findUses(v, needle, [...path, k]));
    }
  }
  return hits;
}

/**
 * What kind of object a path is relative to: a task or the top level of a tasks.json (environment
 * block `options.env`), a launch configuration (`env`, or cppdbg's `environment` list), or
 * either (`any`, when the caller does not say).
 */
export type UseContext = 'task' | 'launch' | 'any';

/**
 * The env var that `path` (relative to a task, tasks.json top level or launch configuration)
 * puts its value into, or undefined when the path is not an environment-variable value. A leading
 * `linux`/`osx`/`windows` (an OS override) is allowed.
 */
function envKeyAt(root: unknown, path: string[], ctx: UseContext): string | undefined {
  if (path[path.length - 1] === '{key}') return undefined;
  let p = path;
  let base: unknown = root;
  if (p.length > 0 && (OS_KEYS as readonly string[]).includes(p[0])) {
    base = isRecord(root) ? root[p[0]] : undefined;
    p = p.slice(1);
  }
  const plain = (name: string | undefined): string | undefined => (name !== undefined && !name.startsWith('[') ? name : undefined);
  // Tasks (and the top level of a tasks.json): options.env.NAME.
  if (ctx !== 'launch' && p.length === 3 && p[0] === 'options' && p[1] === 'env') return plain(p[2]);
  if (ctx !== 'task') {
    // Launch configurations: env.NAME, or cppdbg's environment: [{name, value}].
    if (p.length === 2 && p[0] === 'env') return plain(p[1]);
    if (p.length === 3 && p[0] === 'environment' && p[1].startsWith('[') && p[2] === 'value') {
      const entry = getPath(base, p.slice(0, 2));
      return isRecord(entry) && typeof entry.name === 'string' ? entry.name : undefined;
    }
  }
  return undefined;
}

/**
 * Splits the uses of `needle` in `config` into environment-variable names that receive it and
 * places where it is not allowed (anything but the value of an environment block: `options.env`
 * of a task or of the top level of a tasks.json, `env`/`environment` of a launch configuration, or
 * the same inside a `linux`/`osx`/`windows` override).
 *
 * @param ctx what `config` is (`any`: accept both task and launch environment blocks)
 */
export function classifyUses(config: unknown, needle: string, ctx: UseContext = 'any'): { envKeys: string[]; misplaced: string[] } {
  const envKeys: string[] = [];
  const misplaced: string[] = [];
  for (const use of findUses(config, needle)) {
    const key = envKeyAt(config, use.path, ctx);
    if (key !== undefined) envKeys.push(key);
    else misplaced.push(formatPath(use.path));
  }
  return { envKeys, misplaced };
}

function formatPath(path: string[]): string {
  return path.join('.').replace(/\.\[/g, '[');
}

function getPath(root: unknown, path: string[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (seg.startsWith('[') && Array.isArray(cur)) cur = cur[Number(seg.slice(1, -1))];
    else if (isRecord(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function nameOf(kind: 'task' | 'launch', config: unknown): string {
  if (!isRecord(config)) return '(unnamed)';
  const n = kind === 'task' ? (config.label ?? config.taskName ?? config.script ?? config.command) : config.name;
  return typeof n === 'string' ? n : '(unnamed)';
}

/** The explicit token named by input `args`: a string, or `{token}` / `{tokenId}` / `{envVar}`. */
export function explicitTokenOf(args: unknown): string | undefined {
  if (typeof args === 'string' && args.trim()) return args.trim();
  if (isRecord(args)) {
    for (const k of ['token', 'tokenId', 'envVar', 'id']) {
      const v = args[k];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return undefined;
}

function inputIdsFor(sources: readonly ConfigSource[], args: unknown): Set<string> {
  const want = canonicalJson(args ?? null);
  const ids = new Set<string>();
  for (const src of sources) {
    for (const input of src.inputs) {
      if (!isRecord(input) || input.type !== 'command' || input.command !== TOKEN_VALUE_COMMAND) continue;
      if (typeof input.id === 'string' && canonicalJson(input.args ?? null) === want) ids.add(input.id);
    }
  }
  return ids;
}

function whereOf(src: ConfigSource): string {
  return src.where ?? (src.kind === 'tasks' ? 'tasks.json' : 'launch.json');
}

/** ` (where)` when the source says where it comes from, else nothing. */
function suffixOf(src: ConfigSource): string {
  return src.where ? ` (${src.where})` : '';
}

/** The top level of a tasks.json without the task lists of its OS overrides (those are tasks). */
function globalsOf(src: ConfigSource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src.globals ?? {})) {
    if (src.kind === 'tasks' && (OS_KEYS as readonly string[]).includes(k) && isRecord(v)) {
      const { tasks: _tasks, ...rest } = v;
      void _tasks;
      out[k] = rest;
    } else out[k] = v;
  }
  return out;
}

/** Every task of a tasks.json: `tasks` and the `tasks` of each OS override. */
function taskItemsOf(src: ConfigSource): unknown[] {
  const out = [...src.items];
  for (const os of OS_KEYS) {
    const o = src.globals?.[os];
    if (isRecord(o) && Array.isArray(o.tasks)) out.push(...o.tasks);
  }
  return out;
}

function sortCanonical(values: unknown[]): unknown[] {
  return [...values].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : canonicalJson(a) > canonicalJson(b) ? 1 : 0));
}

/** Variable names such as `config:foo.bar` / `input:x` used anywhere in `value` (`${…}`). */
function variablesIn(value: unknown, prefix: string): string[] {
  const out = new Set<string>();
  for (const use of findUses(value, '${' + prefix + ':')) {
    for (const m of use.text.matchAll(/\$\{([a-zA-Z]+):([^}]*)\}/g)) if (m[1] === prefix) out.add(m[2]);
  }
  return [...out].sort();
}

/** The sources of one kind that ask through `needles`, with their candidates and the lines for the prompt. */
interface Asking {
  /** Canonical parts of the identity (one per asking source). */
  parts: unknown[];
  /** Candidates, for the short label. */
  cands: { kind: 'task' | 'launch'; name: string; where: string | undefined }[];
  /** Whether some source asks through its top level (every task of it). */
  topLevel: string[];
  asks: string[];
  envKeys: string[];
  misplaced: string[];
}

function asking(sources: readonly ConfigSource[], kind: 'tasks' | 'launch', needles: string[], opts: DescribeOptions): Asking {
  const res: Asking = { parts: [], cands: [], topLevel: [], asks: [], envKeys: [], misplaced: [] };
  const itemKind = kind === 'tasks' ? 'task' : 'launch';
  const ctx: UseContext = kind === 'tasks' ? 'task' : 'launch';
  const seen = new Set<string>();
  for (const src of sources) {
    if (src.kind !== kind) continue;
    const where = whereOf(src);
    const globals = kind === 'tasks' ? globalsOf(src) : {};
    const items = kind === 'tasks' ? taskItemsOf(src) : src.items;
    // Uses in the top level (tasks.json only: VS Code merges it into every task).
    const globalUses = needles.flatMap((n) => classifyUses(globals, n, 'task'));
    const globalEnv = globalUses.flatMap((u) => u.envKeys);
    const globalBad = globalUses.flatMap((u) => u.misplaced);
    const mentioning = items.filter((it) => needles.some((n) => findUses(it, n).length > 0));
    let selected: unknown[];
    if (globalEnv.length + globalBad.length > 0) selected = items;
    else {
      // Tasks of the same label replace each other (an OS override's tasks): they come along.
      const labels = new Set(mentioning.map((it) => nameOf(itemKind, it)));
      selected = items.filter((it) => mentioning.includes(it) || (kind === 'tasks' && labels.has(nameOf(itemKind, it))));
    }
    if (selected.length === 0 && globalEnv.length + globalBad.length === 0) continue;

    const key = canonicalJson([kind, where, globals, sortCanonical(selected)]);
    if (seen.has(key)) continue;
    seen.add(key);

    const referencedConfig = variablesIn([globals, selected], 'config');
    res.parts.push({
      where,
      globals: kind === 'tasks' ? globals : undefined,
      items: sortCanonical(selected),
      inputs: sortCanonical(src.inputs),
      settings: opts.configValue ? referencedConfig.map((n) => [n, opts.configValue!(n) ?? null]) : undefined,
    });

    if (globalEnv.length + globalBad.length > 0) {
      const names = items.map((it) => `"${nameOf(itemKind, it)}"`);
      const keys = needles.flatMap((n) => findUses(globals, n).map((u) => formatPath(u.path)));
      res.topLevel.push(where);
      res.asks.push(
        `${where}: top level → ${[...new Set(keys)].join(', ')} (VS Code merges it into every task of the file${names.length ? `: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}` : ''})`,
      );
      res.envKeys.push(...globalEnv);
      res.misplaced.push(...globalBad.map((m) => `${where}: top level → ${m}`));
    }
    for (const it of selected) {
      const name = nameOf(itemKind, it);
      const what = itemKind === 'task' ? `task "${name}"` : `launch configuration "${name}"`;
      res.cands.push({ kind: itemKind, name, where: src.where });
      const keys: string[] = [];
      for (const n of needles) {
        const u = classifyUses(it, n, ctx);
        res.envKeys.push(...u.envKeys);
        res.misplaced.push(...u.misplaced.map((m) => `${what}${suffixOf(src)} → ${m}`));
        keys.push(...findUses(it, n).map((x) => formatPath(x.path)));
      }
      if (keys.length) res.asks.push(`${where}: ${what} → ${[...new Set(keys)].join(', ')}`);
    }
  }
  return res;
}

function describeCandidates(a: Asking, fallback: string): string {
  if (a.cands.length === 0 && a.topLevel.length === 0) return fallback;
  const wheres = [...new Set(a.cands.map((c) => c.where))];
  const only = wheres.length === 1 ? wheres[0] : undefined;
  const names = a.cands.map((c) => `${c.kind === 'task' ? 'task' : 'launch configuration'} "${c.name}"`);
  let text = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  if (a.topLevel.length) text = `every task of ${a.topLevel.join(', ')} (top-level keys)${names.length ? `: ${text}` : ''}`;
  else if (only) text += ` (${only})`;
  return text;
}

/** Which launch source holds a configuration of this name (for the prompt), if exactly one does. */
function launchWhere(sources: readonly ConfigSource[], name: string): string | undefined {
  const wheres = sources.filter((s) => s.kind === 'launch' && s.where && s.items.some((it) => isRecord(it) && it.name === name)).map((s) => s.where);
  return new Set(wheres).size === 1 ? wheres[0] : undefined;
}

/**
 * Describes a call of the variable command from its argument and the workspace's tasks and
 * launch configurations.
 *
 * @param arg what VS Code passed (see the module comment), or a token id/env var for a direct call
 * @param sources `tasks`/`launch` settings of every scope (user, workspace file, folders)
 * @param opts where the call comes from, and the settings that are part of the identity
 */
export function describeCall(arg: unknown, sources: readonly ConfigSource[], opts: DescribeOptions = {}): CallDescription {
  const shaped = describeShape(arg, sources, opts);
  if ((opts.origin ?? 'workbench') === 'workbench') return shaped;
  // Not VS Code resolving a configuration: never the same as, and never remembered like, a task,
  // launch configuration or input, whatever the argument looks like.
  const claim = shaped.via === 'direct' ? '' : ` (its argument looks like ${shaped.label}, but VS Code is not starting it)`;
  return {
    ...shaped,
    via: 'direct',
    identity: canonicalJson({ via: 'direct', args: arg ?? null }),
    label: `a direct call of ${TOKEN_VALUE_COMMAND} by an extension or a command link${claim}`,
    asks: [],
    rememberable: false,
    explicitToken: explicitTokenOf(arg),
  };
}

function describeShape(arg: unknown, sources: readonly ConfigSource[], opts: DescribeOptions): CallDescription {
  const environment = opts.environment ?? null;
  if (isLaunchConfig(arg)) {
    const { envKeys, misplaced } = classifyUses(arg, TOKEN_VARIABLE, 'launch');
    const name = nameOf('launch', arg);
    const where = launchWhere(sources, name);
    const what = `launch configuration "${name}"${where ? ` (${where})` : ''}`;
    const inputIds = new Set(variablesIn(arg, 'input'));
    const inputs = sortCanonical(
      sources.filter((s) => s.kind === 'launch').flatMap((s) => s.inputs.filter((i) => isRecord(i) && typeof i.id === 'string' && inputIds.has(i.id))),
    );
    const settings = opts.configValue ? variablesIn(arg, 'config').map((n) => [n, opts.configValue!(n) ?? null]) : undefined;
    return {
      via: 'launch',
      identity: canonicalJson({ via: 'launch', config: withoutVsCodeKeys(arg), inputs, settings, environment }),
      label: what,
      asks: [`${what} → ${findUses(arg, TOKEN_VARIABLE).map((u) => formatPath(u.path)).join(', ')}`],
      rememberable: true,
      envKeys,
      misplaced: misplaced.map((m) => `launch configuration "${name}" → ${m}`),
    };
  }
  if (Array.isArray(arg) && arg.every((v) => typeof v === 'string')) {
    // A task: VS Code passes only its variables. Keep the unresolved ones (stable), find the tasks using ours.
    const variables = [...new Set((arg as string[]).filter((v) => v.startsWith('${')))].sort();
    const a = asking(sources, 'tasks', [TOKEN_VARIABLE], opts);
    return {
      via: 'task',
      identity: canonicalJson({ via: 'task', variables, sources: a.parts, environment }),
      label: describeCandidates(a, 'a task of this workspace'),
      asks: a.asks,
      rememberable: true,
      envKeys: [...new Set(a.envKeys)],
      misplaced: a.misplaced,
    };
  }
  const explicitToken = explicitTokenOf(arg);
  const ids = inputIdsFor(sources, arg);
  if (ids.size > 0) {
    const needles = [...ids].sort().map((id) => '${input:' + id + '}');
    const t = asking(sources, 'tasks', needles, opts);
    const l = asking(sources, 'launch', needles, opts);
    const both: Asking = {
      parts: [...t.parts, ...l.parts],
      cands: [...t.cands, ...l.cands],
      topLevel: t.topLevel,
      asks: [...t.asks, ...l.asks],
      envKeys: [...t.envKeys, ...l.envKeys],
      misplaced: [...t.misplaced, ...l.misplaced],
    };
    return {
      via: 'input',
      identity: canonicalJson({ via: 'input', args: arg ?? null, sources: both.parts, environment }),
      label: describeCandidates(both, 'an input of this workspace'),
      asks: both.asks,
      rememberable: true,
      explicitToken,
      envKeys: [...new Set(both.envKeys)],
      misplaced: both.misplaced,
    };
  }
  return {
    via: 'direct',
    identity: canonicalJson({ via: 'direct', args: arg ?? null }),
    label: `a direct call of ${TOKEN_VALUE_COMMAND} by an extension or a command link`,
    asks: [],
    rememberable: false,
    explicitToken,
    envKeys: [],
    misplaced: [],
  };
}

/** Storage for approvals; structurally a subset of `vscode.Memento` (`ExtensionContext.workspaceState`). */
export interface ApprovalMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * The approvals of one workspace: a list of {@link approvalKey} hashes in `workspaceState`
 * under {@link APPROVALS_STATE_KEY}. Holds no token and nothing that names one.
 */
export class ApprovalStore {
  constructor(private readonly memento: ApprovalMemento) {}

  private keys(): string[] {
    const raw = this.memento.get<unknown>(APPROVALS_STATE_KEY);
    return Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string') : [];
  }

  /** True when `key` was approved in this workspace. */
  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** Remembers `key`. */
  async add(key: string): Promise<void> {
    const all = this.keys();
    if (!all.includes(key)) await this.memento.update(APPROVALS_STATE_KEY, [...all, key]);
  }

  /** Number of remembered approvals. */
  get size(): number {
    return this.keys().length;
  }

  /** Forgets every approval. @returns how many there were */
  async clear(): Promise<number> {
    const n = this.keys().length;
    await this.memento.update(APPROVALS_STATE_KEY, []);
    return n;
  }
}
