/**
 * The settings the token terminal is opened with: user-level shell and environment only, and the
 * list of workspace-level `terminal.integrated.*` settings a user should know about before a
 * token goes into a terminal.
 *
 * VS Code 1.100 facts this follows:
 * - `TerminalOptions.strictEnv: true` makes the terminal's environment exactly `env`
 *   (`vs/workbench/contrib/terminal/common/terminalEnvironment.ts` `createTerminalEnvironment`):
 *   no `terminal.integrated.env.*` (workspace or user) and no extension's
 *   `environmentVariableCollection` (`shouldUseEnvironmentVariableCollection`). So the
 *   environment has to be built here, from the extension host's own.
 * - An explicit `shellPath` bypasses the default profile (`terminalProfileResolverService.ts`
 *   `resolveShellLaunchConfig`), so workspace `terminal.integrated.defaultProfile.*` /
 *   `profiles.*` are not used; an explicit `cwd` bypasses `terminal.integrated.cwd`.
 * - VS Code's own variables are removed from a terminal's environment the way
 *   `sanitizeProcessEnvironment` (`vs/base/common/processes.ts`) does.
 *
 * Pure (no `vscode` import).
 */
import * as path from 'node:path';

/** Settings of `terminal.integrated` the token terminal does not take from the workspace (it sets them itself). */
export const NEUTRALIZED_TERMINAL_SETTINGS: ReadonlySet<string> = new Set([
  'env',
  'profiles',
  'defaultProfile',
  'automationProfile',
  'shell',
  'shellArgs',
  'cwd',
  'inheritEnv',
]);

/** One scope's workspace-level `terminal.integrated` values (the object VS Code's `inspect` returns for the section). */
export interface TerminalSettingsScope {
  /** e.g. `.vscode/settings.json`, `app.code-workspace`. */
  where: string;
  value: unknown;
}

/** A workspace-level terminal setting found by {@link workspaceTerminalSettings}. */
export interface WorkspaceTerminalSetting {
  /** Setting id as a user would search for it, e.g. `terminal.integrated.env.linux`, `terminal.integrated.autoReplies`. */
  id: string;
  where: string;
  /** True when the token terminal does not use it (see {@link NEUTRALIZED_TERMINAL_SETTINGS}). */
  ignoredByTokenTerminal: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

const PLATFORM_KEYS = new Set(['linux', 'osx', 'windows']);

/**
 * The setting ids set by the workspace, from the `terminal.integrated` subtree of each scope:
 * `env: {linux: …}` → `terminal.integrated.env.linux`, `shellIntegration: {enabled: …}` →
 * `terminal.integrated.shellIntegration.enabled`, `autoReplies: {…}` → `terminal.integrated.autoReplies`.
 */
export function workspaceTerminalSettings(scopes: readonly TerminalSettingsScope[]): WorkspaceTerminalSetting[] {
  const out: WorkspaceTerminalSetting[] = [];
  const seen = new Set<string>();
  for (const { where, value } of scopes) {
    if (!isRecord(value)) continue;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const subKeys = isRecord(v) ? Object.keys(v) : [];
      const byPlatform = subKeys.length > 0 && subKeys.every((s) => PLATFORM_KEYS.has(s));
      // Object-valued settings (env.linux, profiles.linux, autoReplies) vs groups of settings (shellIntegration.enabled).
      const group = isRecord(v) && !byPlatform && !['autoReplies', 'commandsToSkipShell'].includes(k) && subKeys.every((s) => /^[a-z][A-Za-z]*$/.test(s));
      const ids = byPlatform || group ? subKeys.map((s) => `${k}.${s}`) : [k];
      for (const id of ids) {
        const full = `terminal.integrated.${id}`;
        if (seen.has(full + '\0' + where)) continue;
        seen.add(full + '\0' + where);
        out.push({ id: full, where, ignoredByTokenTerminal: NEUTRALIZED_TERMINAL_SETTINGS.has(k) });
      }
    }
  }
  return out;
}

/** `terminal.integrated.X.<platform>` suffix for a Node platform. */
export function platformKey(platform: NodeJS.Platform): 'linux' | 'osx' | 'windows' {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'osx' : 'linux';
}

/** Input of {@link userShell}: user-level (global) setting values only. */
export interface UserShellInput {
  platform: NodeJS.Platform;
  /** User value of `terminal.integrated.defaultProfile.<platform>` (a profile name), if any. */
  defaultProfile: unknown;
  /** Built-in default profiles merged with the user value of `terminal.integrated.profiles.<platform>`. */
  profiles: unknown;
  /** The extension host's environment (for `PATH`, `SHELL`, `ComSpec`, `SystemRoot`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The login shell from the password database (`os.userInfo().shell`), if known. */
  loginShell?: string | null;
  /** Whether a file exists and is executable (injected for tests). */
  isExecutable(file: string): boolean;
}

/** The shell to start. */
export interface UserShell {
  shellPath: string;
  shellArgs: string[];
  /** Environment of the user's profile (user settings only). */
  profileEnv: Record<string, string | null>;
  /** What it came from, for the log: `user profile "zsh"` or `$SHELL`. */
  source: string;
}

/** Looks `name` up on `PATH` unless it is a path already. */
export function resolveExecutable(name: string, i: Pick<UserShellInput, 'env' | 'platform' | 'isExecutable'>): string | undefined {
  const p = i.platform === 'win32' ? path.win32 : path.posix;
  if (p.isAbsolute(name)) return i.isExecutable(name) ? name : undefined;
  if (name.includes('/') || (i.platform === 'win32' && name.includes('\\'))) return undefined;
  const dirs = (i.env.PATH ?? i.env.Path ?? '').split(i.platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts = i.platform === 'win32' && !/\.[a-z]+$/i.test(name) ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const d of dirs) for (const e of exts) if (i.isExecutable(p.join(d, name + e))) return p.join(d, name + e);
  return undefined;
}

/**
 * The user-level default shell: the user's `terminal.integrated.defaultProfile.<platform>` when
 * it names a profile with a `path` (first one that exists), else the login shell (`$SHELL`, the
 * password database, `/bin/sh`; on Windows PowerShell, else `ComSpec`).
 */
export function userShell(i: UserShellInput): UserShell {
  const profiles = isRecord(i.profiles) ? i.profiles : {};
  const name = typeof i.defaultProfile === 'string' ? i.defaultProfile : undefined;
  const profile = name !== undefined ? profiles[name] : undefined;
  if (isRecord(profile)) {
    const paths = Array.isArray(profile.path) ? profile.path : [profile.path];
    for (const candidate of paths) {
      if (typeof candidate !== 'string' || !candidate) continue;
      const found = resolveExecutable(candidate, i);
      if (!found) continue;
      const args = Array.isArray(profile.args) ? profile.args.filter((a): a is string => typeof a === 'string') : typeof profile.args === 'string' ? [profile.args] : [];
      const profileEnv: Record<string, string | null> = {};
      if (isRecord(profile.env)) for (const [k, v] of Object.entries(profile.env)) if (typeof v === 'string' || v === null) profileEnv[k] = v;
      return { shellPath: found, shellArgs: args, profileEnv, source: `user profile "${name}"` };
    }
  }
  if (i.platform === 'win32') {
    const root = i.env.SystemRoot ?? i.env.windir ?? 'C:\\Windows';
    const ps = path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    if (i.isExecutable(ps)) return { shellPath: ps, shellArgs: [], profileEnv: {}, source: 'Windows PowerShell' };
    return { shellPath: i.env.ComSpec ?? i.env.COMSPEC ?? 'cmd.exe', shellArgs: [], profileEnv: {}, source: 'ComSpec' };
  }
  const args = i.platform === 'darwin' ? ['-l'] : [];
  for (const [candidate, source] of [
    [i.env.SHELL, '$SHELL'],
    [i.loginShell ?? undefined, 'login shell'],
  ] as const) {
    if (candidate && path.posix.isAbsolute(candidate) && i.isExecutable(candidate)) return { shellPath: candidate, shellArgs: args, profileEnv: {}, source };
  }
  return { shellPath: '/bin/sh', shellArgs: args, profileEnv: {}, source: '/bin/sh' };
}

/** Variables VS Code removes from a terminal's environment (`sanitizeProcessEnvironment`), and its test seams. */
const REMOVED = [/^ELECTRON_.+$/, /^VSCODE_(?!(IPC_HOOK_CLI|PROXY_URI|PORTABLE)$).+$/, /^SNAP(|_.*)$/, /^GDK_PIXBUF_.+$/, /^CODE_SERVER_.+$/, /^CS_.+$/];

/**
 * The complete environment of the token terminal (it is opened with `strictEnv`): the extension
 * host's environment without VS Code's own variables, then the user-level
 * `terminal.integrated.env.<platform>` and profile env (`${env:NAME}` resolved, `null` removes),
 * `TERM_PROGRAM`/`COLORTERM` as VS Code sets them, then `secrets` (the token, last, so nothing
 * overrides it).
 *
 * `remove` names variables a workspace setting would add (workspace `terminal.integrated.env.*`):
 * each one this environment does not set is `null`. VS Code 1.100 drops `strictEnv` on the way to
 * a remote terminal server (`vs/server/node/remoteTerminalChannel.ts` `_createProcess` copies the
 * launch config without it), merges `terminal.integrated.env.*` there, and then the terminal's own
 * `env`, where `null` deletes a variable (`mergeEnvironments`).
 */
export function terminalEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  userEnv: readonly unknown[],
  secrets: Readonly<Record<string, string>>,
  remove: readonly string[] = [],
): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(base)) if (typeof v === 'string' && !REMOVED.some((re) => re.test(k))) env[k] = v;
  for (const layer of userEnv) {
    if (!isRecord(layer)) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v === null) delete env[k];
      else if (typeof v === 'string') env[k] = v.replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => base[name] ?? '');
    }
  }
  env.TERM_PROGRAM = 'vscode';
  env.COLORTERM = 'truecolor';
  Object.assign(env, secrets);
  for (const k of remove) if (typeof env[k] !== 'string') env[k] = null;
  return env;
}
