/**
 * The local fake server behaves as Gogs / Gitea do on the routes the extension uses (raw HTTP,
 * no client code involved). If these fail, the client tests prove nothing.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { GogsServerHandle, startGogsServer } from '../../gogs-server/server';
import { sha256Hex } from '../../gogs-server/state';

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

async function call(
  srv: GogsServerHandle,
  method: string,
  p: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; text: string; json: unknown }> {
  const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
  if (body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(srv.url + p, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

describe('fake Gogs server (gogs mode)', () => {
  let srv: GogsServerHandle;
  let password: string;
  beforeEach(async () => {
    password = randomBytes(8).toString('hex') + 'Pw';
    srv = await startGogsServer({ mode: 'gogs', password });
  });
  afterEach(() => srv.close());

  it('GET /api/v1/user accepts only `Authorization: token <t>` (auth.go), answering the user JSON', async () => {
    const token = srv.state.seedToken('ci');
    const ok = await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.json as object).sort(), ['avatar_url', 'email', 'full_name', 'id', 'login', 'username']);
    assert.equal((ok.json as { username: string }).username, 'alice');

    for (const h of [`Token ${token}`, `Bearer ${token}`, `bearer ${token}`, `token  ${token} extra`]) {
      const r = await call(srv, 'GET', '/api/v1/user', { Authorization: h });
      assert.equal(r.status, 401, h.split(' ')[0]);
      assert.equal(r.text, '', 'Gogs reqToken answers a bare 401');
    }
    assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: basic('alice', password) })).status, 401, 'Basic is not token auth');
    assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: basic(token, '') })).status, 401, 'token in Basic is not read by the API');
  });

  it('ignores ?token= and ?access_token= (removed in Gogs 0.14.2) unless configured like an older Gogs', async () => {
    const token = srv.state.seedToken('ci');
    assert.equal((await call(srv, 'GET', `/api/v1/user?token=${token}`)).status, 401);
    assert.equal((await call(srv, 'GET', `/api/v1/user?access_token=${token}`)).status, 401);
    const old = await startGogsServer({ mode: 'gogs', acceptQueryToken: true });
    try {
      const t2 = old.state.seedToken('legacy');
      assert.equal((await call(old, 'GET', `/api/v1/user?token=${t2}`)).status, 200);
    } finally {
      await old.close();
    }
  });

  it('token routes need Basic username/password; a token there gets 401; path username is ignored (app.go uses c.User)', async () => {
    const token = srv.state.seedToken('ci');
    srv.state.addUser('bob', 'bob-password');
    const list = await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', password) });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, [{ name: 'ci', sha1: sha256Hex(token).slice(0, 40) }]);

    assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: `token ${token}` })).status, 401);
    assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', token) })).status, 401);
    assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', 'wrong') })).status, 401);
    const bobListsAlice = await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('bob', 'bob-password') });
    assert.equal(bobListsAlice.status, 200);
    assert.deepEqual(bobListsAlice.json, [], "Gogs lists the signed-in user's tokens, not the path's");
  });

  it('create → 201 {name, sha1=raw token}; stores only SHA-256; duplicate → 422; empty name → 422', async () => {
    const auth = { Authorization: basic('alice', password) };
    const created = await call(srv, 'POST', '/api/v1/users/alice/tokens', auth, { name: 'deploy' });
    assert.equal(created.status, 201);
    const { name, sha1 } = created.json as { name: string; sha1: string };
    assert.equal(name, 'deploy');
    assert.match(sha1, /^[0-9a-f]{40}$/);
    assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${sha1}` })).status, 200);
    assert.ok(!JSON.stringify(srv.state.tokens).includes(sha1), 'raw token not kept');
    assert.ok(!JSON.stringify(srv.state.snapshot()).includes(sha1));

    const dup = await call(srv, 'POST', '/api/v1/users/alice/tokens', auth, { name: 'deploy' });
    assert.equal(dup.status, 422);
    assert.match((dup.json as { message: string }).message, /already exists/);
    const empty = await call(srv, 'POST', '/api/v1/users/alice/tokens', auth, { name: '' });
    assert.equal(empty.status, 422);
    assert.ok(Array.isArray(empty.json), 'binding errors are a list');
  });

  it('has no DELETE route (404 from the catch-all) and no /api/v1/version', async () => {
    srv.state.seedToken('ci');
    const del = await call(srv, 'DELETE', '/api/v1/users/alice/tokens/1', { Authorization: basic('alice', password) });
    assert.equal(del.status, 404);
    assert.deepEqual(srv.state.tokenNames(), ['ci']);
    assert.equal((await call(srv, 'GET', '/api/v1/version')).status, 404);
    assert.equal((await call(srv, 'GET', '/api/forgejo/v1/version')).status, 404);
  });

  it('web UI: the applications page lists names (never values); deleting there revokes the token', async () => {
    const token = srv.state.seedToken('laptop');
    const page = await call(srv, 'GET', '/user/settings/applications');
    assert.equal(page.status, 200);
    assert.match(page.text, /laptop/);
    assert.ok(!page.text.includes(token));
    const res = await fetch(`${srv.url}/user/settings/applications/delete`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: `id=${srv.state.tokens[0].id}`,
    });
    assert.deepEqual(await res.json(), { redirect: '/user/settings/applications' });
    assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` })).status, 401);
  });

  it('fault switches can be flipped over HTTP by another process (slow, 500, drop, bad JSON, skip/times)', async () => {
    const token = srv.state.seedToken('ci');
    const auth = { Authorization: `token ${token}` };
    const set = (route: string, fault: unknown): Promise<unknown> => call(srv, 'POST', '/__test/faults', {}, { route, fault });

    await set('user', { status500: true, times: 1 });
    assert.equal((await call(srv, 'GET', '/api/v1/user', auth)).status, 500);
    assert.equal((await call(srv, 'GET', '/api/v1/user', auth)).status, 200, 'times: 1 clears itself');

    await set('user', { badJson: true });
    const bad = await call(srv, 'GET', '/api/v1/user', auth);
    assert.equal(bad.status, 200);
    assert.equal(bad.json, undefined, 'not parseable');
    await call(srv, 'DELETE', '/__test/faults');

    await set('user', { dropConnection: true, skip: 1 });
    assert.equal((await call(srv, 'GET', '/api/v1/user', auth)).status, 200, 'skip: 1 lets the first pass');
    await assert.rejects(call(srv, 'GET', '/api/v1/user', auth), TypeError);
    await call(srv, 'DELETE', '/__test/faults');

    await set('user', { slowMs: 300 });
    const t0 = Date.now();
    assert.equal((await call(srv, 'GET', '/api/v1/user', auth)).status, 200);
    assert.ok(Date.now() - t0 >= 280, 'slow');
    assert.deepEqual(srv.faults(), { user: { slowMs: 300 } });
  });

  it('dropConnection: "after" performs the request (token created) but never answers', async () => {
    srv.setFault('tokens.create', { dropConnection: 'after' });
    await assert.rejects(
      call(srv, 'POST', '/api/v1/users/alice/tokens', { Authorization: basic('alice', password) }, { name: 'lost' }),
      TypeError,
    );
    assert.deepEqual(srv.state.tokenNames(), ['lost']);
  });

  it('suspend()/resume() takes the server down and back with the same state', async () => {
    const token = srv.state.seedToken('ci');
    await srv.suspend();
    await assert.rejects(call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` }), TypeError);
    await srv.resume();
    assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` })).status, 200);
  });

  it('records requests without header values or query strings', async () => {
    const token = srv.state.seedToken('ci');
    await call(srv, 'GET', `/api/v1/user?token=${token}`, { Authorization: `token ${token}` });
    const rec = srv.state.requests.at(-1);
    assert.deepEqual(rec, { method: 'GET', path: '/api/v1/user', authScheme: 'token', queryToken: true, status: 200 });
    assert.ok(!JSON.stringify(srv.state.requests).includes(token));
  });
});

for (const mode of ['gitea', 'forgejo'] as const) {
  describe(`fake server (${mode} mode)`, () => {
    let srv: GogsServerHandle;
    const password = 'correct horse battery';
    beforeEach(async () => {
      srv = await startGogsServer({ mode, password });
    });
    afterEach(() => srv.close());

    it('accepts `token` and `Bearer` in any case on /api/v1/user, and Basic password', async () => {
      const token = srv.state.seedToken('ci');
      for (const scheme of ['token', 'Token', 'Bearer', 'bearer', 'BEARER']) {
        assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: `${scheme} ${token}` })).status, 200, scheme);
      }
      const viaBasic = await call(srv, 'GET', '/api/v1/user', { Authorization: basic('alice', password) });
      assert.equal(viaBasic.status, 200);
      assert.equal((viaBasic.json as { login: string }).login, 'alice');
      assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: 'token 0000000000000000000000000000000000000000' })).status, 401);
    });

    it('a token without a user scope gets 403 on /api/v1/user', async () => {
      const token = srv.state.seedToken('narrow', { scopes: ['read:repository'] });
      const r = await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` });
      assert.equal(r.status, 403);
      assert.match((r.json as { message: string }).message, /scope/);
    });

    it('list → {id, name, sha1:"", token_last_eight, scopes}; create → 201 with id; duplicate → 400; DELETE → 204', async () => {
      const token = srv.state.seedToken('ci');
      const auth = { Authorization: basic('alice', password) };
      const list = await call(srv, 'GET', '/api/v1/users/alice/tokens', auth);
      assert.deepEqual(list.json, [{ id: 1, name: 'ci', sha1: '', token_last_eight: token.slice(-8), scopes: ['all'] }]);
      const created = await call(srv, 'POST', '/api/v1/users/alice/tokens', auth, { name: 'new', scopes: ['read:user'] });
      assert.equal(created.status, 201);
      const c = created.json as { id: number; sha1: string; token_last_eight: string };
      assert.match(c.sha1, /^[0-9a-f]{40}$/);
      assert.equal(c.token_last_eight, c.sha1.slice(-8));
      const dup = await call(srv, 'POST', '/api/v1/users/alice/tokens', auth, { name: 'new' });
      assert.equal(dup.status, 400);
      assert.equal((await call(srv, 'DELETE', `/api/v1/users/alice/tokens/${c.id}`, auth)).status, 204);
      assert.equal((await call(srv, 'DELETE', '/api/v1/users/alice/tokens/ci', auth)).status, 204, 'by name');
      assert.equal((await call(srv, 'DELETE', '/api/v1/users/alice/tokens/ci', auth)).status, 404);
      assert.equal((await call(srv, 'GET', '/api/v1/user', { Authorization: `token ${token}` })).status, 401);
    });

    it('pages the token list: 30 by default, `limit` up to 50, total in X-Total-Count', async () => {
      for (let i = 0; i < 55; i++) srv.state.seedToken(`t${i}`);
      const auth = { Authorization: basic('alice', password) };
      const first = await fetch(`${srv.url}/api/v1/users/alice/tokens`, { headers: auth });
      assert.equal(((await first.json()) as unknown[]).length, 30);
      assert.equal(first.headers.get('x-total-count'), '55');
      const big = await call(srv, 'GET', '/api/v1/users/alice/tokens?limit=100&page=1', auth);
      assert.equal((big.json as unknown[]).length, 50);
      const p2 = await call(srv, 'GET', '/api/v1/users/alice/tokens?limit=50&page=2', auth);
      assert.deepEqual((p2.json as { name: string }[]).map((t) => t.name), ['t50', 't51', 't52', 't53', 't54']);
    });

    it('refuses a token on the token routes and another user\'s path (403)', async () => {
      const token = srv.state.seedToken('ci');
      srv.state.addUser('bob', 'bob-password');
      assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: `token ${token}` })).status, 401);
      assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', token) })).status, 401);
      assert.equal((await call(srv, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('bob', 'bob-password') })).status, 403);
    });

    it('version routes tell Gitea from Forgejo', async () => {
      const v1 = await call(srv, 'GET', '/api/v1/version');
      assert.equal(v1.status, 200);
      assert.equal(typeof (v1.json as { version: string }).version, 'string');
      assert.equal((await call(srv, 'GET', '/api/forgejo/v1/version')).status, mode === 'forgejo' ? 200 : 404);
    });

    it('2FA: password Basic auth needs the OTP header', async () => {
      const s2 = await startGogsServer({ mode, password, otp: '123456' });
      try {
        const r = await call(s2, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', password) });
        assert.equal(r.status, 401);
        assert.match((r.json as { message: string }).message, /OTP/);
        const header = mode === 'forgejo' ? 'X-Forgejo-OTP' : 'X-Gitea-OTP';
        assert.equal((await call(s2, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', password), [header]: '123456' })).status, 200);
        assert.equal((await call(s2, 'GET', '/api/v1/users/alice/tokens', { Authorization: basic('alice', password), 'X-Gitea-OTP': '000000' })).status, 401);
      } finally {
        await s2.close();
      }
    });
  });
}

describe('fake server CLI', () => {
  it('`node out/test/gogs-server/cli.js --port 0 --mode gogs` prints url, user, password and a working token as JSON', async function () {
    this.timeout(15000);
    const cli = path.join(__dirname, '..', '..', 'gogs-server', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', '--mode', 'gogs', '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const nl = buf.indexOf('\n');
          if (nl >= 0) resolve(buf.slice(0, nl));
        });
        child.on('exit', (code) => reject(new Error(`cli exited ${code}`)));
        child.on('error', reject);
      });
      const info = JSON.parse(line) as { url: string; username: string; password: string; token: string; mode: string; applicationsUrl: string };
      assert.equal(info.mode, 'gogs');
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.token, /^[0-9a-f]{40}$/);
      const me = await fetch(`${info.url}/api/v1/user`, { headers: { Authorization: `token ${info.token}` } });
      assert.equal(((await me.json()) as { username: string }).username, info.username);
      const list = await fetch(`${info.url}/api/v1/users/${info.username}/tokens`, { headers: { Authorization: basic(info.username, info.password) } });
      assert.equal(list.status, 200);
      assert.equal(info.applicationsUrl, `${info.url}/user/settings/applications`);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await exited;
    }
  });
});
