/**
 * Git inside VS Code after the URL fix: a remote URL in .git/config that carried
 * `alice:<token>@` is fixed with the quick fix (the whole userinfo goes, the user name stays in
 * the token's metadata), then a push through the built-in git extension's API reaches a real
 * git smart-HTTP server (git http-backend behind Gogs-style Basic auth) with no input box: our
 * credentials provider answers VS Code's askpass.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import { createBareRepo, git, GogsServerHandle, startGogsServer } from '../gogs-server/server';
import { closeAllEditors, getExtensionApi, ourQuickFixes, waitFor, workspaceRoot } from './helpers';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

interface GitRepository {
  push(remote?: string, name?: string, setUpstream?: boolean): Promise<void>;
}
interface GitApiV1 {
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

describe('git in VS Code after the URL fix', function () {
  this.timeout(90_000);
  let api: TestingApi;
  let server: GogsServerHandle;
  let repoDir: string;
  let bare: string;
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' };

  before(async () => {
    const ext = await getExtensionApi<ExtensionApi>();
    assert.ok(ext.testing);
    api = ext.testing;
    await api.services.keychain.ready;
    const gitRoot = path.join(workspaceRoot(), '..', 'git-server');
    bare = await createBareRepo(gitRoot, 'alice/site');
    server = await startGogsServer({ gitRoot });
  });
  after(async () => {
    await server?.close();
    await closeAllEditors();
  });

  it('push through the git extension API succeeds with no input box; the user name is kept in the metadata', async () => {
    const token = server.state.seedToken('deploy');
    api.registerTokenValue(token);
    repoDir = path.join(workspaceRoot(), 'gitpush');
    fs.mkdirSync(repoDir, { recursive: true });
    const port = new URL(server.url).port;
    for (const a of [['init', '-q', '-b', 'main'], ['commit', '-q', '--allow-empty', '-m', 'first'], ['remote', 'add', 'origin', `http://alice:${token}@127.0.0.1:${port}/alice/site.git`]]) {
      const r = await git(['-C', repoDir, ...a], { env });
      assert.equal(r.code, 0, r.stderr);
    }
    const configUri = vscode.Uri.file(path.join(repoDir, '.git', 'config'));
    const doc = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(doc);
    const [d] = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(configUri).filter((x) => x.source === 'Gogs Key Hygiene');
      return ds.length === 1 ? ds : undefined;
    }, 10_000, 'diagnostic on .git/config');
    const actions = await ourQuickFixes(configUri, d.range);
    const move = actions.find((a) => a.isPreferred && a.command?.command.startsWith('gogsKeyHygiene.'));
    assert.ok(move?.command);
    assert.equal(await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? [])), true);
    assert.ok(await doc.save());
    assert.match(fs.readFileSync(configUri.fsPath, 'utf8'), new RegExp(`url = http://127\\.0\\.0\\.1:${port}/alice/site\\.git\\n`), 'the whole userinfo is gone');
    const meta = api.services.store.findByFingerprint(sha256(token));
    assert.ok(meta);
    assert.equal(meta.username, 'alice', 'the user name of the URL is kept (the panel no longer says "Username: unknown")');
    assert.equal(meta.host, `http://127.0.0.1:${port}`);

    const gitExt = vscode.extensions.getExtension<{ getAPI(v: 1): GitApiV1 }>('vscode.git');
    assert.ok(gitExt);
    const gitApi = (gitExt.isActive ? gitExt.exports : await gitExt.activate()).getAPI(1);
    const repo = await gitApi.openRepository(vscode.Uri.file(repoDir));
    assert.ok(repo, 'the git extension opened the repository');
    const head = (await git(['-C', repoDir, 'rev-parse', 'HEAD'])).stdout.trim();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      repo.push('origin', 'main').then(() => 'pushed', (e: unknown) => `failed: ${e instanceof Error ? e.message : String(e)} ${(e as { stderr?: string }).stderr ?? ''}`),
      new Promise<string>((r) => (timer = setTimeout(() => r('timeout (an input box is waiting?)'), 30_000))),
    ]);
    clearTimeout(timer);
    if (outcome !== 'pushed') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(outcome, 'pushed');
    assert.equal((await git(['--git-dir', bare, 'rev-parse', 'main'])).stdout.trim(), head, 'the bare repository has the commit');
    assert.ok(server.gitRequests.some((r) => r.path.endsWith('/git-receive-pack') && r.status === 200 && r.auth !== 'none'), JSON.stringify(server.gitRequests));
    await api.services.store.delete(meta.id);
  });

  it('Set Up Git Credentials writes credential.<url>.helper with absolute paths; git then gets the token through the CLI in the VSIX, with no node on the PATH', async () => {
    const token = server.state.seedToken('setup');
    api.registerTokenValue(token);
    const meta = await api.services.store.add({ value: token, envVar: 'SETUP_TOKEN', host: server.url, hostConfirmed: true, username: 'alice' });
    try {
      api.prompts.answer('Global (all repositories)');
      assert.equal(await vscode.commands.executeCommand('gogsKeyHygiene.setUpGitCredentials', meta.id), true);
      const gitconfig = fs.readFileSync(path.join(process.env.HOME ?? '', '.gitconfig'), 'utf8');
      const ext = vscode.extensions.getExtension('gogs-key-hygiene.gogs-key-hygiene')!;
      assert.ok(gitconfig.includes(`[credential "${server.url}"]`), gitconfig);
      assert.ok(gitconfig.includes(`ELECTRON_RUN_AS_NODE=1 \\"${process.execPath}\\" \\"${path.join(ext.extensionPath, 'dist', 'cli.js')}\\" credential`), gitconfig);
      assert.ok(!gitconfig.includes(token));
      const gitBin = ['/usr/bin/git', '/usr/local/bin/git'].find((p) => fs.existsSync(p))!;
      const fill = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(gitBin, ['credential', 'fill'], { env: { ...process.env, PATH: '/nonexistent', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' } });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', (code) => resolve({ code, out }));
        c.stdin.end(`protocol=http\nhost=${new URL(server.url).host}\n\n`);
      });
      assert.equal(fill.code, 0);
      assert.match(fill.out, new RegExp(`username=alice\npassword=${token}\n`));
    } finally {
      await git(['config', '--global', '--unset-all', `credential.${server.url}.helper`]);
      await api.services.store.delete(meta.id);
    }
  });
});
