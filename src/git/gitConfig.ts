/**
 * Git runner for the credential set-up (PURE: no `vscode` import). Every call goes through the
 * product's one set of safe switches (src/util/safeGit.ts): git never fetches and never runs a
 * program a repository configures.
 */
import { execFile } from 'node:child_process';
import { safeGitArgs, safeGitEnv } from '../util/safeGit';

/** Result of {@link runGit}. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `git <args>` (async, 10 s bound). Never throws: a missing git gives code 127. */
export function runGit(args: readonly string[], cwd?: string): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      safeGitArgs(...args),
      { cwd, env: safeGitEnv(), timeout: 10_000, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 127) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Marker of helper entries this product writes (`… dist/cli.js" credential`). */
export const HELPER_MARKER = /gogs-key-hygiene[^"]*[\\/]dist[\\/]cli\.js"? credential$/;

/**
 * The helper value: `!ELECTRON_RUN_AS_NODE=1 "<runtime>" "<cli.js>" credential` — VS Code's own
 * runtime as Node (as VS Code's git askpass runs), so no `node` is needed on the PATH.
 */
export function helperValue(runtime: string, cliJs: string): string {
  const q = (s: string): string => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
  return `!ELECTRON_RUN_AS_NODE=1 ${q(runtime)} ${q(cliJs)} credential`;
}

/**
 * The helpers git would run for `url`, from `git config --get-regexp` output lines
 * (`credential.helper VALUE`, `credential.<url>.helper VALUE`) in config order: an empty value
 * resets the list (gitcredentials(7)). URL keys match when `url` starts with them.
 */
export function effectiveHelpers(configLines: string, url: string): string[] {
  let list: string[] = [];
  for (const line of configLines.split('\n')) {
    const m = /^credential\.(?:(.+)\.)?helper(?: (.*))?$/i.exec(line);
    if (!m) continue;
    const key = m[1];
    if (key && !url.toLowerCase().startsWith(key.toLowerCase().replace(/\/+$/, ''))) continue;
    const value = m[2] ?? '';
    if (value === '') list = [];
    else list.push(value);
  }
  return list;
}

/** True when one of `helpers` is git's plaintext `store` helper. */
export function includesStore(helpers: readonly string[]): boolean {
  return helpers.some((h) => /^(store|git-credential-store|cache-and-store)(\s|$)/.test(h.trim()) || /(^|[\s/])git-credential-store(\s|$)/.test(h));
}
