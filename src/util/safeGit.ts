/**
 * The one place that says how this project runs `git`: every caller (the editor's git facts, and
 * any future one such as a CLI history scan or credential set-up) builds its argv with
 * {@link safeGitArgs} and its environment with {@link safeGitEnv}. Pure Node, no `vscode` import.
 *
 * The goal: a git call made on a repository someone else made (a clone, a downloaded folder)
 * can neither reach the network nor start a program that the repository's config names, and it
 * only ever looks at the repository of the directory it runs in. The threats, each checked on
 * git 2.39.5 (Debian 12) by the unit test `test/unit/editor/git.test.ts`:
 *
 * - **Lazy fetch in a partial clone.** With `extensions.partialClone` and `remote.<r>.promisor`
 *   (what `git clone --filter=…` and scalar create), asking for a missing object (which a token
 *   candidate is) makes git fetch it from the promisor remote: the value leaves the machine as
 *   `want <value>`, and the fetch runs `remote.<r>.uploadpack`, `core.sshCommand`, an `ext::`
 *   command or a `git-remote-<x>` helper from the repository's config. Three independent switches
 *   stop it: `GIT_NO_LAZY_FETCH=1` (git ≥ 2.44; Debian's 2.39.5 has it too; a git without it ignores
 *   it, hence the other two), `GIT_ALLOW_PROTOCOL` listing no protocol (every git since 2.6.1; the
 *   environment beats any `protocol.<name>.allow` in the repository's config, which
 *   `-c protocol.allow=never` does not), and `-c protocol.allow=never`.
 * - **Programs named by config of local commands.** `core.fsmonitor` runs a hook on `ls-files`
 *   and `status`; `core.untrackedCache` makes them write the index. Both off. Read-only commands
 *   (`cat-file --batch-check`, `ls-files`) run no hooks, filters, pagers or editors.
 * - **Prompts.** `GIT_TERMINAL_PROMPT=0`, and `GIT_ASKPASS`/`SSH_ASKPASS` are removed, so
 *   nothing can ask for (or be handed) a credential even if a transport were reached.
 * - **The inherited environment.** Every `GIT_*` variable of the extension host or CLI process
 *   is dropped (`GIT_DIR`/`GIT_INDEX_FILE` set by a hook that runs the tests, `GIT_CONFIG_*`
 *   carrying config, `GIT_SSH_COMMAND`, `GIT_TRACE*` writing files…), then only the ones above
 *   are set. `GIT_OPTIONAL_LOCKS=0` keeps read-only calls from taking the index lock.
 *
 * What this does not change: git still reads the user's own global config (`~/.gitconfig`) and
 * refuses repositories owned by another user (`safe.directory`, git ≥ 2.35.2), which then simply
 * answer "not a repository". Callers also skip git entirely in untrusted workspaces.
 */

/**
 * Options put before every git subcommand (`git <these> <subcommand> …`). `-c` on the command
 * line wins over every config file, including the repository's own `.git/config`.
 */
export const SAFE_GIT_ARGS: readonly string[] = Object.freeze([
  '-c', 'core.fsmonitor=false',
  '-c', 'core.untrackedCache=false',
  '-c', 'protocol.allow=never',
]);

/**
 * The environment variables {@link safeGitEnv} sets. `GIT_ALLOW_PROTOCOL` is a colon-separated
 * allow-list that replaces all `protocol.*` config; `:` lists only empty names, so no transport
 * (file, ssh, git, http(s), ext, remote helpers) is allowed. It is not the empty string because
 * an empty value does not survive everywhere (on Windows, setting a variable to "" removes it).
 */
export const SAFE_GIT_ENV: Readonly<Record<string, string>> = Object.freeze({
  GIT_NO_LAZY_FETCH: '1',
  GIT_ALLOW_PROTOCOL: ':',
  GIT_PROTOCOL_FROM_USER: '0',
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
});

/** Variables outside the `GIT_` prefix that name a program git (or ssh under it) may start. */
const DROPPED_VARIABLES = new Set(['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE']);

/**
 * The argv for `git` running `subcommand`: {@link SAFE_GIT_ARGS} then `subcommand` as given.
 * Never put a secret (a token candidate) into `subcommand`: give it on stdin.
 * @example spawn('git', safeGitArgs('cat-file', '--batch-check'), { env: safeGitEnv(), … })
 */
export function safeGitArgs(...subcommand: string[]): string[] {
  return [...SAFE_GIT_ARGS, ...subcommand];
}

/**
 * The environment for a git child process: `base` (default `process.env`) without any `GIT_*`
 * variable and without `SSH_ASKPASS*`, plus {@link SAFE_GIT_ENV}. Keeps `PATH`, `HOME`, locale
 * and everything else git needs to find itself and the user's global config. Returns a new
 * object; `base` is not changed. Variable names are compared case-insensitively (Windows).
 */
export function safeGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    const upper = name.toUpperCase();
    if (upper.startsWith('GIT_') || DROPPED_VARIABLES.has(upper)) continue;
    env[name] = value;
  }
  return { ...env, ...SAFE_GIT_ENV };
}
