/**
 * Injection of stored tokens, on demand only: a terminal that carries one token, new terminals
 * through a non-persistent `EnvironmentVariableCollection`, the `${command:gogsKeyHygiene.tokenValue}`
 * variable for tasks and launch configurations, and the `gogs-token` task type.
 *
 * VS Code APIs used (VS Code 1.100): `window.createTerminal(TerminalOptions)` (`env`,
 * `strictEnv`, `shellPath`, `shellArgs`, `isTransient`, `iconPath`, `color`);
 * `ExtensionContext.environmentVariableCollection` (`GlobalEnvironmentVariableCollection`:
 * `persistent`, `description`, `getScoped({workspaceFolder})`); `tasks.registerTaskProvider` with
 * `CustomExecution` + `Pseudoterminal`; `tasks.onDidStartTask`, `debug.onDidStartDebugSession`;
 * `WorkspaceConfiguration.inspect`; `workspace.isTrusted` / `onDidGrantWorkspaceTrust`.
 *
 * What VS Code does not allow: an `environmentVariableCollection` applies to every terminal that is
 * not opened with `strictEnv` (`shouldUseEnvironmentVariableCollection`) — the terminals VS Code
 * opens for tasks and debug sessions (`terminalTaskSystem.ts`, `extHostDebugService.ts`
 * `$runInTerminal`) and other extensions' terminals included — and its only scope is a workspace
 * folder. "Inject Gogs Tokens into New Terminals" therefore says so and asks before it starts,
 * and tells when a task or debug session starts while it is on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { injectionAutoStopMinutes } from '../config';
import { Commands, ContextKeys, Settings, StatusBarItems, TASK_TYPE_GOGS_TOKEN, WorkbenchColors } from '../constants';
import type { TokenMeta } from '../keychain';
import type { Services } from '../services';
import { ApprovalStore, approvalKey, canonicalJson, CallDescription, CallOrigin, ConfigSource, describeCall, sourceFromSection } from './approvals';
import { captureFrames, originOf } from './caller';
import { activeOf, chooseToken, refOf } from '../tokens/resolve';
import { platformKey, TerminalSettingsScope, terminalEnvironment, userShell, workspaceTerminalSettings, WorkspaceTerminalSetting } from './terminalSettings';
import { MaskedProcess } from './maskedProcess';
import { messageOf } from '../util/errors';

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
    this.status = vscode.window.createStatusBarItem(StatusBarItems.injection, vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'Gogs Token Injection';
    this.status.command = Commands.stopInjection;
    this.disposables.push(
      this.status,
      s.store.onDidChange(() => void this.refreshInjection()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => s.log.info('Workspace trusted: token injection can be used on demand.')),
      vscode.tasks.onDidStartTask((e) => {
        const exec = e.execution.task.execution;
        // Only a shell or process task gets a terminal process (a CustomExecution, like gogs-token, does not).
        if (exec instanceof vscode.ShellExecution || exec instanceof vscode.ProcessExecution) this.noticeStart(`task "${e.execution.task.name}"`);
      }),
      vscode.debug.onDidStartDebugSession((session) => this.noticeStart(`debug session "${session.name}"`)),
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
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: ${messageOf(err)}`);
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
    const overrides = this.workspaceTerminalSettings();
    if (overrides.length > 0) {
      const used = overrides.filter((o) => !o.ignoredByTokenTerminal);
      const answer = await this.s.prompts.showWarningMessage(
        `Gogs Key Hygiene: this workspace sets ${listSettings(overrides)}. The terminal with $${m.envVar} is opened with your user-level shell and ` +
          `environment only (workspace shell, profiles, env and cwd are ignored)${used.length ? `, but VS Code still applies ${listSettings(used)} to it` : ''}. Open it anyway?`,
        {
          modal: true,
          detail:
            'Workspace terminal settings come with the repository; some of them can run commands in a terminal (for example terminal.integrated.autoReplies types text into it). ' +
            'Remove them from the workspace settings, or open the terminal only if you wrote or reviewed them.',
        },
        'Open Anyway',
      );
      if (answer !== 'Open Anyway') {
        this.s.log.info(`Did not open a terminal with $${m.envVar}: the workspace sets ${overrides.map((o) => o.id).join(', ')}.`);
        return undefined;
      }
    }
    const value = await this.valueOf(m);
    if (value === undefined) return undefined;
    const folder = this.folderOf(m) ?? vscode.workspace.workspaceFolders?.[0];
    const shell = this.userShell();
    const envKey = `env.${platformKey(process.platform)}`;
    const userEnv = vscode.workspace.getConfiguration('terminal.integrated').inspect<unknown>(envKey)?.globalValue;
    // Variables the workspace's terminal.integrated.env.* would add: removed (see terminalEnvironment).
    const workspaceEnvKeys = [
      vscode.workspace.getConfiguration('terminal.integrated').inspect<unknown>(envKey)?.workspaceValue,
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => vscode.workspace.getConfiguration('terminal.integrated', f.uri).inspect<unknown>(envKey)?.workspaceFolderValue),
    ].flatMap((v) => (v && typeof v === 'object' ? Object.keys(v) : []));
    const terminal = vscode.window.createTerminal({
      name: `Gogs: ${m.envVar}`,
      shellPath: shell.shellPath,
      shellArgs: shell.shellArgs,
      // Exactly this environment: no workspace terminal.integrated.env.*, no extension's collection
      // (a remote window ignores strictEnv: then the workspace's variables are removed explicitly).
      strictEnv: true,
      env: terminalEnvironment(process.env, [userEnv, shell.profileEnv], { [m.envVar]: value }, workspaceEnvKeys),
      cwd: folder?.uri,
      isTransient: true,
      iconPath: new vscode.ThemeIcon('key'),
      color: new vscode.ThemeColor(WorkbenchColors.tokenTerminal),
    });
    terminal.show();
    this.s.log.info(`Opened a terminal with $${m.envVar} (…${m.last4}), shell ${shell.shellPath} (${shell.source}).`);
    return terminal;
  }

  /** The user-level default shell (never a workspace profile). */
  private userShell(): ReturnType<typeof userShell> {
    const key = platformKey(process.platform);
    const c = vscode.workspace.getConfiguration('terminal.integrated');
    const profiles = c.inspect<Record<string, unknown>>(`profiles.${key}`);
    let loginShell: string | null;
    try {
      loginShell = os.userInfo().shell;
    } catch {
      loginShell = null;
    }
    return userShell({
      platform: process.platform,
      defaultProfile: c.inspect<unknown>(`defaultProfile.${key}`)?.globalValue,
      profiles: { ...(profiles?.defaultValue ?? {}), ...(profiles?.globalValue ?? {}) },
      env: process.env,
      loginShell,
      isExecutable: (file) => {
        try {
          fs.accessSync(file, fs.constants.X_OK);
          return fs.statSync(file).isFile();
        } catch {
          return false;
        }
      },
    });
  }

  /** Where a workspace-level setting lives, for messages. */
  private workspaceWhere(file: 'settings.json' | 'tasks.json' | 'launch.json'): string {
    const wf = vscode.workspace.workspaceFile;
    if (wf && wf.scheme !== 'untitled') return `${wf.path.split('/').pop()} (workspace file)`;
    return `.vscode/${file}`;
  }

  private folderWhere(folder: vscode.WorkspaceFolder, file: 'settings.json' | 'tasks.json' | 'launch.json'): string {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 || vscode.workspace.workspaceFile ? `${folder.name}/.vscode/${file}` : `.vscode/${file}`;
  }

  /** The workspace-file and folder values of `terminal.integrated` (never user settings), per scope. */
  private workspaceTerminalScopes(): TerminalSettingsScope[] {
    const out: TerminalSettingsScope[] = [];
    const seen = new Set<string>();
    const add = (where: string, value: unknown): void => {
      if (!value || typeof value !== 'object' || Object.keys(value).length === 0) return;
      const key = canonicalJson(value);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ where, value });
    };
    add(this.workspaceWhere('settings.json'), vscode.workspace.getConfiguration().inspect<unknown>('terminal.integrated')?.workspaceValue);
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      add(this.folderWhere(f, 'settings.json'), vscode.workspace.getConfiguration(undefined, f.uri).inspect<unknown>('terminal.integrated')?.workspaceFolderValue);
    }
    return out;
  }

  /** Workspace-level `terminal.integrated.*` settings (see {@link workspaceTerminalSettings}). */
  private workspaceTerminalSettings(): WorkspaceTerminalSetting[] {
    return workspaceTerminalSettings(this.workspaceTerminalScopes());
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
    if (!(await this.confirmInjection(add))) return false;
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
   * Says what "new terminals" means — VS Code applies the collection to task and debug terminals
   * too, and no API excludes them — and asks. "Open One Terminal Instead" opens the token terminal.
   * @param add the env var about to be injected, or `'all'`
   * @returns true when the user chose to inject
   */
  private async confirmInjection(add: 'all' | string): Promise<boolean> {
    const metas = this.activeTokens().filter((m) => add === 'all' || m.envVar === add);
    const vars = metas.map((m) => `$${m.envVar}`).join(', ') || `$${add}`;
    const overrides = this.workspaceTerminalSettings();
    const answer = await this.s.prompts.showWarningMessage(
      `Gogs Key Hygiene: while injection is on, every new terminal of this window gets ${vars} — also the terminals VS Code opens to run tasks and debug sessions, ` +
        'and terminals other extensions open. VS Code cannot limit it to the terminals you open, so any task or launch configuration of this workspace can read the token without being asked. Inject anyway?',
      {
        modal: true,
        detail:
          'To give the token to one terminal only, use "Open Terminal with Gogs Token": it also ignores workspace terminal settings. ' +
          (overrides.length ? `This workspace sets ${listSettings(overrides)}, which VS Code applies to the new terminals. ` : '') +
          'While injection is on, you are told when a task or debug session starts.',
      },
      'Inject into New Terminals',
      'Open One Terminal Instead',
    );
    if (answer === 'Open One Terminal Instead') {
      const one = metas.length === 1 ? metas[0].id : undefined;
      await this.openTerminal(one);
      return false;
    }
    if (answer !== 'Inject into New Terminals') this.s.log.info(`Did not inject ${vars} into new terminals (not confirmed).`);
    return answer === 'Inject into New Terminals';
  }

  /** While injection is on: a task or debug session started, and VS Code gave its terminal the token. */
  private noticeStart(what: string): void {
    if (this.injected.length === 0) return;
    const vars = this.injected.map((v) => `$${v}`).join(', ');
    this.s.log.warn(`${what} started while ${vars} is injected into new terminals.`);
    void this.s.prompts
      .showWarningMessage(`Gogs Key Hygiene: ${what} started while ${vars} is injected into new terminals: ${what.startsWith('task') ? 'its terminal got the token' : 'a terminal it opens gets the token'}.`, 'Stop Injecting')
      .then((a) => {
        if (a === 'Stop Injecting') void this.stopInjection('user');
      });
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
    this.refreshing = run.catch((err) => this.s.log.error(`Injection update failed: ${messageOf(err)}`));
    return run;
  }

  /** `gogsKeyHygiene.injection.autoStopMinutes` (minutes, ≥ 0; 0 = never), from the user's settings only: a workspace cannot keep injection on. */
  private autoStopMinutes(): number {
    return injectionAutoStopMinutes();
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

  /**
   * The tasks and launch settings of every scope, each file whole (top-level keys, OS overrides,
   * inputs), for {@link describeCall}: user, workspace (file), and each folder.
   */
  private configSources(): ConfigSource[] {
    const out: ConfigSource[] = [];
    const seen = new Set<string>();
    const add = (kind: 'tasks' | 'launch', where: string, value: unknown): void => {
      const src = sourceFromSection(kind, where, value);
      if (!src) return;
      const key = kind + canonicalJson(value);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(src);
    };
    for (const kind of ['tasks', 'launch'] as const) {
      const file = `${kind}.json` as const;
      const root = vscode.workspace.getConfiguration().inspect<unknown>(kind);
      add(kind, kind === 'tasks' ? 'user tasks.json' : 'user settings (launch)', root?.globalValue);
      add(kind, this.workspaceWhere(file), root?.workspaceValue);
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        add(kind, this.folderWhere(f, file), vscode.workspace.getConfiguration(undefined, f.uri).inspect<unknown>(kind)?.workspaceFolderValue);
      }
    }
    return out;
  }

  /**
   * Whether VS Code itself is running the variable command (resolving a task, launch
   * configuration or input) or an extension called it (see `caller.ts`). Call it first thing in
   * the command handler: it reads the synchronous stack.
   */
  private callOrigin(): CallOrigin {
    return originOf(captureFrames(this.callOrigin), { appRoot: vscode.env.appRoot, ownRoot: this.s.context.extensionPath });
  }

  /**
   * Asks (once per workspace and configuration) whether `desc` may have `m`. A call that is not
   * {@link CallDescription.rememberable} is asked every time and offers only "Allow Once".
   * @returns true when approved now or before
   */
  private async approve(desc: Pick<CallDescription, 'identity' | 'label' | 'asks' | 'rememberable'>, m: TokenMeta): Promise<boolean> {
    const key = approvalKey(desc.identity, m.envVar);
    if (desc.rememberable && this.approvals.has(key)) return true;
    const asking = desc.asks.length ? `Asking: ${desc.asks.slice(0, 8).join('; ')}${desc.asks.length > 8 ? `; and ${desc.asks.length - 8} more` : ''}.\n\n` : '';
    const detail = desc.rememberable
      ? 'Allow only configurations you wrote or reviewed: a tasks.json or launch.json that came with a cloned repository could send the token anywhere. ' +
        '"Allow" remembers the answer for this configuration in this workspace (revoke with "Forget Gogs Token Approvals"); a changed configuration asks again. ' +
        'The approval covers the configuration, not the scripts or programs it runs.'
      : 'This call did not come from VS Code starting a task or launch configuration: another extension (or a command link) ran the command directly. ' +
        'VS Code does not say which extension; it is asked every time and never remembered.';
    const buttons = desc.rememberable ? (['Allow Once', 'Allow'] as const) : (['Allow Once'] as const);
    const answer = await this.s.prompts.showWarningMessage(
      `Gogs Key Hygiene: ${desc.label} asks for the stored token $${m.envVar} (${m.label}, …${m.last4}). Allow it?`,
      { modal: true, detail: asking + detail },
      // Enter takes the first button: the one-time answer, never the remembered one.
      ...buttons,
    );
    if (answer === 'Allow' && desc.rememberable) await this.approvals.add(key);
    if (answer !== 'Allow' && answer !== 'Allow Once') this.s.log.info(`Denied $${m.envVar} to ${desc.label}.`);
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
    // First, while the stack is still the caller's.
    const origin = this.callOrigin();
    if (!this.isTrusted()) {
      this.s.log.warn('Refused to hand a token to a task or launch configuration: workspace not trusted.');
      void this.s.prompts.showErrorMessage(`Gogs Key Hygiene: refused to hand a token to a task or launch configuration: ${NOT_TRUSTED}`);
      return undefined;
    }
    const desc: CallDescription = describeCall(arg, this.configSources(), {
      origin,
      configValue: (name) => vscode.workspace.getConfiguration().get(name),
      environment: this.workspaceTerminalScopes(),
    });
    if (desc.misplaced.length > 0) {
      void this.s.prompts.showErrorMessage(
        `Gogs Key Hygiene: refused to hand a token to ${desc.label}: it would go into ${desc.misplaced.slice(0, 3).join('; ')}. ` +
          'Put the variable only in an environment block — "options.env" of a task or of the top level of tasks.json, "env" of a launch configuration: ' +
          'a command line is echoed and visible in the process table.',
      );
      return undefined;
    }
    const m = await this.chooseToken(desc.explicitToken ?? directRef(arg, desc), `Gogs token for ${desc.label}`, desc.envKeys);
    if (!m) return undefined;
    if (!(await this.approve(desc, m))) return undefined;
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
    const desc = { identity, label: `task "${name}"`, asks: [`task "${name}" (type ${TASK_TYPE_GOGS_TOKEN}) → $${m.envVar}`], rememberable: true };
    if (!(await this.approve(desc, m))) return refuse(`task "${name}" was not allowed to read $${m.envVar}.`);
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

/** For a direct call (panel, tests): the string/object argument names the token. */
function directRef(arg: unknown, desc: CallDescription): unknown {
  return desc.via === 'direct' ? arg : undefined;
}

/** `terminal.integrated.a (where), terminal.integrated.b (where)`, at most 6. */
function listSettings(list: readonly WorkspaceTerminalSetting[]): string {
  const parts = list.map((o) => `${o.id} (${o.where})`);
  return parts.length <= 6 ? parts.join(', ') : `${parts.slice(0, 6).join(', ')} and ${parts.length - 6} more`;
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
