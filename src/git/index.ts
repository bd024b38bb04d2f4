/**
 * Git integration: the credentials provider for VS Code's git, the command **Set Up Git
 * Credentials for This Server** (writes `credential.<url>.helper` pointing at the CLI shipped in
 * the VSIX), the re-check of those entries on activation (a new extension version lives in a new
 * folder), and a one-time warning when git's plaintext `store` helper would write a token back
 * to `~/.git-credentials`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, NS } from '../constants';
import type { TokenMeta } from '../keychain';
import type { Services } from '../services';
import { registerGitCredentials } from './credentialsProvider';
import { effectiveHelpers, HELPER_MARKER, helperValue, includesStore, runGit } from './gitConfig';

const STORE_WARNED_KEY = `${NS}.git.storeWarned`;

/** `scheme://host[:port][/path]` of a token's server, or `undefined`. */
export function serverUrl(meta: TokenMeta): string | undefined {
  if (!meta.host) return undefined;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(meta.host) ? meta.host : `https://${meta.host}`);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** The helper value for this installation (absolute paths of VS Code's runtime and our CLI). */
export function ourHelper(context: vscode.ExtensionContext): string {
  return helperValue(process.execPath, path.join(context.extensionPath, 'dist', 'cli.js'));
}

/** Registers the provider, the command and the activation re-check. */
export function registerGit(services: Services): void {
  const { context, prompts, store, log } = services;
  registerGitCredentials(services);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.setUpGitCredentials, async (arg?: string | { id?: string }) => {
      const cli = path.join(context.extensionPath, 'dist', 'cli.js');
      if (!fs.existsSync(cli)) {
        await prompts.showErrorMessage('Gogs Key Hygiene: this build has no command line (the universal VSIX). Install the VSIX for your platform, or `npm install -g` the project, then try again.');
        return undefined;
      }
      if (store.backendName.startsWith('VS Code SecretStorage')) {
        await prompts.showWarningMessage(`Gogs Key Hygiene: git runs outside VS Code and cannot read ${store.backendName}. Move your tokens to the OS keychain first (setting gogsKeyHygiene.keychain.backend).`);
        return undefined;
      }
      const id = typeof arg === 'string' ? arg : arg?.id;
      const candidates = store.list().filter((m) => m.state !== 'pending-revocation' && serverUrl(m));
      let meta = id ? candidates.find((m) => m.id === id) : candidates.length === 1 ? candidates[0] : undefined;
      if (!meta) {
        if (!candidates.length) {
          await prompts.showWarningMessage('Gogs Key Hygiene: no stored token names its server. Add one with a server URL first.');
          return undefined;
        }
        const pick = await prompts.showQuickPick(
          candidates.map((m) => ({ label: serverUrl(m)!, description: `${m.envVar} …${m.last4}`, id: m.id })),
          { title: 'Set Up Git Credentials for This Server', placeHolder: 'Server whose git operations should use the stored token' },
        );
        meta = candidates.find((m) => m.id === pick?.id);
        if (!meta) return undefined;
      }
      const url = serverUrl(meta)!;
      const folder = vscode.workspace.workspaceFolders?.[0];
      const repoRoot = folder ? (await runGit(['rev-parse', '--show-toplevel'], folder.uri.fsPath)).stdout.trim() : '';
      const scopes = [
        ...(repoRoot ? [{ label: 'This repository', description: repoRoot, scope: 'repo' as const }] : []),
        { label: 'Global (all repositories)', description: '~/.gitconfig', scope: 'global' as const },
      ];
      const where = await prompts.showQuickPick(scopes, { title: `Git credentials for ${url}`, placeHolder: 'Where to write credential.helper' });
      if (!where) return undefined;
      // The user chose to send this token to this server through git (its URL is in the title
      // of the pick they answered): a server that was only guessed is confirmed now, else git's
      // helper would not answer for it (src/cli/credential.ts).
      if (meta.hostConfirmed !== true) await store.update(meta.id, { hostConfirmed: true });
      const target = where.scope === 'global' ? ['--global'] : ['--file', path.join(repoRoot, '.git', 'config')];
      const key = `credential.${url}.helper`;
      // An empty value first resets the helpers configured so far for this URL (e.g. `store`,
      // which would write the token back in plaintext to ~/.git-credentials).
      await runGit(['config', ...target, '--unset-all', key]);
      const r1 = await runGit(['config', ...target, '--add', key, '']);
      const r2 = r1.code === 0 ? await runGit(['config', ...target, '--add', key, ourHelper(context)]) : r1;
      if (r2.code !== 0) {
        await prompts.showErrorMessage(`Gogs Key Hygiene: git config failed: ${r2.stderr.trim().split('\n')[0]}`);
        return undefined;
      }
      log.info(`Wrote ${key} (${where.scope}) with the helper of this installation.`);
      void prompts.showInformationMessage(`Gogs Key Hygiene: git now gets ${meta.envVar} (…${meta.last4}) for ${url} from the ${store.backendName} (${where.scope === 'global' ? '~/.gitconfig' : `${repoRoot}/.git/config`}).`);
      return true;
    }),
  );

  // After activation, off the critical path: refresh our helper entries, warn about `store`.
  setTimeout(() => void recheck(services), 2000);
}

/**
 * Rewrites helper entries this product wrote earlier (global and the first workspace folder's
 * repository) whose paths no longer match this installation, and warns once per server when
 * git's `store` helper is active for a stored token's server.
 */
export async function recheck(services: Services): Promise<void> {
  const { context, prompts, store, log } = services;
  const current = ourHelper(context);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const files: string[][] = [['--global']];
  if (folder) {
    const top = (await runGit(['rev-parse', '--show-toplevel'], folder.uri.fsPath)).stdout.trim();
    if (top) files.push(['--file', path.join(top, '.git', 'config')]);
  }
  for (const f of files) {
    const r = await runGit(['config', ...f, '--get-regexp', '^credential\\..*\\.helper$']);
    for (const line of r.stdout.split('\n')) {
      const m = /^(\S+) (.+)$/.exec(line);
      if (!m || !HELPER_MARKER.test(m[2]) || m[2] === current) continue;
      const esc = m[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const w = await runGit(['config', ...f, '--replace-all', m[1], current, `^${esc}$`]);
      log.info(`${w.code === 0 ? 'Updated' : 'Could not update'} ${m[1]} to this installation's command line.`);
    }
  }
  const all = await runGit(['config', '--get-regexp', '^credential\\.'], folder?.uri.fsPath);
  const warned = context.globalState.get<string[]>(STORE_WARNED_KEY) ?? [];
  for (const meta of store.list()) {
    const url = serverUrl(meta);
    if (!url || warned.includes(url) || !includesStore(effectiveHelpers(all.stdout, url))) continue;
    warned.push(url);
    await context.globalState.update(STORE_WARNED_KEY, warned);
    const fix = 'Set Up Git Credentials';
    const answer = await prompts.showWarningMessage(
      `Gogs Key Hygiene: git's credential.helper "store" is active for ${url}: after a push it would write ${meta.envVar} back in plaintext to ~/.git-credentials. Let git use the keychain instead for this server.`,
      fix,
    );
    if (answer === fix) await vscode.commands.executeCommand(Commands.setUpGitCredentials, meta.id);
  }
}
