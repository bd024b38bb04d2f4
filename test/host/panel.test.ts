/**
 * The token panel in a real extension host: tree items (description, icon, contextValue,
 * tooltip), the view badge, the status bar, reminders with snooze, and the item commands on real
 * stored tokens. Tokens are stored at chosen ages through `TokenStore.add({ createdAt })` and
 * the extension's clock is moved with `api.testing.setClockOffsetDays`.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NewToken, TokenMeta } from '../../src/keychain';
import type { PanelTestHooks } from '../../src/panel';
import type { TestingApi } from '../../src/testing';
import { getExtensionApi, sleep, waitFor, workspaceRoot } from './helpers';

const VIEW = 'gogsKeyHygiene.tokens';
const REMINDER_BOOK_KEY = 'gogsKeyHygiene.reminders';

/** A fresh random token (never copied from anywhere). */
const newToken = (): string => randomBytes(20).toString('hex');

/**
 * Local noon `days` calendar days before `now`, computed with the host's own local-time Date
 * arithmetic (independent of the extension's calendar code). Noon keeps a DST hour from moving
 * the instant to another day when the clock offset is applied in 24-hour steps.
 */
function localNoonDaysAgo(now: Date, days: number): Date {
  const d = new Date(now.getTime());
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - days);
  return d;
}

function ymd(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('token panel', function () {
  let api: TestingApi;
  let panel: PanelTestHooks;

  const store = () => api.services.store;
  const now = () => api.services.now();

  async function addAt(days: number, extra: Partial<NewToken> = {}): Promise<{ meta: TokenMeta; value: string }> {
    const value = newToken();
    const meta = await store().add({
      value,
      envVar: store().uniqueEnvVar('GOGS_PANEL_TEST'),
      createdAt: localNoonDaysAgo(now(), days),
      ...extra,
    });
    return { meta, value };
  }

  async function item(id: string): Promise<vscode.TreeItem> {
    panel.refresh();
    const found = (await panel.items()).find((i) => i.id === id);
    assert.ok(found, `no tree item for ${id}`);
    return found;
  }

  async function clean(): Promise<void> {
    api.setClockOffsetDays(0);
    api.prompts.reset();
    for (const m of store().list()) await store().delete(m.id);
    await api.services.context.globalState.update(REMINDER_BOOK_KEY, undefined);
    const cfg = vscode.workspace.getConfiguration('gogsKeyHygiene');
    if (cfg.inspect('maxAgeDays')?.globalValue !== undefined) await cfg.update('maxAgeDays', undefined, vscode.ConfigurationTarget.Global);
    panel.setClipboardClearMs(30_000);
    panel.refresh();
  }

  before(async () => {
    api = (await getExtensionApi<{ testing: TestingApi }>()).testing;
    const hooks = api.panel;
    assert.ok(hooks, 'the token panel did not register');
    panel = hooks;
  });
  beforeEach(clean);
  after(clean);

  it('is empty (welcome content) when no token is stored, and shows nothing in the status bar', async () => {
    assert.deepEqual(panel.provider.getChildren(), []);
    assert.equal(panel.view.badge, undefined);
    assert.equal(panel.statusBar().visible, false);
  });

  it('shows each token with label, env var, age description, state icon and contextValue', async () => {
    const ok = await addAt(43, { envVar: 'GOGS_OK', label: 'ci bot' });
    const soon = await addAt(85, { envVar: 'GOGS_SOON' });
    const late = await addAt(95, { envVar: 'GOGS_LATE' });
    const pending = await addAt(10, { envVar: 'GOGS_OLD', state: 'pending-revocation' });

    const items = await panel.items();
    assert.deepEqual(
      items.map((i) => i.id),
      [late.meta.id, soon.meta.id, ok.meta.id, pending.meta.id],
      'overdue first, then due soon, ok, pending revocation',
    );
    const expect = [
      [late, 'GOGS_LATE', 'overdue by 5 days', 'warning', 'gogsKeyHygiene.tokenOverdue', 'gogsToken.active.overdue'],
      [soon, 'GOGS_SOON', '85 days · rotate in 5 days', 'clock', 'gogsKeyHygiene.tokenDueSoon', 'gogsToken.active.due-soon'],
      [ok, 'ci bot — GOGS_OK', '43 days · rotate in 47 days', 'key', 'gogsKeyHygiene.tokenOk', 'gogsToken.active.ok'],
      [pending, 'GOGS_OLD', 'pending revocation', 'circle-slash', 'gogsKeyHygiene.tokenPendingRevocation', 'gogsToken.pendingRevocation'],
    ] as const;
    for (const [i, [, label, description, icon, color, contextValue]] of expect.entries()) {
      const it = items[i];
      assert.equal(it.label, label);
      assert.equal(it.description, description);
      assert.ok(it.iconPath instanceof vscode.ThemeIcon);
      assert.equal(it.iconPath.id, icon);
      assert.equal(it.iconPath.color?.id, color);
      assert.equal(it.contextValue, contextValue);
    }
  });

  it('counts due and overdue tokens in the view badge and the status bar, and hides the status bar when none are due', async () => {
    await addAt(10);
    const soon = await addAt(84);
    const late = await addAt(120);
    await addAt(200, { state: 'pending-revocation' });
    assert.equal(panel.view.badge?.value, 2);
    assert.equal(panel.statusBar().text, '$(key) 2 tokens due');
    assert.equal(panel.statusBar().visible, true);
    assert.match(panel.statusBar().tooltip ?? '', /1 overdue/);

    await store().delete(late.meta.id);
    assert.equal(panel.view.badge?.value, 1);
    assert.equal(panel.statusBar().text, '$(key) 1 token due');

    await store().delete(soon.meta.id);
    assert.equal(panel.view.badge, undefined);
    assert.equal(panel.statusBar().visible, false);
  });

  it('ages a token as the clock moves: day 82 ok, 83 due soon, 90 rotate today, 91 overdue', async () => {
    const { meta } = await addAt(0);
    assert.equal((await item(meta.id)).description, 'created today · rotate in 90 days');
    const steps: [number, string, number | undefined][] = [
      [82, '82 days · rotate in 8 days', undefined],
      [83, '83 days · rotate in 7 days', 1],
      [90, '90 days · rotate today', 1],
      [91, 'overdue by 1 day', 1],
    ];
    for (const [day, description, badge] of steps) {
      api.setClockOffsetDays(day);
      assert.equal((await item(meta.id)).description, description, `day ${day}`);
      assert.equal(panel.view.badge?.value, badge, `badge on day ${day}`);
    }
    assert.equal(panel.statusBar().text, '$(key) 1 token due');
  });

  it('follows the maxAgeDays setting', async () => {
    const { meta } = await addAt(43);
    await vscode.workspace.getConfiguration('gogsKeyHygiene').update('maxAgeDays', 30, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await item(meta.id)).description === 'overdue by 13 days', 5000, 'the description to follow maxAgeDays = 30');
    assert.equal(panel.view.badge?.value, 1);
  });

  describe('reminders', () => {
    it('reminds each due token once a day with Rotate Now / Snooze 7 Days / Open Panel, never showing the token', async () => {
      const late = await addAt(95, { label: 'late one' });
      const soon = await addAt(86, { label: 'soon one' });
      await addAt(20);

      const reminded = await panel.checkReminders();
      assert.deepEqual(reminded.sort(), [late.meta.id, soon.meta.id].sort());
      const shown = api.prompts.shown.filter((p) => p.items.includes('Snooze 7 Days'));
      assert.equal(shown.length, 2);
      for (const p of shown) assert.deepEqual(p.items, ['Rotate Now', 'Snooze 7 Days', 'Open Panel']);
      const lateMsg = shown.find((p) => p.text.includes('late one'));
      assert.equal(lateMsg?.kind, 'warning');
      assert.match(lateMsg.text, new RegExp(`…${late.meta.last4}.*overdue for rotation by 5 days`));
      assert.match(shown.find((p) => p.text.includes('soon one'))?.text ?? '', /due for rotation in 4 days/);
      for (const p of api.prompts.shown) {
        assert.ok(!p.text.includes(late.value) && !p.text.includes(soon.value), 'a reminder showed a token value');
      }

      api.prompts.reset();
      assert.deepEqual(await panel.checkReminders(), [], 'a second check on the same day reminds nothing');
      assert.equal(api.prompts.shown.length, 0);

      api.setClockOffsetDays(1);
      assert.deepEqual((await panel.checkReminders()).sort(), [late.meta.id, soon.meta.id].sort(), 'the next day reminds again');
    });

    it('Snooze 7 Days suppresses the reminder of that token for 7 days, and persists in globalState', async () => {
      const late = await addAt(100);
      api.prompts.answer('Snooze 7 Days');
      assert.deepEqual(await panel.checkReminders(), [late.meta.id]);
      const book = api.services.context.globalState.get<Record<string, { snoozedUntil?: string }>>(REMINDER_BOOK_KEY);
      assert.ok(book?.[late.meta.id]?.snoozedUntil, 'snooze not persisted');

      for (const day of [1, 3, 6]) {
        api.setClockOffsetDays(day);
        assert.deepEqual(await panel.checkReminders(), [], `snoozed on day +${day}`);
      }
      // The snooze changes only the notifications: the panel still counts the token.
      assert.equal(panel.view.badge?.value, 1);

      api.setClockOffsetDays(7);
      assert.deepEqual(await panel.checkReminders(), [late.meta.id], 'reminded again after 7 days');
    });

    it('Open Panel reveals the Gogs Tokens view', async () => {
      await addAt(95);
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor(() => !panel.view.visible, 5000, 'the view to be hidden');
      api.prompts.answer('Open Panel');
      await panel.checkReminders();
      await waitFor(() => panel.view.visible, 5000, 'the Gogs Tokens view to open');
    });
  });

  describe('tooltip', () => {
    it('shows host, username, dates, fingerprint prefix, last 4 and a link to where the token was found', async () => {
      const file = path.join(workspaceRoot(), 'panel-tooltip', 'deploy.sh');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '#!/bin/sh\n# deploy\ncurl -H "Authorization: token $GOGS_TOKEN" https://git.example.test/api/v1/user\n');
      const { meta, value } = await addAt(12, {
        host: 'https://git.example.test',
        username: 'alice',
        foundIn: { uri: vscode.Uri.file(file).toString(), line: 3 },
      });
      const md = (await item(meta.id)).tooltip;
      assert.ok(md instanceof vscode.MarkdownString);
      const text = md.value;
      /** The text as rendered: Markdown escapes removed. */
      const plain = text.replace(/\\(?=[^\w\s])/g, '');
      assert.ok(!text.includes(value), 'the tooltip shows the token');
      assert.ok(plain.includes('Host: https://git.example.test'), text);
      assert.ok(plain.includes('Username: alice'), text);
      assert.ok(text.includes(ymd(localNoonDaysAgo(now(), 12))), text);
      assert.ok(text.includes(meta.fingerprint.slice(0, 12)), text);
      assert.ok(!text.includes(meta.fingerprint.slice(0, 13)), 'more of the fingerprint than the prefix');
      assert.ok(text.includes(`…${meta.last4}`), text);
      assert.match(plain, /First found: \[panel-tooltip\/deploy\.sh:3\]\(command:gogsKeyHygiene\.openTokenSource\?/);
      assert.deepEqual(md.isTrusted, { enabledCommands: ['gogsKeyHygiene.openTokenSource'] });

      // The link's command opens the file at that line.
      const link = /\(command:gogsKeyHygiene\.openTokenSource\?([^ )]+)/.exec(text);
      const args = JSON.parse(decodeURIComponent(link![1])) as unknown[];
      await vscode.commands.executeCommand('gogsKeyHygiene.openTokenSource', ...args);
      const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === file ? vscode.window.activeTextEditor : undefined), 5000, 'deploy.sh to open');
      assert.equal(editor.selection.active.line, 2);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // Once the file is gone, no link.
      fs.rmSync(file);
      const after = ((await item(meta.id)).tooltip as vscode.MarkdownString).value;
      assert.match(after, /no longer exists/);
      assert.ok(!after.includes('command:'), after);
    });
  });

  describe('item commands on a real stored token', () => {
    it('Rename changes the label (by id, by tree item, and from the palette with a pick)', async () => {
      const { meta } = await addAt(5, { envVar: 'GOGS_RENAME' });
      api.prompts.answer('Deploy bot');
      await vscode.commands.executeCommand('gogsKeyHygiene.renameToken', meta.id);
      assert.equal(store().meta(meta.id)?.label, 'Deploy bot');
      assert.equal((await item(meta.id)).label, 'Deploy bot — GOGS_RENAME');

      api.prompts.answer('Deploy bot 2');
      await vscode.commands.executeCommand('gogsKeyHygiene.renameToken', await item(meta.id));
      assert.equal(store().meta(meta.id)?.label, 'Deploy bot 2');

      api.prompts.answer('Deploy bot 2', 'Deploy bot 3');
      await vscode.commands.executeCommand('gogsKeyHygiene.renameToken');
      assert.equal(api.prompts.shown[api.prompts.shown.length - 2].kind, 'pick');
      assert.equal(store().meta(meta.id)?.label, 'Deploy bot 3');
    });

    it('Set Creation Date takes YYYY-MM-DD, rejects impossible and future dates, and re-ages the token', async () => {
      const { meta } = await addAt(0);
      const tenDaysAgo = ymd(localNoonDaysAgo(now(), 10));
      api.prompts.answer(tenDaysAgo);
      await vscode.commands.executeCommand('gogsKeyHygiene.setTokenCreationDate', meta.id);
      assert.equal((await item(meta.id)).description, '10 days · rotate in 80 days');

      const tomorrow = new Date(now().getTime());
      tomorrow.setDate(tomorrow.getDate() + 1);
      for (const bad of ['2025-02-29', '10/03/2025', ymd(tomorrow)]) {
        api.prompts.answer(bad);
        await assert.rejects(
          Promise.resolve(vscode.commands.executeCommand('gogsKeyHygiene.setTokenCreationDate', meta.id)),
          /validateInput/,
          `accepted ${bad}`,
        );
      }
      assert.equal((await item(meta.id)).description, '10 days · rotate in 80 days');
    });

    it('Copy Token puts the value in the clipboard, says so, and clears it after the delay', async () => {
      const { meta, value } = await addAt(3);
      await vscode.commands.executeCommand('gogsKeyHygiene.copyToken', meta.id);
      assert.equal(await vscode.env.clipboard.readText(), value);
      const msg = api.prompts.shown.find((p) => p.kind === 'info');
      assert.match(msg?.text ?? '', new RegExp(`Copied .*…${meta.last4}.* to the clipboard\\. It will be cleared in 30 seconds`));
      assert.ok(!msg!.text.includes(value));

      panel.setClipboardClearMs(300);
      await vscode.commands.executeCommand('gogsKeyHygiene.copyToken', meta.id);
      assert.equal(await vscode.env.clipboard.readText(), value);
      await waitFor(async () => (await vscode.env.clipboard.readText()) === '', 5000, 'the clipboard to be cleared');

      // Something else copied meanwhile is left alone.
      await vscode.commands.executeCommand('gogsKeyHygiene.copyToken', meta.id);
      await vscode.env.clipboard.writeText('something else');
      await sleep(600);
      assert.equal(await vscode.env.clipboard.readText(), 'something else');

      // "Keep in Clipboard" keeps it.
      api.prompts.answer('Keep in Clipboard');
      await vscode.commands.executeCommand('gogsKeyHygiene.copyToken', meta.id);
      await sleep(600);
      assert.equal(await vscode.env.clipboard.readText(), value);
      await vscode.env.clipboard.writeText('');
    });

    it('Delete from Keychain asks first, removes value and metadata, and says the token still works on the server', async () => {
      const { meta } = await addAt(30, { host: 'https://git.example.test', hostConfirmed: true });

      await vscode.commands.executeCommand('gogsKeyHygiene.deleteToken', meta.id); // dismissed
      assert.ok(store().meta(meta.id), 'deleted without confirmation');
      const ask = api.prompts.shown[0];
      assert.equal(ask.kind, 'warning');
      assert.deepEqual(ask.items, ['Delete from Keychain']);
      assert.match(ask.text, /still works on https:\/\/git\.example\.test until you revoke it there/);

      api.prompts.reset();
      api.prompts.answer('Delete from Keychain');
      await vscode.commands.executeCommand('gogsKeyHygiene.deleteToken', meta.id);
      assert.equal(store().meta(meta.id), undefined);
      assert.equal(await api.services.keychain.secrets.get(`gogsKeyHygiene.token/${meta.id}`), undefined, 'the secret is still in SecretStorage');
      assert.ok(!panel.provider.getChildren().includes(meta.id), 'still in the tree');
      const done = api.prompts.shown.find((p) => p.kind === 'info');
      assert.match(done?.text ?? '', /Deleted .* from the keychain\. It still works on https:\/\/git\.example\.test until you revoke it there/);
      assert.deepEqual(done?.items, ['Open Applications Page']);

      // A host only guessed from the file: no sign-in page is offered on it.
      const guessed = await addAt(30, { host: 'https://gitea-mirror.evil.test' });
      api.prompts.reset();
      api.prompts.answer('Delete from Keychain');
      await vscode.commands.executeCommand('gogsKeyHygiene.deleteToken', guessed.meta.id);
      assert.equal(store().meta(guessed.meta.id), undefined);
      assert.deepEqual(api.prompts.shown.find((p) => p.kind === 'info')?.items, []);
    });

    it('Add Token stores a pasted token through a password box, with env var and host', async () => {
      const value = newToken();
      api.prompts.answer(value, 'GOGS_ADDED', 'git.example.test/');
      const meta = (await vscode.commands.executeCommand('gogsKeyHygiene.addToken')) as TokenMeta | undefined;
      assert.ok(meta, 'nothing stored');
      assert.equal(api.prompts.shown[0].kind, 'input');
      assert.equal(api.prompts.shown[0].password, true, 'the token is not asked in a password box');
      assert.equal(await store().get(meta.id), value);
      assert.equal(meta.envVar, 'GOGS_ADDED');
      assert.equal(meta.host, 'https://git.example.test');
      assert.equal((await item(meta.id)).label, 'git.example.test — GOGS_ADDED');
      assert.equal((await item(meta.id)).description, 'created today · rotate in 90 days');
      for (const p of api.prompts.shown) assert.ok(!p.text.includes(value));

      // The same token again, or something that is not a token, is refused by the input box.
      for (const bad of [value, value.toUpperCase(), value.slice(0, 39)]) {
        api.prompts.reset();
        api.prompts.answer(bad);
        await assert.rejects(Promise.resolve(vscode.commands.executeCommand('gogsKeyHygiene.addToken')), /validateInput/);
      }
      assert.equal(store().list().length, 1);
    });

    it('item commands on a token that is gone say so instead of failing', async () => {
      const { meta } = await addAt(3);
      await store().delete(meta.id);
      await vscode.commands.executeCommand('gogsKeyHygiene.copyToken', meta.id);
      assert.match(api.prompts.shown[0]?.text ?? '', /no longer stored/);
    });
  });

  it('contributes the view in its own activity-bar container', async () => {
    await vscode.commands.executeCommand('gogsKeyHygiene.showTokens');
    await waitFor(() => panel.view.visible, 5000, 'the view to open');
    assert.ok((await vscode.commands.getCommands(true)).includes(`${VIEW}.focus`));
  });
});
