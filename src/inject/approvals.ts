/**
 * Who is asking for a token through `${command:gogsKeyHygiene.tokenValue}`, and whether this
 * workspace already approved handing that token to it.
 *
 * What VS Code passes to a command used as a variable (VS Code 1.100,
 * `vs/workbench/services/configurationResolver/browser/baseConfigurationResolverService.ts`
 * and `vs/workbench/contrib/tasks/browser/terminalTaskSystem.ts`):
 * - `${command:id}` in a **launch configuration**: the whole configuration object
 *   (`{type, request, name, …}`), variables met before this one already substituted;
 * - `${command:id}` in a **task**: only the array of the task's variable strings
 *   (e.g. `["${command:gogsKeyHygiene.tokenValue}", "${workspaceFolder}"]`), never the task;
 * - `${input:x}` with `"type": "command"`: the input's `args`, as written.
 *
 * So for tasks and inputs the identity also includes every configuration of the workspace that
 * could be the caller (the tasks/launch configurations that reference the variable or the input):
 * editing such a configuration — say, a `git pull` that changes a task's command — makes it a new
 * configuration that has to be approved again.
 *
 * Pure: no `vscode` import, unit-tested under plain mocha.
 */
import { createHash } from 'node:crypto';

/** The variable this module is about. */
export const TOKEN_VALUE_COMMAND = 'gogsKeyHygiene.tokenValue';
/** How a task or launch configuration references it. */
export const TOKEN_VARIABLE = '${command:' + TOKEN_VALUE_COMMAND + '}';

/** `workspaceState` key of the approval list (`string[]` of SHA-256 hex keys, never a token). */
export const APPROVALS_STATE_KEY = 'gogsKeyHygiene.injection.approvals';

/** Tasks or launch configurations of one scope (user, workspace or one folder), as read from settings. */
export interface ConfigSource {
  kind: 'tasks' | 'launch';
  /** `tasks.tasks` or `launch.configurations`. */
  items: unknown[];
  /** `tasks.inputs` or `launch.inputs`. */
  inputs: unknown[];
}

/** One workspace configuration that may be asking. */
export interface Candidate {
  kind: 'task' | 'launch';
  /** Task label or launch configuration name (for messages). */
  name: string;
  /** The configuration as written (used for the identity and the placement check). */
  config: unknown;
}

/** Everything the variable command learns from its argument. */
export interface CallDescription {
  /** How the command was reached. */
  via: 'launch' | 'task' | 'input' | 'direct';
  /** Canonical JSON of what identifies the asking configuration(s); hashed into approval keys. */
  identity: string;
  /** Human description for the approval prompt, e.g. `launch configuration "Deploy"`. */
  label: string;
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

/**
 * JSON with object keys sorted at every level, `undefined` members dropped, and members whose
 * key starts with `__` (VS Code's own bookkeeping, e.g. `__configurationTarget`) removed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || key.startsWith('__')) continue;
      out[key] = normalize(v);
    }
    return out;
  }
  return value;
}

/**
 * Approval key: SHA-256 hex of the identity and the env var name of the token handed over (the
 * env var survives rotation, so a rotated token stays approved for the same configuration).
 */
export function approvalKey(identity: string, envVar: string): string {
  return createHash('sha256').update(JSON.stringify(['v1', identity, envVar]), 'utf8').digest('hex');
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

/** Names of an environment block in tasks and launch configurations (`options.env`, `env`, cppdbg's `environment`). */
const ENV_BLOCKS = new Set(['env', 'environment']);

/**
 * Splits the uses of `needle` in `config` into environment-variable names that receive it and
 * places where it is not allowed (anything outside an `env` value).
 */
export function classifyUses(config: unknown, needle: string): { envKeys: string[]; misplaced: string[] } {
  const envKeys: string[] = [];
  const misplaced: string[] = [];
  for (const use of findUses(config, needle)) {
    const p = use.path;
    const envAt = p.findIndex((seg) => ENV_BLOCKS.has(seg));
    const isKey = p[p.length - 1] === '{key}';
    if (envAt >= 0 && !isKey) {
      const after = p.slice(envAt + 1);
      // `env: {NAME: value}` → after = [NAME]; cppdbg `environment: [{name, value}]` → ['[i]', 'value'].
      if (after.length === 1 && !after[0].startsWith('[')) {
        envKeys.push(after[0]);
        continue;
      }
      if (after.length === 2 && after[0].startsWith('[') && after[1] === 'value') {
        const entry = getPath(config, [...p.slice(0, envAt + 2)]);
        if (isRecord(entry) && typeof entry.name === 'string') envKeys.push(entry.name);
        continue;
      }
    }
    misplaced.push(p.join('.').replace(/\.\[/g, '['));
  }
  return { envKeys, misplaced };
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

function candidatesUsing(sources: readonly ConfigSource[], needles: string[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const src of sources) {
    const kind = src.kind === 'tasks' ? 'task' : 'launch';
    for (const item of src.items) {
      if (!needles.some((n) => findUses(item, n).length > 0)) continue;
      const key = kind + canonicalJson(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind, name: nameOf(kind, item), config: item });
    }
  }
  return out.sort((a, b) => (a.kind + canonicalJson(a.config) < b.kind + canonicalJson(b.config) ? -1 : 1));
}

function describeCandidates(cands: Candidate[], fallback: string): string {
  if (cands.length === 0) return fallback;
  const names = cands.map((c) => `${c.kind === 'task' ? 'task' : 'launch configuration'} "${c.name}"`);
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Describes a call of the variable command from its argument and the workspace's tasks and
 * launch configurations.
 *
 * @param arg what VS Code passed (see the module comment), or a token id/env var for a direct call
 * @param sources `tasks`/`launch` settings of every scope (user, workspace, folders)
 */
export function describeCall(arg: unknown, sources: readonly ConfigSource[]): CallDescription {
  if (isLaunchConfig(arg)) {
    const { envKeys, misplaced } = classifyUses(arg, TOKEN_VARIABLE);
    const name = nameOf('launch', arg);
    return {
      via: 'launch',
      identity: canonicalJson({ via: 'launch', config: arg }),
      label: `launch configuration "${name}"`,
      envKeys,
      misplaced: misplaced.map((m) => `launch configuration "${name}" → ${m}`),
    };
  }
  if (Array.isArray(arg) && arg.every((v) => typeof v === 'string')) {
    // A task: VS Code passes only its variables. Keep the unresolved ones (stable), find the tasks using ours.
    const variables = [...new Set((arg as string[]).filter((v) => v.startsWith('${')))].sort();
    const cands = candidatesUsing(sources.filter((s) => s.kind === 'tasks'), [TOKEN_VARIABLE]);
    const envKeys: string[] = [];
    const misplaced: string[] = [];
    for (const c of cands) {
      const u = classifyUses(c.config, TOKEN_VARIABLE);
      envKeys.push(...u.envKeys);
      misplaced.push(...u.misplaced.map((m) => `task "${c.name}" → ${m}`));
    }
    return {
      via: 'task',
      identity: canonicalJson({ via: 'task', variables, candidates: cands.map((c) => c.config) }),
      label: describeCandidates(cands, 'a task of this workspace'),
      envKeys: [...new Set(envKeys)],
      misplaced,
    };
  }
  const explicitToken = explicitTokenOf(arg);
  const ids = inputIdsFor(sources, arg);
  if (ids.size > 0) {
    const needles = [...ids].map((id) => '${input:' + id + '}');
    const cands = candidatesUsing(sources, needles);
    const envKeys: string[] = [];
    const misplaced: string[] = [];
    for (const c of cands) {
      for (const n of needles) {
        const u = classifyUses(c.config, n);
        envKeys.push(...u.envKeys);
        const where = c.kind === 'task' ? `task "${c.name}"` : `launch configuration "${c.name}"`;
        misplaced.push(...u.misplaced.map((m) => `${where} → ${m}`));
      }
    }
    return {
      via: 'input',
      identity: canonicalJson({ via: 'input', args: arg ?? null, candidates: cands.map((c) => [c.kind, c.config]) }),
      label: describeCandidates(cands, 'an input of this workspace'),
      explicitToken,
      envKeys: [...new Set(envKeys)],
      misplaced,
    };
  }
  return {
    via: 'direct',
    identity: canonicalJson({ via: 'direct', args: arg ?? null }),
    label: 'a command run in this window',
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
