/**
 * The OS keychain backend inside a real extension host: the host runner starts a private D-Bus
 * session with an unlocked gnome-keyring (scripts/run-host-tests.mjs), so with the default
 * backend `auto` the quick fix must put the token into a Secret Service item that `secret-tool`
 * reads, and its details into the metadata file — never the value.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { TokenStore } from '../../src/keychain/tokenStore';
import type { TestingApi } from '../../src/testing';
import { closeAllEditors, getExtensionApi, ourQuickFixes, openWorkspaceFile, waitFor } from './helpers';

const newToken = (): string => randomBytes(20).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function secretTool(account: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('secret-tool', ['lookup', 'service', 'gogs-key-hygiene', 'account', account], { timeout: 10_000 }, (err, stdout) => resolve(err ? '' : stdout));
  });
}

(process.env.GOGS_KEY_HYGIENE_KEYRING_TEST === '1' ? describe : describe.skip)('OS keychain in the extension host (private gnome-keyring)', function () {
  this.timeout(60_000);
  let api: TestingApi;

  before(async () => {
    const ext = await getExtensionApi<ExtensionApi>();
    assert.ok(ext.testing, 'test seam missing');
    api = ext.testing;
  });

  afterEach(async () => {
    api.prompts.reset();
    await closeAllEditors();
  });

  it('backend auto chose the OS keychain (Secret Service) after the probe', async () => {
    const choice = await api.services.keychain.ready;
    assert.equal(choice.kind, 'os', choice.reason);
    assert.equal(api.services.store.backendName, 'OS keychain (Secret Service)');
    assert.ok((choice.probeMs ?? Infinity) < 3000);
  });

  it('the move quick fix leaves the token in the keyring (secret-tool reads it) and only metadata in tokens.json', async () => {
    const token = newToken();
    const { uri } = await openWorkspaceFile('keychain/.env', `GOGS_URL=https://git.example.test\nKEYRING_TOKEN=${token}\n`);
    const [d] = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Gogs Key Hygiene');
      return ds.length === 1 ? ds : undefined;
    }, 5000, 'diagnostic');
    const actions = await ourQuickFixes(uri, d.range);
    const move = actions.find((a) => a.isPreferred && a.command?.command.startsWith('gogsKeyHygiene.'));
    assert.ok(move?.command);
    assert.equal(await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? [])), true);
    const meta = api.services.store.findByFingerprint(sha256(token));
    assert.ok(meta);
    assert.equal(meta.account, meta.envVar);
    assert.equal(await secretTool(meta.envVar), token, `secret-tool lookup service gogs-key-hygiene account ${meta.envVar}`);
    const info = api.prompts.shown.find((p) => /is now in the/.test(p.text));
    assert.ok(info, 'confirmation shown');
    assert.match(info.text, /is now in the OS keychain \(Secret Service\) as /);
    const file = path.join(process.env.XDG_CONFIG_HOME ?? '', 'gogs-key-hygiene', 'tokens.json');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes(meta.fingerprint));
    assert.ok(!text.includes(token));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    await api.services.store.delete(meta.id);
    assert.equal(await secretTool(meta.envVar), '', 'Delete removes the keychain item too');
  });

  it('Move Stored Tokens to the OS Keychain moves tokens left in SecretStorage (and back), each readable at every step', async () => {
    const k = api.services.keychain;
    const ss = new TokenStore(k.secretStorage, api.services.context.globalState);
    const token = newToken();
    api.registerTokenValue(token);
    const old = await ss.add({ value: token, envVar: 'LEFT_IN_SS', host: 'https://git.example.test', username: 'deploy' });
    try {
      assert.equal(await vscode.commands.executeCommand('gogsKeyHygiene.moveTokensToOsKeychain'), true);
      assert.equal(ss.list().length, 0, 'nothing left in globalState');
      assert.equal(await k.secretStorage.get(`gogsKeyHygiene.token/${old.id}`), undefined, 'the SecretStorage copy is deleted');
      assert.equal(await secretTool('LEFT_IN_SS'), token);
      const moved = api.services.store.meta(old.id);
      assert.equal(moved?.username, 'deploy', 'details move with the token');
      assert.equal(await api.services.store.get(old.id), token);
      assert.match(api.prompts.shown.map((p) => p.text).join('\n'), /moved LEFT_IN_SS to the OS keychain \(Secret Service\)/);

      assert.equal(await vscode.commands.executeCommand('gogsKeyHygiene.moveTokensToSecretStorage'), true);
      assert.equal(await secretTool('LEFT_IN_SS'), '', 'the keychain item is deleted after the copy was read back');
      assert.equal(api.services.store.backendName, 'VS Code SecretStorage (this browser only)', 'code-server: the browser holds SecretStorage');
      assert.equal(await api.services.store.get(old.id), token);
    } finally {
      await vscode.commands.executeCommand('gogsKeyHygiene.moveTokensToOsKeychain');
      const m = api.services.store.meta(old.id);
      if (m) await api.services.store.delete(m.id);
    }
    assert.equal(api.services.store.backendName, 'OS keychain (Secret Service)');
  });
});
