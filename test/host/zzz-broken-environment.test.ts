/**
 * Runs last (file name; it replaces the running extension instance): activate() in a broken
 * environment — VS Code cannot give SecretStorage (no keyring daemon) — does not throw, says
 * what is wrong and what to do, keeps finding tokens, and a move to the keychain then fails
 * with the cause and leaves the file unchanged.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { getExtension, getExtensionApi, openWorkspaceFile, waitFor } from './helpers';

const CAUSE = 'Cannot autolaunch D-Bus without X11 $DISPLAY';

describe('zzz broken environment', () => {
  it('activate() survives a SecretStorage that throws, says why, and still finds tokens', async () => {
    const ext = getExtension();
    const running = (await getExtensionApi<ExtensionApi>()).testing;
    assert.ok(running, 'test seam missing');
    const realContext = running.services.context;
    // Stop the running instance so a fresh one can register the same commands and providers.
    for (const d of realContext.subscriptions.splice(0)) d.dispose();

    const main = require.resolve(path.join(ext.extensionPath, ext.packageJSON.main));
    delete require.cache[main];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fresh = require(main) as { activate(context: vscode.ExtensionContext): ExtensionApi };
    const subscriptions: vscode.Disposable[] = [];
    const broken = Object.create(realContext, {
      subscriptions: { value: subscriptions },
      secrets: {
        get() {
          throw new Error(CAUSE);
        },
      },
    }) as vscode.ExtensionContext;

    // No OS keychain either: the host runner starts a private gnome-keyring, which `auto` would use.
    const config = vscode.workspace.getConfiguration('gogsKeyHygiene');
    await config.update('keychain.backend', 'secretStorage', vscode.ConfigurationTarget.Global);
    let api: ExtensionApi | undefined;
    try {
      assert.doesNotThrow(() => (api = fresh.activate(broken)));
      const testing = api?.testing;
      assert.ok(testing, 'the fresh instance returned no test seam');
      const error = testing.prompts.shown.find((p) => p.kind === 'error');
      assert.ok(error, 'a clear error is shown');
      assert.match(error.text, /VS Code SecretStorage .*is not available/);
      assert.ok(error.text.includes(CAUSE), 'names the cause');
      assert.match(error.text, /gnome-keyring or KWallet/);

      // Detection works without a keychain.
      const token = randomBytes(20).toString('hex');
      const before = `export GOGS_TOKEN=${token}\n`;
      const { doc, uri } = await openWorkspaceFile('broken/deploy.sh', before);
      const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Gogs Key Hygiene'), 5000, 'a diagnostic from the fresh instance');
      // Moving it fails with the cause, and the file is unchanged.
      const moved = await vscode.commands.executeCommand('gogsKeyHygiene.moveToKeychain', { uri: uri.toString(), start: doc.offsetAt(diagnostic.range.start), version: doc.version });
      assert.equal(moved, false);
      assert.equal(doc.getText(), before);
      const moveError = testing.prompts.shown.filter((p) => p.kind === 'error').pop();
      assert.ok(moveError, "an error is shown for the move");
      assert.ok(moveError.text.includes(CAUSE), moveError.text);
      assert.match(moveError.text, /Nothing in your files was changed/);
      assert.ok(!moveError.text.includes(token));
    } finally {
      for (const d of subscriptions.splice(0)) d.dispose();
      await config.update('keychain.backend', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
