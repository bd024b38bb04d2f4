/**
 * Git inside VS Code: a credentials provider for the built-in git extension (`vscode.git` API v1
 * `registerCredentialsProvider`, microsoft/vscode `extensions/git/src/api/git.d.ts`; modelled on
 * `extensions/github/src/credentialProvider.ts`). VS Code's askpass asks providers at git's
 * *Username* prompt (`extensions/git/src/askpass.ts`) with the remote's origin; we answer a stored
 * token whose server matches (protocol and host; plain http only for loopback) with its user
 * name and the token. Source Control push/pull/fetch and `git` in integrated terminals
 * (`git.terminalAuthentication`) then need no prompt.
 */
import * as vscode from 'vscode';
import { matchScore } from '../cli/credential';
import type { Services } from '../services';
import { messageOf } from '../util/errors';

/** The part of `vscode.git`'s API v1 used here (written locally; the extension ships no types). */
export interface GitCredentials {
  readonly username: string;
  readonly password: string;
}
/** See {@link GitCredentials}. */
export interface GitCredentialsProvider {
  getCredentials(host: vscode.Uri): vscode.ProviderResult<GitCredentials>;
}
/** Minimal `vscode.git` API v1. */
export interface GitApi {
  registerCredentialsProvider(provider: GitCredentialsProvider): vscode.Disposable;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
  readonly enabled: boolean;
}

/**
 * The provider over the token store: the best matching active token for `host` (an origin such
 * as `https://git.example.test`), or `undefined` (git then asks the user).
 */
export function tokenCredentialsProvider(services: Services): GitCredentialsProvider {
  return {
    async getCredentials(host: vscode.Uri): Promise<GitCredentials | undefined> {
      const req = { protocol: host.scheme, host: host.authority.replace(/^[^@]*@/, '') };
      // A user name only when the authority has userinfo (`user@host`), never from `host:port`.
      const username = /^([^@:]*)(?::[^@]*)?@/.exec(host.authority)?.[1] || undefined;
      const best = services.store
        .list()
        .map((m) => ({ m, score: matchScore(m, username ? { ...req, username: decodeURIComponent(username) } : req) }))
        .filter((x) => x.score >= 0)
        .sort((a, b) => b.score - a.score)[0];
      if (!best) return undefined;
      const value = await services.store.get(best.m.id);
      if (!value) return undefined;
      services.log.info(`Answered git's credential request for ${req.protocol}://${req.host} with ${best.m.envVar} (…${best.m.last4}).`);
      return { username: best.m.username ?? 'gogs-key-hygiene', password: value };
    },
  };
}

/**
 * Registers {@link tokenCredentialsProvider} with the git extension once it is active (activating
 * it if needed, without blocking our activation). No git extension (disabled): nothing happens.
 */
export function registerGitCredentials(services: Services): void {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return;
  let disposed = false;
  let registration: vscode.Disposable | undefined;
  services.context.subscriptions.push({
    dispose: () => {
      disposed = true;
      registration?.dispose();
    },
  });
  void Promise.resolve(ext.isActive ? ext.exports : ext.activate()).then(
    (git) => {
      if (disposed || !git?.enabled) return;
      registration = git.getAPI(1).registerCredentialsProvider(tokenCredentialsProvider(services));
      services.log.info('Registered a git credentials provider for the servers of stored tokens.');
    },
    (err: unknown) => services.log.warn(`The git extension is not available: ${messageOf(err)}`),
  );
}
