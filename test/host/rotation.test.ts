/**
 * **Rotate Gogs Token**, **Verify Token** and **I Deleted It** in a real extension host, against
 * the fake Gogs/Gitea server (test/gogs-server) started inside this same process. Tokens are
 * seeded on the fake server and stored through the extension's own TokenStore with
 * `host = server url`; the commands are driven through `vscode.commands.executeCommand`, either
 * with arguments (username/password/confirmDeleted) or through the scripted prompts.
 *
 * What must hold after a failure injected at any step (create, verify, keychain write, server
 * down): the old token is still stored, active, with the same value, and the server still
 * accepts it — asked both from the fake server's state and over HTTP with `GET /api/v1/user`.
 * No prompt ever shows the password or a token value (and the password is registered with the
 * security scan of zz-security.test.ts, which greps VS Code's folders for it).
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GogsApiError, GogsClient } from '../../src/gogs';
import type { NewToken, TokenMeta } from '../../src/keychain';
import type { ConfirmDeletedResult, RotateCommandResult, RotationCommandArgs, RotationTestHooks, VerifyCommandResult } from '../../src/rotation';
import type { TestingApi } from '../../src/testing';
import { startTestProxy, TestProxy } from '../gogs-server/proxy';
import { GogsServerHandle, ServerMode, startGogsServer } from '../gogs-server/server';
import { makeTestCertificates } from '../gogs-server/tls';
import { closeAllEditors, getExtensionApi, MANIFEST, openWorkspaceFile } from './helpers';

const CMD = {
  rotate: 'gogsKeyHygiene.rotateToken',
  verify: 'gogsKeyHygiene.verifyToken',
  deleted: 'gogsKeyHygiene.confirmTokenDeleted',
  startInjection: 'gogsKeyHygiene.startInjection',
  stopInjection: 'gogsKeyHygiene.stopInjection',
};
const ENV_VAR = 'GOGS_ROTATE_TEST';
/** The account password on the fake server: random for this run, never a real one. */
const PASSWORD = randomBytes(16).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const DAY_MS = 86_400_000;

describe('rotation', function () {
  this.timeout(30_000);
  let api: TestingApi;
  let hooks: RotationTestHooks;
  let srv: GogsServerHandle | undefined;
  /** Every token value seen in a test (old and new), for the no-secret-in-prompts check. */
  let values: string[] = [];

  const store = () => api.services.store;

  async function clean(): Promise<void> {
    api.setKeychainFault(undefined);
    api.setClockOffsetDays(0);
    hooks.setOpenExternal(undefined);
    hooks.openedUrls.length = 0;
    api.prompts.reset();
    for (const m of store().list()) await store().delete(m.id);
    for (const key of ['http.allowInsecureHttp', 'http.caCertificates', 'http.timeoutMs']) {
      const cfg = vscode.workspace.getConfiguration('gogsKeyHygiene');
      if (cfg.inspect(key)?.globalValue !== undefined) await cfg.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    const http = vscode.workspace.getConfiguration('http');
    if (http.inspect('proxy')?.globalValue !== undefined) await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
  }

  before(async () => {
    api = (await getExtensionApi<{ testing: TestingApi }>()).testing;
    assert.ok(api.rotation, 'the rotation feature did not register');
    hooks = api.rotation;
    api.registerTokenValue(PASSWORD);
  });
  beforeEach(async () => {
    values = [];
    await clean();
  });
  afterEach(async function () {
    // No prompt, message or button ever carried the password or a token.
    for (const p of api.prompts.shown) {
      const all = [p.text, ...p.items].join('\n');
      assert.ok(!all.includes(PASSWORD), `the password appeared in a ${p.kind} prompt`);
      for (const v of values) assert.ok(!all.includes(v), `a token (…${v.slice(-4)}) appeared in a ${p.kind} prompt: ${p.text}`);
    }
    await clean();
    await srv?.close();
    srv = undefined;
  });

  /** Starts the fake server, seeds the "laptop" token on it and stores it with host = server URL, 120 days old. */
  async function setup(mode: ServerMode, extra: Partial<NewToken> & { scopes?: string[] } = {}): Promise<{ server: GogsServerHandle; old: string; meta: TokenMeta }> {
    const { scopes, ...rest } = extra;
    const server = await startGogsServer({ mode, password: PASSWORD });
    srv = server;
    const old = server.state.seedToken('laptop', scopes ? { scopes } : {});
    values.push(old);
    const meta = await store().add({
      value: old,
      label: 'laptop',
      envVar: ENV_VAR,
      host: server.url,
      hostConfirmed: true,
      username: 'alice',
      createdAt: new Date(api.services.now().getTime() - 120 * DAY_MS),
      ...rest,
    });
    return { server, old, meta };
  }

  function rotate(args: RotationCommandArgs | string): Thenable<RotateCommandResult> {
    return vscode.commands.executeCommand<RotateCommandResult>(CMD.rotate, args);
  }

  /** Whether the server accepts `token`: its state, and a real `GET /api/v1/user` (→ login or undefined). */
  async function serverAccepts(server: GogsServerHandle, token: string): Promise<string | undefined> {
    const byState = server.state.isAccepted(token);
    const client = new GogsClient(server.url);
    let login: string | undefined;
    try {
      login = (await client.getUser(token)).username;
    } catch (err) {
      if (!(err instanceof GogsApiError && err.kind === 'unauthorized')) throw err;
    }
    assert.equal(byState, login !== undefined, 'the fake server state and its HTTP answer disagree');
    return login;
  }

  /** The old token is stored, active, unchanged, alone, and still accepted by the server. */
  async function assertOldIntact(server: GogsServerHandle, meta: TokenMeta, old: string): Promise<void> {
    const list = store().list();
    assert.deepEqual(list.map((m) => m.id), [meta.id], 'only the old token is stored');
    assert.equal(list[0].state ?? 'active', 'active');
    assert.equal(list[0].replacedBy, undefined);
    assert.equal(await store().get(meta.id), old, 'the stored value is unchanged');
    assert.equal(await serverAccepts(server, old), 'alice', 'the server still accepts the old token');
  }

  function shown(kind: string, re: RegExp) {
    return api.prompts.shown.filter((p) => p.kind === kind && re.test(p.text));
  }

  /** The new token: stored active under the same env var, same label and host, verified on the server; age reset to today. */
  async function assertNewToken(server: GogsServerHandle, r: Extract<RotateCommandResult, { newTokenId: string }>, before: Date): Promise<{ meta: TokenMeta; value: string }> {
    const meta = store().meta(r.newTokenId);
    assert.ok(meta, 'the new token is stored');
    assert.equal(meta.envVar, ENV_VAR, 'same env var');
    assert.equal(meta.label, 'laptop');
    assert.equal(meta.host, server.url);
    assert.equal(meta.username, 'alice');
    assert.equal(meta.state ?? 'active', 'active');
    assert.equal(meta.serverName, r.newTokenName);
    assert.match(r.newTokenName, /^laptop-\d{8}-\d{4}$/);
    assert.equal(store().findByEnvVar(ENV_VAR)?.id, meta.id, 'the env var now resolves to the new token');
    const value = await store().get(meta.id);
    assert.ok(value && /^[0-9a-f]{40}$/.test(value));
    values.push(value);
    assert.equal(await serverAccepts(server, value), 'alice', 'the server accepts the new token for the same login');
    assert.ok(server.state.tokenNames().includes(r.newTokenName));
    // Age reset: created (and rotated) now by the extension's clock.
    const created = new Date(meta.createdAt).getTime();
    assert.ok(created >= before.getTime() - 1000 && created <= api.services.now().getTime() + 1000, `createdAt ${meta.createdAt} is now`);
    assert.equal(meta.rotatedAt, meta.createdAt);
    const panel = api.panel;
    assert.ok(panel);
    panel.refresh();
    const item = (await panel.items()).find((i) => i.id === meta.id);
    assert.equal(item?.description, 'created today · rotate in 90 days');
    return { meta, value };
  }

  describe('Gogs (no delete API)', () => {
    it('full rotation with prompts: username, password (masked), applications page opened, "I Deleted It" confirmed by a 401, old token forgotten, age reset', async () => {
      const { server, old, meta } = await setup('gogs');
      // The browser: when the page opens, the user deletes the old token in the web UI.
      hooks.setOpenExternal((url) => {
        assert.equal(url, `${server.url}/user/settings/applications`);
        assert.ok(server.state.deleteToken('laptop'));
      });
      api.prompts.answer('alice', PASSWORD, 'I Deleted It');
      const before = api.services.now();
      const r = await rotate(meta.id);
      assert.equal(r.status, 'rotated', JSON.stringify(r));
      if (r.status !== 'rotated') return;
      assert.equal(r.flavor, 'gogs');
      assert.equal(r.oldTokenForgotten, true);

      const inputs = api.prompts.shown.filter((p) => p.kind === 'input');
      assert.equal(inputs.length, 2, 'asked for username and password only (one token: no pick)');
      assert.match(inputs[0].text, /username/i);
      assert.equal(inputs[0].password, undefined);
      assert.match(inputs[1].text, /Password of alice.*never stored/);
      assert.equal(inputs[1].password, true, 'the password box masks what is typed');
      const ask = shown('info', /Gogs has no API to delete tokens/);
      assert.equal(ask.length, 1);
      assert.deepEqual(ask[0].items, ['I Deleted It', 'Open Applications Page', 'Later']);
      assert.ok(ask[0].text.includes('"laptop"'), 'names the old token as the server lists it');
      assert.deepEqual(hooks.openedUrls, [`${server.url}/user/settings/applications`]);

      await assertNewToken(server, r, before);
      assert.equal(store().meta(meta.id), undefined, 'the old token is forgotten');
      assert.equal(await serverAccepts(server, old), undefined, 'the server rejects the old token');
      assert.equal(store().list().length, 1);
      assert.equal(shown('info', /Rotated: .* the old token is revoked/).length, 1);
    });

    it('"Later": the old token stays stored as pending revocation and still works; "I Deleted It" forgets it only once the server rejects it', async () => {
      const { server, old, meta } = await setup('gogs');
      const r = await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD, confirmDeleted: false });
      assert.equal(r.status, 'pending-revocation', JSON.stringify(r));
      if (r.status !== 'pending-revocation') return;
      assert.deepEqual(hooks.openedUrls, [`${server.url}/user/settings/applications`], 'the page was opened anyway');
      await assertNewToken(server, r, new Date(Date.now() - 5000));
      const oldMeta = store().meta(meta.id);
      assert.equal(oldMeta?.state, 'pending-revocation');
      assert.equal(oldMeta?.replacedBy, r.newTokenId);
      assert.equal(oldMeta?.serverName, 'laptop');
      assert.equal(await store().get(meta.id), old);
      assert.equal(await serverAccepts(server, old), 'alice', 'both tokens work until the user deletes the old one');
      const pending = shown('warning', /pending revocation/);
      assert.equal(pending.length, 1);
      assert.deepEqual(pending[0].items, ['Open Applications Page', 'I Deleted It']);

      // "I Deleted It" before deleting: the server still accepts it → kept.
      api.prompts.reset();
      assert.deepEqual(await vscode.commands.executeCommand<ConfirmDeletedResult>(CMD.deleted, meta.id), { status: 'still-accepted' });
      assert.equal(store().meta(meta.id)?.state, 'pending-revocation');
      assert.equal(shown('warning', /still accepts .*Delete it at .*\/user\/settings\/applications/).length, 1);

      // Deleted in the web UI → "I Deleted It" sees the 401 and forgets it.
      assert.ok(server.state.deleteToken('laptop'));
      assert.deepEqual(await vscode.commands.executeCommand<ConfirmDeletedResult>(CMD.deleted, meta.id), { status: 'forgotten' });
      assert.equal(store().meta(meta.id), undefined);
      assert.deepEqual(store().list().map((m) => m.id), [r.newTokenId]);
    });

    it('"I Deleted It" while the server still accepts the old token: asked again, then left pending (never forgotten while it works)', async () => {
      const { server, old, meta } = await setup('gogs');
      const r = await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD, confirmDeleted: true });
      assert.equal(r.status, 'pending-revocation', JSON.stringify(r));
      assert.equal(store().meta(meta.id)?.state, 'pending-revocation');
      assert.equal(await serverAccepts(server, old), 'alice');
      assert.match(r.status === 'pending-revocation' ? r.message : '', /still accepts the old token/);
    });
  });

  describe('Gitea (delete API)', () => {
    it('full rotation with arguments: old token revoked through the API and forgotten, scopes copied, no page opened, age reset (by the extension\'s clock)', async () => {
      // The extension's clock runs 30 days ahead: the new token's dates must come from it.
      api.setClockOffsetDays(30);
      const { server, old, meta } = await setup('gitea', { scopes: ['write:repository', 'read:user'] });
      const before = api.services.now();
      const r = await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD });
      assert.equal(r.status, 'rotated', JSON.stringify(r));
      if (r.status !== 'rotated') return;
      assert.equal(r.flavor, 'gitea');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 0, 'no prompt when the arguments say it all');
      await assertNewToken(server, r, before);
      assert.equal(await serverAccepts(server, old), undefined, 'the old token is revoked on the server');
      assert.deepEqual(server.state.tokenNames(), [r.newTokenName]);
      assert.deepEqual(server.state.tokens[0].scopes, ['write:repository', 'read:user'], "the old token's scopes");
      assert.equal(store().meta(meta.id), undefined);
      assert.deepEqual(hooks.openedUrls, []);
      assert.ok(server.state.requests.some((q) => q.method === 'DELETE'));
    });

    it('terminals get the new token: injection into new terminals is refreshed under the same env var', async () => {
      const { server, meta } = await setup('gitea');
      api.prompts.answer('Inject into New Terminals');
      assert.equal(await vscode.commands.executeCommand(CMD.startInjection, meta.id), true);
      try {
        const env = api.services.context.environmentVariableCollection;
        assert.equal(sha256(env.get(ENV_VAR)?.value ?? ''), meta.fingerprint);
        const r = await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD });
        assert.equal(r.status, 'rotated', JSON.stringify(r));
        if (r.status !== 'rotated') return;
        const fresh = store().meta(r.newTokenId);
        values.push((await store().get(r.newTokenId)) ?? '');
        assert.equal(sha256(env.get(ENV_VAR)?.value ?? ''), fresh?.fingerprint, 'new terminals get the new token');
        assert.deepEqual(api.inject?.injectedEnvVars(), [ENV_VAR]);
        assert.ok(server.state.tokenNames().length === 1);
      } finally {
        await vscode.commands.executeCommand(CMD.stopInjection);
      }
    });

    it('a token without a server URL: the URL is asked (validated: no plain http:// to other hosts), saved, and used', async () => {
      const { server, meta } = await setup('gitea', { host: undefined });
      assert.equal(store().meta(meta.id)?.host, undefined);
      api.prompts.answer('http://git.example.com');
      await assert.rejects(Promise.resolve(rotate(meta.id)), /Plain http:\/\/ would send your password unencrypted/);
      assert.equal(store().meta(meta.id)?.host, undefined, 'nothing saved for a refused URL');
      api.prompts.reset();
      api.prompts.answer(server.url, 'alice', PASSWORD);
      const r = await rotate(meta.id);
      assert.equal(r.status, 'rotated', JSON.stringify(r));
      if (r.status !== 'rotated') return;
      assert.match(api.prompts.shown[0].text, /Server of .*laptop/);
      assert.equal(store().meta(r.newTokenId)?.host, server.url);
      values.push((await store().get(r.newTokenId)) ?? '');
    });

    it('the reminder\'s "Rotate Now" runs the rotation of that token', async () => {
      const { server, meta } = await setup('gitea');
      api.prompts.answer('Rotate Now', 'alice', PASSWORD);
      const reminded = await api.panel?.checkReminders();
      assert.deepEqual(reminded, [meta.id]);
      const now = store().list();
      assert.equal(now.length, 1);
      assert.notEqual(now[0].id, meta.id, 'replaced by a new token');
      assert.equal(now[0].envVar, ENV_VAR);
      const value = (await store().get(now[0].id)) ?? '';
      values.push(value);
      assert.equal(await serverAccepts(server, value), 'alice');
    });
  });

  describe('token choice', () => {
    it('palette: one rotatable token → no pick; two → a pick listing both; Escape → nothing happens', async () => {
      const { meta } = await setup('gitea');
      await store().add({ value: randomBytes(20).toString('hex'), envVar: 'GOGS_OLD_PENDING', label: 'old', state: 'pending-revocation' });
      assert.deepEqual(await vscode.commands.executeCommand(CMD.rotate), { status: 'cancelled' });
      assert.equal(api.prompts.shown[0]?.kind, 'input', 'went straight to the username (the pending token is not offered)');
      api.prompts.reset();
      await store().add({ value: randomBytes(20).toString('hex'), envVar: 'GOGS_OTHER', label: 'other' });
      assert.deepEqual(await vscode.commands.executeCommand(CMD.rotate), { status: 'cancelled' });
      const pick = api.prompts.shown[0];
      assert.equal(pick?.kind, 'pick');
      assert.deepEqual(pick.items.sort(), ['laptop — GOGS_ROTATE_TEST', 'other — GOGS_OTHER'].sort());
      assert.equal(store().meta(meta.id)?.state ?? 'active', 'active');
    });

    it('an argument names the token by id, env var name or label, as Open Terminal takes it', async () => {
      const { meta } = await setup('gitea');
      for (const ref of [meta.id, ENV_VAR, 'laptop', { tokenId: ENV_VAR }]) {
        const r = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, ref);
        assert.equal(r.status, 'ok', `Verify Token with ${JSON.stringify(ref)}`);
      }
      assert.equal(shown('warning', /no longer stored/).length, 0);
      const r = await rotate({ tokenId: ENV_VAR, username: 'alice', password: PASSWORD });
      assert.equal(r.status, 'rotated', `Rotate Gogs Token with the env var name: ${JSON.stringify(r)}`);
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, 'NO_SUCH_TOKEN'), { status: 'no-token' });
      assert.equal(shown('warning', /No stored Gogs token is called “NO_SUCH_TOKEN”/).length, 1);
    });
  });

  for (const mode of ['gogs', 'gitea'] as const) {
    describe(`a failure at each step leaves the old token stored and working (${mode})`, () => {
      const args = (id: string): RotationCommandArgs => ({ tokenId: id, username: 'alice', password: PASSWORD, confirmDeleted: true });
      /** `GET /api/v1/user` hits before the verify step: Gogs flavour detection asks it once, then the check of the old token. */
      const userHitsBeforeVerify = mode === 'gogs' ? 2 : 1;

      async function expectFailure(r: RotateCommandResult, step: string, kind: string): Promise<Extract<RotateCommandResult, { status: 'failed' }>> {
        assert.equal(r.status, 'failed', JSON.stringify(r));
        if (r.status !== 'failed') throw new Error('unreachable');
        assert.equal(r.step, step);
        assert.equal(r.kind, kind);
        assert.equal(r.oldTokenIntact, true);
        assert.match(r.message, /Your old token is still stored and still works\./);
        const err = shown('error', /^Rotation stopped while/);
        assert.equal(err.length, 1, 'the failure is reported');
        assert.deepEqual(err[0].items, ['Try Again', 'Show Output']);
        return r;
      }

      /** After a failure past create: the new token was deleted again (Gitea) or is named with where to delete it (Gogs). */
      function assertStrayHandled(server: GogsServerHandle, r: { message: string }): void {
        if (mode === 'gogs') {
          assert.equal(server.state.tokenNames().length, 2);
          assert.match(r.message, /is still on the server and unused: delete it at http:\/\/127\.0\.0\.1:\d+\/user\/settings\/applications/);
        } else {
          assert.deepEqual(server.state.tokenNames(), ['laptop'], 'the new token was deleted again');
          assert.match(r.message, /was deleted again on the server/);
        }
      }

      it('create fails (500)', async () => {
        const { server, old, meta } = await setup(mode);
        server.setFault('tokens.create', { status500: true });
        const r = await expectFailure(await rotate(args(meta.id)), 'create', 'server');
        assert.match(r.message, /server failed on POST/);
        assert.deepEqual(server.state.tokenNames(), ['laptop']);
        server.clearFaults();
        await assertOldIntact(server, meta, old);
      });

      it('verify fails (500 on GET /api/v1/user with the new token)', async () => {
        const { server, old, meta } = await setup(mode);
        server.setFault('user', { status500: true, skip: userHitsBeforeVerify, times: 1 });
        const r = await expectFailure(await rotate(args(meta.id)), 'verify', 'server');
        assertStrayHandled(server, r);
        await assertOldIntact(server, meta, old);
      });

      it('verify fails (the new token answers for another login)', async () => {
        const { server, old, meta } = await setup(mode);
        const bob = server.state.addUser('bob', randomBytes(8).toString('hex'));
        // The server misbehaves: any token other than "laptop" is taken as bob's.
        const lookup = server.state.lookup.bind(server.state);
        server.state.lookup = (t: string) => {
          const found = lookup(t);
          return found && found.name !== 'laptop' ? { ...found, uid: bob.id } : found;
        };
        try {
          const r = await expectFailure(await rotate(args(meta.id)), 'verify', 'login-mismatch');
          assert.match(r.message, /belongs to "bob", not to "alice"/);
          assertStrayHandled(server, r);
        } finally {
          server.state.lookup = lookup;
        }
        await assertOldIntact(server, meta, old);
      });

      it('keychain write fails (SecretStorage store throws)', async () => {
        const { server, old, meta } = await setup(mode);
        api.setKeychainFault({ operations: ['store'], message: 'the keyring is locked (test fault)' });
        const r = await expectFailure(await rotate(args(meta.id)), 'store', 'keychain');
        assert.match(r.message, /Could not save the token in the OS keychain/);
        assertStrayHandled(server, r);
        api.setKeychainFault(undefined);
        await assertOldIntact(server, meta, old);
      });

      it('server down (connection refused)', async () => {
        const { server, old, meta } = await setup(mode);
        await server.suspend();
        const r = await expectFailure(await rotate(args(meta.id)), 'check', 'network');
        assert.match(r.message, /Could not reach http:\/\/127\.0\.0\.1:\d+/);
        await server.resume();
        assert.deepEqual(server.state.tokenNames(), ['laptop']);
        await assertOldIntact(server, meta, old);
      });

      it('wrong password: nothing created, the message says what to do', async () => {
        const { server, old, meta } = await setup(mode);
        const r = await expectFailure(await rotate({ ...args(meta.id), password: 'not the password' }), 'check', 'unauthorized');
        assert.match(r.message, /Wrong username or password/);
        assert.deepEqual(server.state.tokenNames(), ['laptop']);
        await assertOldIntact(server, meta, old);
      });
    });
  }

  describe('Verify Token', () => {
    it('shows the owner\'s login and says the server records the check as a use', async () => {
      const { server, meta } = await setup('gogs');
      const before = server.state.tokens[0].updatedUnix;
      const r = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
      assert.deepEqual(r, { status: 'ok', login: 'alice', fullName: 'Alice' });
      const msg = shown('info', /works on/);
      assert.equal(msg.length, 1);
      assert.match(msg[0].text, /belongs to alice \(Alice\)/);
      assert.match(msg[0].text, /records this check as a use of the token/);
      assert.ok(server.state.tokens[0].updatedUnix >= before && server.state.tokens[0].updatedUnix > 0, 'the fake server recorded the use');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 0);
    });

    it('a revoked token → "rejected" with what to do; a Gitea token without a user scope → "limited-scope"', async () => {
      const { server, meta } = await setup('gogs');
      server.state.deleteToken('laptop');
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id), { status: 'rejected' });
      assert.equal(shown('warning', /rejects .*\(401\)/).length, 1);
      assert.ok(store().meta(meta.id), 'verifying never deletes an active token');
      await srv?.close();
      for (const m of store().list()) await store().delete(m.id);
      const g = await setup('gitea', { scopes: ['write:repository'] });
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, g.meta.id), { status: 'limited-scope' });
    });

    it('is offered in the panel\'s item context menu for tokens in use', async () => {
      const menus = (MANIFEST as unknown as { contributes: { menus: Record<string, { command: string; when: string }[]> } }).contributes.menus;
      const entry = menus['view/item/context'].find((m) => m.command === CMD.verify);
      assert.ok(entry, 'no view/item/context entry');
      assert.match(entry.when, /view == gogsKeyHygiene\.tokens/);
      assert.ok(new RegExp(/viewItem =~ \/(.+)\/$/.exec(entry.when)?.[1] ?? '^$').test('gogsToken.active.ok'));
      assert.ok((await vscode.commands.getCommands(true)).includes(CMD.verify));
    });
  });

  describe('the server of a token found in a file', () => {
    const DECOY = 'gitea-mirror.evil.test';
    let proxy: TestProxy | undefined;
    afterEach(async () => {
      await closeAllEditors();
      await proxy?.close();
      proxy = undefined;
    });

    /**
     * Starts the fake server (Gitea: rotation needs no web UI step) and a CONNECT proxy that
     * resolves no name, set as `http.proxy`: any attempt to reach a non-loopback host such as the
     * decoy shows up in `proxy.connects` (and goes no further). The loopback server bypasses it.
     */
    async function world(): Promise<{ server: GogsServerHandle; proxy: TestProxy; token: string }> {
      const server = await startGogsServer({ mode: 'gitea', password: PASSWORD });
      srv = server;
      const p = await startTestProxy([]);
      proxy = p;
      await vscode.workspace.getConfiguration('http').update('proxy', p.url, vscode.ConfigurationTarget.Global);
      const token = server.state.seedToken('laptop');
      values.push(token);
      return { server, proxy: p, token };
    }

    /** Writes `text` to `rel` in the workspace and runs the move quick fix on `token` (env var given). */
    async function moveFromFile(rel: string, text: string, token: string, envVar: string): Promise<TokenMeta> {
      const { doc } = await openWorkspaceFile(rel, text);
      const moved = await vscode.commands.executeCommand<boolean>('gogsKeyHygiene.moveToKeychain', { uri: doc.uri.toString(), start: text.indexOf(token), version: doc.version, envVar });
      assert.equal(moved, true, 'the move fix ran');
      assert.ok(!doc.getText().includes(token));
      const meta = store().findByFingerprint(sha256(token));
      assert.ok(meta, 'stored');
      return meta;
    }

    it('a host guessed near the token (a decoy URL six lines up) is confirmed first: nothing reaches any server before, the decoy never gets anything, prompts name the host', async () => {
      const { server, proxy, token } = await world();
      const text = [
        `# read-only mirror: https://${DECOY}/org/infra`,
        'set -eu',
        'cd "$(dirname "$0")"',
        'echo "deploying"',
        '',
        '',
        `GITEA_TOKEN=${token}`,
        `curl -fsS -H "Authorization: token $GITEA_TOKEN" ${server.url}/api/v1/user`,
        '',
      ].join('\n');
      const meta = await moveFromFile('hosts/deploy.sh', text, token, 'GOGS_GUESSED_TEST');
      assert.equal(meta.host, DECOY, "the detector's guess is kept as a suggestion");
      assert.notEqual(meta.hostConfirmed, true, 'a guess is not confirmed');

      // Verify: the prefilled confirmation comes first; Escape sends nothing anywhere.
      api.prompts.reset();
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id), { status: 'cancelled' });
      const confirm = api.prompts.shown.filter((p) => p.kind === 'input');
      assert.equal(confirm.length, 1);
      assert.equal(confirm[0].title, 'Confirm Gogs Server');
      assert.equal(confirm[0].value, `https://${DECOY}`, 'prefilled with the guess');
      assert.ok(confirm[0].text.includes(`would be sent to https://${DECOY}, a server guessed from the text near the token in hosts/deploy.sh line 7`), confirm[0].text);
      // Rotate with username and password given: still asks first, so the password goes nowhere.
      assert.deepEqual(await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD }), { status: 'cancelled' });
      // A command argument does not confirm a server either.
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, { tokenId: meta.id, serverUrl: `https://${DECOY}` }), { status: 'cancelled' });
      assert.deepEqual(proxy.connects, [], 'no connection to the decoy (or any other host)');
      assert.equal(server.state.requests.length, 0, 'nothing sent to the real server either');
      assert.notEqual(store().meta(meta.id)?.hostConfirmed, true);

      // The user corrects the host: used, saved as confirmed, never asked again.
      api.prompts.reset();
      api.prompts.answer(server.url);
      assert.deepEqual(await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id), { status: 'ok', login: 'alice', fullName: 'Alice' });
      assert.equal(store().meta(meta.id)?.host, server.url);
      assert.equal(store().meta(meta.id)?.hostConfirmed, true);
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'info' && p.text.includes(`works on ${server.url}`)).length, 1);
      api.prompts.reset();
      assert.equal((await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id)).status, 'ok');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 0, 'confirmed once');

      // Rotation: the password prompt names the server it goes to; the new token keeps the confirmed host.
      api.prompts.reset();
      api.prompts.answer('alice', PASSWORD);
      const r = await rotate(meta.id);
      assert.equal(r.status, 'rotated', JSON.stringify(r));
      const inputs = api.prompts.shown.filter((p) => p.kind === 'input');
      assert.equal(inputs.length, 2, 'username and password only');
      assert.ok(inputs[1].password && inputs[1].text.includes(`on ${server.url}`), inputs[1].text);
      if (r.status === 'rotated') {
        values.push((await store().get(r.newTokenId)) ?? '');
        assert.equal(store().meta(r.newTokenId)?.host, server.url);
        assert.equal(store().meta(r.newTokenId)?.hostConfirmed, true);
      }
      assert.deepEqual(proxy.connects, [], 'the decoy never got anything');
    });

    it('the host of the URL that carried the token (https://user:TOKEN@host/) is not a guess: used without asking, the decoy beside it gets nothing', async () => {
      const { server, proxy, token } = await world();
      const cloneUrl = server.url.replace('http://', `http://alice:${token}@`);
      const text = [`# mirror: https://${DECOY}/org/infra`, `git clone ${cloneUrl}/alice/infra.git`, ''].join('\n');
      const meta = await moveFromFile('hosts/clone.sh', text, token, 'GOGS_USERINFO_TEST');
      assert.equal(meta.host, server.url);
      assert.equal(meta.hostConfirmed, true);
      api.prompts.reset();
      assert.equal((await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id)).status, 'ok');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 0, 'no confirmation needed');
      assert.deepEqual(proxy.connects, []);
    });

    it('a token added by hand with a typed server URL counts as confirmed', async () => {
      const { server, token } = await world();
      api.prompts.answer(token, 'GOGS_TYPED_TEST', server.url);
      const meta = await vscode.commands.executeCommand<TokenMeta | undefined>('gogsKeyHygiene.addToken');
      assert.ok(meta);
      assert.equal(store().meta(meta.id)?.hostConfirmed, true);
      api.prompts.reset();
      assert.equal((await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id)).status, 'ok');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 0);
      assert.equal(store().meta(meta.id)?.host, server.url);
    });
  });

  describe('settings: CA certificates, http.proxy, insecure http, timeout', () => {
    let tmp: string;
    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-rotation-'));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('the client options follow gogsKeyHygiene.http.* and VS Code\'s http.proxy', async () => {
      const c = vscode.workspace.getConfiguration('gogsKeyHygiene');
      assert.deepEqual(await hooks.clientOptions(), { timeoutMs: 10_000, allowInsecureHttp: false });
      await c.update('http.timeoutMs', 2500, vscode.ConfigurationTarget.Global);
      await c.update('http.allowInsecureHttp', true, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('http').update('proxy', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
      const o = await hooks.clientOptions();
      assert.equal(o.timeoutMs, 2500);
      assert.equal(o.allowInsecureHttp, true);
      assert.equal(o.proxy, 'http://127.0.0.1:9');
    });

    it('a server behind a private CA: fails with a TLS error naming the CA setting, works once the PEM file is listed; through http.proxy to a non-loopback name', async () => {
      const certs = makeTestCertificates();
      const caFile = path.join(tmp, 'internal-ca.pem');
      fs.writeFileSync(caFile, certs.caPem);
      const server = await startGogsServer({ mode: 'gogs', password: PASSWORD, tls: { key: certs.key, cert: certs.cert } });
      srv = server;
      const proxy = await startTestProxy(['gogs.test']);
      try {
        const token = server.state.seedToken('tls');
        values.push(token);
        const meta = await store().add({ value: token, label: 'tls', envVar: 'GOGS_TLS_TEST', host: `https://gogs.test:${server.port}`, hostConfirmed: true });

        // gogs.test only resolves through the proxy.
        await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
        const noCa = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
        assert.equal(noCa.status, 'failed');
        assert.equal(noCa.status === 'failed' ? noCa.kind : '', 'tls');
        assert.equal(shown('error', /TLS certificate .* was not accepted.*CA certificate/).length, 1);

        await vscode.workspace.getConfiguration('gogsKeyHygiene').update('http.caCertificates', [caFile], vscode.ConfigurationTarget.Global);
        const ok = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
        assert.deepEqual(ok, { status: 'ok', login: 'alice', fullName: 'Alice' });
        assert.ok(proxy.connects.includes(`gogs.test:${server.port}`), `tunnelled through the proxy: ${proxy.connects.join(', ')}`);

        // A CA path that does not exist: a clear settings error, nothing sent.
        await vscode.workspace.getConfiguration('gogsKeyHygiene').update('http.caCertificates', [path.join(tmp, 'missing.pem')], vscode.ConfigurationTarget.Global);
        const requests = server.state.requests.length;
        const bad = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
        assert.equal(bad.status, 'failed');
        assert.equal(shown('error', /Could not read the CA certificate file .*missing\.pem \(it does not exist\)/).length, 1);
        assert.equal(server.state.requests.length, requests);
      } finally {
        await proxy.close();
      }
    });

    it('plain http:// to a non-loopback host is refused without sending anything, unless allowInsecureHttp is on', async () => {
      const server = await startGogsServer({ mode: 'gogs', password: PASSWORD });
      srv = server;
      const proxy = await startTestProxy(['gogs.test']);
      try {
        const token = server.state.seedToken('plain');
        values.push(token);
        const meta = await store().add({ value: token, label: 'plain', envVar: 'GOGS_PLAIN_TEST', host: `http://gogs.test:${server.port}`, hostConfirmed: true });
        await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
        const refused = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
        assert.equal(refused.status === 'failed' ? refused.kind : refused.status, 'insecure-url');
        assert.equal(server.state.requests.length, 0);
        assert.deepEqual(proxy.connects, []);
        await vscode.workspace.getConfiguration('gogsKeyHygiene').update('http.allowInsecureHttp', true, vscode.ConfigurationTarget.Global);
        const ok = await vscode.commands.executeCommand<VerifyCommandResult>(CMD.verify, meta.id);
        assert.deepEqual(ok, { status: 'ok', login: 'alice', fullName: 'Alice' });
      } finally {
        await proxy.close();
      }
    });

    it('gogsKeyHygiene.http.timeoutMs bounds a slow server; the old token stays stored and working', async () => {
      const { server, old, meta } = await setup('gogs');
      await vscode.workspace.getConfiguration('gogsKeyHygiene').update('http.timeoutMs', 1000, vscode.ConfigurationTarget.Global);
      server.setFault('tokens.create', { slowMs: 3000, times: 1 });
      const t0 = Date.now();
      const r = await rotate({ tokenId: meta.id, username: 'alice', password: PASSWORD, confirmDeleted: true });
      assert.equal(r.status, 'failed');
      assert.equal(r.status === 'failed' ? r.kind : '', 'timeout');
      assert.ok(Date.now() - t0 < 2900, `gave up after about the timeout (${Date.now() - t0} ms)`);
      assert.match(r.status === 'failed' ? r.message : '', /within 1 s/);
      server.clearFaults();
      await assertOldIntact(server, meta, old);
    });
  });
});
