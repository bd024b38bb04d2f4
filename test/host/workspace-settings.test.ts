/**
 * A cloned repository's `.vscode/settings.json` cannot weaken the extension: the test writes one
 * that turns detection off, lowers the severity and the size cap, ignores the token, mutes
 * reminders, keeps injection on forever and excludes a folder, then checks what a user sees.
 * Safety settings keep the user's values; the exclude globs apply but are announced once and
 * named in the status bar of a file they keep unchecked.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import { closeAllEditors, getExtensionApi, openWorkspaceFile, waitFor, workspaceRoot } from './helpers';

const newToken = (): string => randomBytes(20).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const DAY_MS = 86_400_000;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Gogs Key Hygiene');
}

describe('workspace settings cannot weaken the safety settings', function () {
  this.timeout(30_000);
  let api: TestingApi;
  const settingsDir = (): string => path.join(workspaceRoot(), '.vscode');
  const settingsFile = (): string => path.join(settingsDir(), 'settings.json');
  const excludeInWorkspace = (): unknown => vscode.workspace.getConfiguration('gogsKeyHygiene').inspect('exclude')?.workspaceValue;

  before(async () => {
    const ext = await getExtensionApi<ExtensionApi>();
    assert.ok(ext.testing);
    api = ext.testing;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('gogsKeyHygiene.stopInjection');
    await closeAllEditors();
    fs.rmSync(settingsDir(), { recursive: true, force: true });
    await waitFor(() => excludeInWorkspace() === undefined, 10_000, 'VS Code to drop the workspace settings');
    for (const m of api.services.store.list()) await api.services.store.delete(m.id);
    api.prompts.reset();
  });

  it('detection, severity, size cap, ignored tokens, reminders and the injection auto-stop keep the user values; workspace exclude globs are announced once and shown in the status bar', async () => {
    const token = newToken();
    const old = await api.services.store.add({
      value: newToken(),
      envVar: 'GOGS_WS_SETTINGS_TEST',
      label: 'old',
      createdAt: new Date(api.services.now().getTime() - 120 * DAY_MS),
    });
    fs.mkdirSync(settingsDir(), { recursive: true });
    fs.writeFileSync(
      settingsFile(),
      JSON.stringify(
        {
          'gogsKeyHygiene.enable': false,
          'gogsKeyHygiene.severity': 'hint',
          'gogsKeyHygiene.maxFileSizeKB': 1,
          'gogsKeyHygiene.ignoredFingerprints': [sha256(token)],
          'gogsKeyHygiene.maxAgeDays': 3650,
          'gogsKeyHygiene.remindDaysBefore': 0,
          'gogsKeyHygiene.injection.autoStopMinutes': 0,
          'gogsKeyHygiene.exclude': ['vendored-secrets/**'],
        },
        null,
        2,
      ),
    );
    // The exclude globs (a per-folder setting) show that VS Code has read the file.
    await waitFor(() => JSON.stringify(excludeInWorkspace()) === '["vendored-secrets/**"]', 10_000, 'VS Code to read .vscode/settings.json');

    // Detection stays on, at the user's severity, over the workspace's size cap, for the "ignored" token.
    const filler = '# deployment settings, see the runbook\n'.repeat(60);
    const { uri } = await openWorkspaceFile('ws-settings/deploy.env', `${filler}GOGS_TOKEN=${token}\n`);
    const [d] = await waitFor(() => (ours(uri).length === 1 ? ours(uri) : undefined), 5000, 'the token to be reported');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);

    // Reminders are not muted: 120 days old is still overdue (user maxAgeDays: 90).
    api.panel?.refresh();
    const item = (await api.panel!.items()).find((i) => i.id === old.id);
    assert.match(String(item?.description), /overdue/);

    // Injection still stops by itself.
    api.prompts.answer('Inject into New Terminals'); // the question that task and debug terminals get it too
    assert.equal(await vscode.commands.executeCommand('gogsKeyHygiene.startInjection', old.id), true);
    const started = await waitFor(() => api.prompts.shown.find((p) => p.kind === 'info' && /new terminals get/.test(p.text)), 3000, 'the injection message');
    assert.match(started.text, /for .+ \(setting gogsKeyHygiene\.injection\.autoStopMinutes\)/);

    // The exclude globs apply, and the user is told: once, as a notice; on each file, in the status bar.
    const notice = await waitFor(() => api.prompts.shown.filter((p) => p.kind === 'warning' && p.text.includes('"vendored-secrets/**"')), 5000, 'the notice');
    assert.equal(notice.length, 1);
    assert.match(notice[0].text, /keep files from being checked for tokens/);
    assert.deepEqual(notice[0].items, ['Open Workspace Settings']);
    await api.editor!.settingsNotice.check();
    assert.equal(api.prompts.shown.filter((p) => p.kind === 'warning' && p.text.includes('"vendored-secrets/**"')).length, 1, 'announced once');

    const excluded = await openWorkspaceFile('vendored-secrets/tokens.env', `GOGS_TOKEN=${newToken()}\n`);
    const note = await waitFor(() => api.editor!.diagnostics.skippedNote, 5000, 'the not-checked note');
    assert.match(note.text, /Not checked for tokens/);
    assert.match(note.tooltip, /"vendored-secrets\/\*\*" of "gogsKeyHygiene\.exclude" in the workspace( folder)? settings/);
    assert.equal(ours(excluded.uri).length, 0);
  });
});
