/**
 * Injection of stored tokens, on demand only: a terminal that carries one token, new terminals
 * through a non-persistent `EnvironmentVariableCollection`, the `${command:gogsKeyHygiene.tokenValue}`
 * variable for tasks and launch configurations, and the `gogs-token` task type.
 *
 * VS Code APIs used (VS Code 1.100): `window.createTerminal(TerminalOptions)` (`env`,
 * `isTransient`, `iconPath`, `color`); `ExtensionContext.environmentVariableCollection`
 * (`GlobalEnvironmentVariableCollection`: `persistent`, `description`, `getScoped({workspaceFolder})`);
 * `tasks.registerTaskProvider` with `CustomExecution` + `Pseudoterminal`; `workspace.isTrusted` /
 * `onDidGrantWorkspaceTrust`.
 */
import * as vscode from 'vscode';
import { Commands, ContextKeys, Settings, TASK_TYPE_GOGS_TOKEN } from '../constants';
import type { TokenMeta } from '../keychain';
import type { Services } from '../services';
import { ApprovalStore, approvalKey, canonicalJson, CallDescription, ConfigSource, describeCall } from './approvals';
import { activeOf, chooseToken } from './choose';
import { MaskedProcess } from './maskedProcess';

/** A `gogs-token` task as written in `tasks.json` (declared in package.json `taskDefinitions`). */
export interface GogsTokenTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE_GOGS_TOKEN;
  /** Shell command line; the token is in its environment, never in this string. */
  command: string;
  /** Which stored token: its env var name (e.g. `GOGS_TOKEN`), label or id. Omitted: the only one, or a pick. */
  token?: string;
  /** Working directory; defaults to the task's workspace folder. */
  cwd?: string;
  /** Extra, non-secret environment variables. */
  env?: Record<string, string>;
}

/** Hooks the host tests use (exposed through the testing API). */
export interface InjectionTesting {
  /**
   * Overrides `vscode.workspace.isTrusted` for this extension (`undefined` restores it). The host
   * test window runs with `--disable-workspace-trust`, so the untrusted paths can only be reached
   * through this switch.
   */
  setTrusted(trusted: boolean | undefined): void;
  /** Starts recording what `gogs-token` tasks write to their terminal (already masked), by task name. */
  captureTaskOutput(): { text(taskName: string): string; dispose(): void };
  /** Env var names currently injected into new terminals (empty when injection is off). */
  injectedEnvVars(): string[];
  /** Number of remembered task/launch approvals in this workspace. */
  approvalCount(): number;
  /** The live {@link InjectionController.refreshInjection} (what `refreshInjection()` of src/inject calls). */
  refresh(): Promise<void>;
}

const NOT_TRUSTED =
  'this workspace is not trusted, and a workspace you have not trusted could read a token from a terminal, task or launch configuration. ' +
  'Trust the workspace (Manage Workspace Trust) to use injection.';

/**
 * Owns the injection state (which env vars new terminals get, the auto-stop timer), the approvals
 * of this workspace, and the `gogs-token` task provider. Created once by `registerInjection`.
 */
export class InjectionController implements vscode.Disposable, vscode.TaskProvider {
  /** Env var names injected into new terminals, or `'all'` (every active token); undefined = off. */
  private selection: 'all' | Set<string> | undefined;
  /** Scoped collections written to (by workspace folder URI), so stop can clear them. */
  private readonly scoped = new Map<string, vscode.EnvironmentVariableCollection>();
  private injected: string[] = [];
  private autoStop: NodeJS.Timeout | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly approvals: ApprovalStore;
  private trustOverride: boolean | undefined;
  private outputTap: ((taskName: string, text: string) => void) | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly s: Services) {
    this.approvals = new ApprovalStore(s.context.workspaceState);
    const env = s.context.environmentVariableCollection;
    // Never written to disk: VS Code stores a persistent collection in workspace storage.
    env.persistent = false;
    env.clear();
    this.status = vscode.window.createStatusBarItem('gogsKeyHygiene.injection', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'Gogs Token Injection';
    this.status.command = Commands.stopInjection;
    this.disposables.push(
      this.status,
      s.store.onDidChange(() => void this.refreshInjection()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => s.log.info('Workspace trusted: token injection can be used on demand.')),
    );
  }

  /** Workspace trust as this extension sees it (see {@link InjectionTesting.setTrusted}). */
  isTrusted(): boolean {
    return this.trustOverride ?? vscode.workspace.isTrusted;
  }

  /** True while new terminals get tokens. */
  get active(): boolean {
    return this.selection !== undefined;
  }

  /** The test hooks. */
  readonly testing: InjectionTesting = {
    setTrusted: (t) => {
      this.trustOverride = t;
    },
    captureTaskOutput: () => {
      const out = new Map<string, string>();
      const tap = (name: string, text: string): void => {
        out.set(name, (out.get(name) ?? '') + text);
      };
      this.outputTap = tap;
      return {
        text: (name) => out.get(name) ?? '',
        dispose: () => {
          if (this.outputTap === tap) this.outputTap = undefined;
        },
      };
    },
    injectedEnvVars: () => [...this.injected],
    approvalCount: () => this.approvals.size,
    refresh: () => this.refreshInjection(),
  };

  // ---------------------------------------------------------------- token choice

  /** Stored tokens that can be handed out (not pending revocation), oldest first. */
  activeTokens(): TokenMeta[] {
    return activeOf(this.s.store.list());
  }

  /**
   * The token a command works on: the one named by `ref` (a token id, env var or label; or an
   * object carrying `tokenId`/`id` as the panel's tree items do), else the only active token, else
   * a quick pick. Shows why when there is none.
   * @returns undefined when nothing is stored, the ref is unknown or the pick was dismissed
   */
  async chooseToken(ref: unknown, purpose: string, hintEnvKeys: string[] = []): Promise<TokenMeta | undefined> {
    const choice = chooseToken(this.s.store.list(), refOf(ref), hintEnvKeys);
    if (choice.kind === 'token') return choice.meta;
    if (choice.kind === 'unknown') {
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: no stored token matches "${safeRef(choice.ref)}".`);
      return undefined;
    }
    if (choice.kind === 'none') {
      void this.s.prompts.showInformationMessage(
        'Gogs Key Hygiene: no token is stored yet. Move a token to the keychain first (quick fix "Move token to OS keychain").',
      );
      return undefined;
    }
    const items = choice.candidates.map((m) => ({ label: m.label, description: `$${m.envVar} …${m.last4}`, detail: m.host, id: m.id }));
    const picked = await this.s.prompts.showQuickPick(items, { title: purpose, placeHolder: 'Which stored Gogs token?' });
    return picked ? this.s.store.meta(picked.id) : undefined;
  }

  /** Reads the value; shows a (sanitized) error and returns undefined when the keychain fails. */
  private async valueOf(m: TokenMeta): Promise<string | undefined> {
    try {
      const v = await this.s.store.get(m.id);
      if (v === undefined) void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: the token "${m.label}" is no longer in the keychain.`);
      return v;
    } catch (err) {
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private refuseUntrusted(what: string): boolean {
    if (this.isTrusted()) return false;
    this.s.log.warn(`Refused to ${what}: workspace not trusted.`);
    void this.s.prompts.showWarningMessage(`Gogs Key Hygiene: did not ${what}: ${NOT_TRUSTED}`, 'Manage Workspace Trust').then((a) => {
      if (a === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return true;
  }

  private folderOf(m: TokenMeta): vscode.WorkspaceFolder | undefined {
    if (!m.foundIn?.uri) return undefined;
    try {
      return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(m.foundIn.uri));
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- terminal

  /**
   * Command "Open Terminal with Gogs Token": a new terminal whose process environment has the
   * token under its env var name. Transient (never restored by VS Code's persistent sessions).
   * @param ref token id (panel, tests) or env var/label; omitted: the only token or a pick
   * @returns the terminal, or undefined when refused or cancelled
   */
  async openTerminal(ref?: unknown): Promise<vscode.Terminal | undefined> {
    if (this.refuseUntrusted('open a terminal with a Gogs token')) return undefined;
    const m = await this.chooseToken(ref, 'Open Terminal with Gogs Token');
    if (!m) return undefined;
    const value = await this.valueOf(m);
    if (value === undefined) return undefined;
    const folder = this.folderOf(m) ?? vscode.workspace.workspaceFolders?.[0];
    const terminal = vscode.window.createTerminal({
      name: `Gogs: ${m.envVar}`,
      env: { [m.envVar]: value },
      cwd: folder?.uri,
      isTransient: true,
      iconPath: new vscode.ThemeIcon('key'),
      color: new vscode.ThemeColor('terminal.ansiYellow'),
    });
    terminal.show();
    this.s.log.info(`Opened a terminal with $${m.envVar} (…${m.last4}).`);
    return terminal;
  }

  // ---------------------------------------------------------------- new terminals

  /**
   * Command "Inject Gogs Tokens into New Terminals".
   * @param ref a token id (panel, tests) to add that token; omitted: the only token, or a pick
   *   whose first item is every active token
   */
  async startInjection(ref?: unknown): Promise<boolean> {
    if (this.refuseUntrusted('inject Gogs tokens into new terminals')) return false;
    let add: 'all' | string;
    if (refOf(ref) === undefined && this.activeTokens().length > 1) {
      const all = this.activeTokens();
      const items = [
        { label: 'All stored tokens', description: all.map((m) => `$${m.envVar}`).join(' '), envVar: '' },
        ...all.map((m) => ({ label: m.label, description: `$${m.envVar} …${m.last4}`, envVar: m.envVar })),
      ];
      const picked = await this.s.prompts.showQuickPick(items, { title: 'Inject Gogs Tokens into New Terminals', placeHolder: 'Which tokens should new terminals get?' });
      if (!picked) return false;
      add = picked.envVar || 'all';
    } else {
      const m = await this.chooseToken(ref, 'Inject Gogs Tokens into New Terminals');
      if (!m) return false;
      add = m.envVar;
    }
    if (add === 'all' || this.selection === 'all') this.selection = 'all';
    else this.selection = new Set([...(this.selection ?? []), add]);
    await this.refreshInjection();
    if (!this.active) return false;

    this.armAutoStop();
    const minutes = this.autoStopMinutes();
    const until = minutes > 0 ? ` for ${formatMinutes(minutes)} (setting ${Settings.section}.${Settings.injectionAutoStopMinutes})` : '';
    void this.s.prompts.showInformationMessage(
      `Gogs Key Hygiene: new terminals get ${this.injected.map((v) => `$${v}`).join(', ')}${until}. Terminals already open are not changed.`,
    );
    return true;
  }

  /**
   * Command "Stop Injecting Gogs Tokens": clears every collection this extension wrote. New
   * terminals no longer get the tokens; terminals already open keep their environment.
   */
  async stopInjection(reason: 'user' | 'timer' | 'empty' = 'user'): Promise<void> {
    const was = this.injected;
    await this.enqueue(async () => this.clearCollections());
    this.selection = undefined;
    this.injected = [];
    this.updateStatus();
    if (this.autoStop) clearTimeout(this.autoStop);
    this.autoStop = undefined;
    if (was.length === 0 && reason === 'user') {
      void this.s.prompts.showInformationMessage('Gogs Key Hygiene: no token was being injected.');
      return;
    }
    const why =
      reason === 'timer'
        ? ` after ${formatMinutes(this.autoStopMinutes())} (setting ${Settings.section}.${Settings.injectionAutoStopMinutes})`
        : reason === 'empty'
          ? ' (no stored token left to inject)'
          : '';
    this.s.log.info(`Stopped injecting ${was.map((v) => `$${v}`).join(', ')}${why}.`);
    void this.s.prompts.showInformationMessage(
      `Gogs Key Hygiene: stopped injecting ${was.map((v) => `$${v}`).join(', ')} into new terminals${why}. Terminals already open keep their environment; close them to drop the token.`,
    );
  }

  /**
   * Re-applies the injected environment from the store (new values after a rotation, tokens
   * deleted or renamed). A no-op while injection is off. Serialized; safe to call any time.
   * @returns when the collections hold the current values
   */
  refreshInjection(): Promise<void> {
    return this.enqueue(async () => {
      const sel = this.selection;
      if (sel === undefined) return;
      const targets = this.activeTokens().filter((m) => sel === 'all' || sel.has(m.envVar));
      const values: [TokenMeta, string][] = [];
      for (const m of targets) {
        const v = await this.valueOf(m);
        if (v !== undefined) values.push([m, v]);
      }
      this.clearCollections();
      const root = this.s.context.environmentVariableCollection;
      for (const [m, v] of values) {
        const folder = this.folderOf(m);
        let coll: vscode.EnvironmentVariableCollection = root;
        if (folder) {
          const key = folder.uri.toString();
          coll = this.scoped.get(key) ?? root.getScoped({ workspaceFolder: folder });
          this.scoped.set(key, coll);
          coll.persistent = false;
        }
        coll.replace(m.envVar, v, { applyAtProcessCreation: true });
      }
      const describe = (ms: TokenMeta[]): string =>
        `Gogs Key Hygiene puts ${ms.map((m) => `$${m.envVar} (${m.label}, …${m.last4})`).join(', ')} from the ${this.s.store.backendName} into new terminals ` +
        `until you run "Stop Injecting Gogs Tokens"${this.autoStopMinutes() > 0 ? ` or after ${formatMinutes(this.autoStopMinutes())}` : ''}.`;
      const global = values.filter(([m]) => !this.folderOf(m)).map(([m]) => m);
      root.description = global.length ? describe(global) : undefined;
      for (const [key, coll] of this.scoped) {
        const inFolder = values.filter(([m]) => this.folderOf(m)?.uri.toString() === key).map(([m]) => m);
        coll.description = inFolder.length ? describe(inFolder) : undefined;
      }
      this.injected = values.map(([m]) => m.envVar);
      this.updateStatus();
      // Stop only when no stored token carries a selected name any more. A token pending
      // revocation still does: during a rotation the old one is marked before the new one is
      // stored under the same env var, and injection must survive that gap.
      const carriers = this.s.store.list().filter((m) => sel === 'all' || sel.has(m.envVar));
      if (values.length === 0 && carriers.length === 0 && this.selection !== undefined) {
        this.selection = undefined;
        setTimeout(() => void this.stopInjection('empty'), 0);
      }
    });
  }

  private clearCollections(): void {
    const root = this.s.context.environmentVariableCollection;
    root.clear();
    root.description = undefined;
    for (const coll of this.scoped.values()) {
      coll.clear();
      coll.description = undefined;
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.refreshing.then(work, work);
    this.refreshing = run.catch((err) => this.s.log.error(`Injection update failed: ${err instanceof Error ? err.message : String(err)}`));
    return run;
  }

  /** `gogsKeyHygiene.injection.autoStopMinutes` (minutes, ≥ 0; 0 = never). */
  private autoStopMinutes(): number {
    const v = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.injectionAutoStopMinutes, 60);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  }

  private armAutoStop(): void {
    if (this.autoStop) clearTimeout(this.autoStop);
    this.autoStop = undefined;
    const minutes = this.autoStopMinutes();
    if (minutes > 0) this.autoStop = setTimeout(() => void this.stopInjection('timer'), minutes * 60_000);
  }

  private updateStatus(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.injectionActive, this.injected.length > 0);
    if (this.injected.length === 0) {
      this.status.hide();
      return;
    }
    this.status.text = `$(key) ${this.injected.map((v) => `$${v}`).join(' ')}`;
    this.status.tooltip = `New terminals get ${this.injected.map((v) => `$${v}`).join(', ')} from the ${this.s.store.backendName}. Click to stop.`;
    this.status.show();
  }

  // ---------------------------------------------------------------- tasks and launch configurations

  /** The tasks and launch settings of every scope, for {@link describeCall}. */
  private configSources(): ConfigSource[] {
    const out: ConfigSource[] = [];
    const scopes: (vscode.Uri | undefined)[] = [undefined, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    for (const scope of scopes) {
      for (const [section, itemsKey, kind] of [
        ['tasks', 'tasks', 'tasks'],
        ['launch', 'configurations', 'launch'],
      ] as const) {
        const c = vscode.workspace.getConfiguration(section, scope);
        const items = c.get<unknown[]>(itemsKey);
        const inputs = c.get<unknown[]>('inputs');
        out.push({ kind, items: Array.isArray(items) ? items : [], inputs: Array.isArray(inputs) ? inputs : [] });
      }
    }
    return out;
  }

  /**
   * Asks (once per workspace and configuration) whether `desc` may have `m`.
   * @returns true when approved now or before
   */
  private async approve(identity: string, label: string, m: TokenMeta): Promise<boolean> {
    const key = approvalKey(identity, m.envVar);
    if (this.approvals.has(key)) return true;
    const answer = await this.s.prompts.showWarningMessage(
      `Gogs Key Hygiene: ${label} asks for the stored token $${m.envVar} (${m.label}, …${m.last4}). Allow it?`,
      {
        modal: true,
        detail:
          'Allow only configurations you wrote or reviewed: a tasks.json or launch.json that came with a cloned repository could send the token anywhere. ' +
          '"Allow" remembers the answer for this configuration in this workspace (revoke with "Forget Gogs Token Approvals"); a changed configuration asks again.',
      },
      // Enter takes the first button: the one-time answer, never the remembered one.
      'Allow Once',
      'Allow',
    );
    if (answer === 'Allow') await this.approvals.add(key);
    if (answer !== 'Allow' && answer !== 'Allow Once') this.s.log.info(`Denied $${m.envVar} to ${label}.`);
    return answer === 'Allow' || answer === 'Allow Once';
  }

  /**
   * The variable command `${command:gogsKeyHygiene.tokenValue}` (also reachable from an input of
   * type `command` with `args` naming the token). Refuses in an untrusted workspace and when the
   * variable stands outside an environment block; asks once per workspace and configuration.
   * @param arg what VS Code passes (see `approvals.ts`), or a token id/env var/label
   * @returns the token value, or undefined (VS Code then cancels the task/launch)
   */
  async tokenValue(arg?: unknown): Promise<string | undefined> {
    if (!this.isTrusted()) {
      this.s.log.warn('Refused to hand a token to a task or launch configuration: workspace not trusted.');
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: refused to hand a token to a task or launch configuration: ${NOT_TRUSTED}`);
      return undefined;
    }
    const desc: CallDescription = describeCall(arg, this.configSources());
    if (desc.misplaced.length > 0) {
      void this.s.prompts.showErrorMessage(
        `Gogs Key Hygiene: refused to hand a token to ${desc.label}: it would go into ${desc.misplaced.slice(0, 3).join('; ')}. ` +
          'Put the variable only in "options.env" (tasks) or "env" (launch configurations): a command line is echoed and visible in the process table.',
      );
      return undefined;
    }
    const m = await this.chooseToken(desc.explicitToken ?? directRef(arg, desc), `Gogs token for ${desc.label}`, desc.envKeys);
    if (!m) return undefined;
    if (!(await this.approve(desc.identity, desc.label, m))) return undefined;
    return this.valueOf(m);
  }

  /** Command "Forget Gogs Token Approvals": drops every approval remembered in this workspace. */
  async forgetApprovals(): Promise<number> {
    const n = await this.approvals.clear();
    void this.s.prompts.showInformationMessage(
      n === 0
        ? 'Gogs Key Hygiene: this workspace had no remembered token approvals.'
        : `Gogs Key Hygiene: forgot ${n} token approval${n === 1 ? '' : 's'} in this workspace; tasks and launch configurations will ask again.`,
    );
    return n;
  }

  /** TaskProvider: tasks of type `gogs-token` come from tasks.json; none are auto-detected. */
  provideTasks(): vscode.Task[] {
    return [];
  }

  /** TaskProvider: gives a `gogs-token` task from tasks.json its {@link CustomExecution}. */
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as GogsTokenTaskDefinition;
    if (def.type !== TASK_TYPE_GOGS_TOKEN || typeof def.command !== 'string') return undefined;
    const scope = task.scope ?? vscode.TaskScope.Workspace;
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const resolved = new vscode.Task(
      def,
      scope,
      task.name,
      TASK_TYPE_GOGS_TOKEN,
      new vscode.CustomExecution(async (rd) => this.taskTerminal(task.name, rd as GogsTokenTaskDefinition, folder)),
    );
    resolved.presentationOptions = task.presentationOptions;
    return resolved;
  }

  /** The pseudoterminal of one `gogs-token` task run (refusals included, as a terminal that explains and exits 1). */
  private async taskTerminal(name: string, def: GogsTokenTaskDefinition, folder: vscode.WorkspaceFolder | undefined): Promise<vscode.Pseudoterminal> {
    const tap = this.outputTap;
    const onOutput = tap ? (t: string) => tap(name, t) : undefined;
    const refuse = (why: string): vscode.Pseudoterminal =>
      new MaskedProcess({ command: 'exit 1', env: {}, secrets: [], banner: `Gogs Key Hygiene: ${why}\n`, onOutput });
    if (!this.isTrusted()) {
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: refused to run task "${name}" with a token: ${NOT_TRUSTED}`);
      return refuse(`refused to run with a token: ${NOT_TRUSTED}`);
    }
    if (typeof def.command !== 'string' || !def.command.trim()) return refuse('the task has no "command".');
    const m = await this.chooseToken(def.token, `Gogs token for task "${name}"`);
    if (!m) return refuse('no token chosen.');
    const identity = canonicalJson({ via: 'gogs-token-task', name, definition: def });
    if (!(await this.approve(identity, `task "${name}"`, m))) return refuse(`task "${name}" was not allowed to read $${m.envVar}.`);
    const value = await this.valueOf(m);
    if (value === undefined) return refuse('the token could not be read from the keychain.');
    if (def.command.includes(value)) {
      return refuse('the command line contains the token itself; use the environment variable instead.');
    }
    const extraEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(def.env ?? {})) if (typeof v === 'string') extraEnv[k] = v;
    return new MaskedProcess({
      command: def.command,
      cwd: def.cwd ?? folder?.uri.fsPath,
      env: { ...extraEnv, [m.envVar]: value },
      secrets: [value],
      banner: `Gogs Key Hygiene: running with $${m.envVar} (${m.label}, …${m.last4}) from the keychain; the token is masked in this output.\n`,
      onOutput,
    });
  }

  dispose(): void {
    if (this.autoStop) clearTimeout(this.autoStop);
    this.clearCollections();
    for (const d of this.disposables) d.dispose();
  }
}

/** A token reference from a command argument: a string, or an object with `tokenId` / `id` (panel tree items). */
export function refOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
    const o = arg as Record<string, unknown>;
    for (const k of ['tokenId', 'id']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
    for (const k of ['token', 'meta']) {
      const inner = o[k];
      if (inner && typeof inner === 'object' && typeof (inner as Record<string, unknown>).id === 'string') return (inner as { id: string }).id;
    }
  }
  return undefined;
}

/** For a direct call (panel, tests): the string/object argument names the token. */
function directRef(arg: unknown, desc: CallDescription): unknown {
  return desc.via === 'direct' ? arg : undefined;
}

/** A reference echoed in a message: never a token-shaped value. */
function safeRef(ref: string): string {
  return /^[0-9a-f]{20,}$/i.test(ref) ? `…${ref.slice(-4)}` : ref.slice(0, 80);
}

function formatMinutes(min: number): string {
  if (min < 1) {
    const sec = Math.round(min * 60);
    return `${sec} second${sec === 1 ? '' : 's'}`;
  }
  return `${+min.toFixed(2)} minute${min === 1 ? '' : 's'}`;
}
