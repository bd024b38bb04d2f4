/**
 * GogsClient against the local fake server (gogs, gitea and forgejo modes), including every
 * fault switch, TLS with a private CA, and a CONNECT proxy.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { GogsApiError, GogsClient, UnsupportedError, bypassesProxy, gogsListedSha1, tokenMatchesServerEntry } from '../../../src/gogs';
import type { GogsApiErrorKind } from '../../../src/gogs';
import { startTestProxy } from '../../gogs-server/proxy';
import { GogsServerHandle, startGogsServer } from '../../gogs-server/server';
import { makeTestCertificates, TestCertificates } from '../../gogs-server/tls';

const randomToken = (): string => randomBytes(20).toString('hex');

async function rejectsKind<T>(p: Promise<T>, kind: GogsApiErrorKind, status?: number): Promise<GogsApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GogsApiError, `expected GogsApiError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    if (status !== undefined) assert.equal(err.status, status);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

for (const mode of ['gogs', 'gitea', 'forgejo'] as const) {
  describe(`GogsClient against the fake server (${mode})`, () => {
    let srv: GogsServerHandle;
    let client: GogsClient;
    let password: string;
    let token: string;

    beforeEach(async () => {
      password = `pw-${randomBytes(6).toString('hex')}`;
      srv = await startGogsServer({ mode, password });
      token = srv.state.seedToken('laptop');
      client = new GogsClient(srv.url, { timeoutMs: 2000 });
    });
    afterEach(async () => {
      await client.close();
      await srv.close();
    });

    it('getUser returns the owner, sending only `Authorization: token` (no query string)', async () => {
      const user = await client.getUser(token);
      assert.equal(user.username, 'alice');
      assert.equal(user.id, 1);
      assert.equal(user.email, 'alice@example.test');
      const rec = srv.state.requests.filter((r) => r.path === '/api/v1/user');
      assert.deepEqual(rec.map((r) => [r.authScheme, r.queryToken]), [['token', false]]);
    });

    it('getUser of an unknown or deleted token → unauthorized (401)', async () => {
      await rejectsKind(client.getUser(randomToken()), 'unauthorized', 401);
      srv.state.deleteToken('laptop');
      await rejectsKind(client.getUser(token), 'unauthorized', 401);
    });

    it('listTokens finds the stored token by hash, without sending it', async () => {
      const list = await client.listTokens('alice', password);
      assert.equal(list.length, 1);
      assert.equal(list[0].name, 'laptop');
      assert.ok(tokenMatchesServerEntry(token, list[0]));
      assert.ok(!tokenMatchesServerEntry(randomToken(), list[0]));
      if (mode === 'gogs') assert.equal(list[0].sha1, gogsListedSha1(token));
      else assert.equal(typeof list[0].id, 'number');
      const schemes = srv.state.requests.filter((r) => r.path.endsWith('/tokens')).map((r) => r.authScheme);
      assert.deepEqual(schemes, ['Basic']);
    });

    it('listTokens with a wrong password, or with a token as password → unauthorized', async () => {
      const e = await rejectsKind(client.listTokens('alice', 'not-the-password'), 'unauthorized', 401);
      assert.match(e.message, /username or password/);
      await rejectsKind(client.listTokens('alice', token), 'unauthorized', 401);
    });

    it('createToken returns a working 40-hex token; the same name again → conflict (Gogs 422, Gitea 400)', async () => {
      // Gitea ≥ 1.20 tokens need a user scope to call /api/v1/user; Gogs ignores scopes.
      const created = await client.createToken('alice', password, 'ci-2026', undefined, { scopes: ['read:user'] });
      assert.equal(created.name, 'ci-2026');
      assert.match(created.token, /^[0-9a-f]{40}$/);
      assert.equal((await client.getUser(created.token)).username, 'alice');
      const e = await rejectsKind(client.createToken('alice', password, 'ci-2026'), 'conflict', mode === 'gogs' ? 422 : 400);
      assert.match(e.message, /ci-2026/);
      await rejectsKind(client.createToken('alice', password, ''), 'invalid-input', 422);
    });

    it('detectFlavor tells the server apart and caches the answer', async () => {
      assert.equal(await client.detectFlavor(), mode);
      const n = srv.state.requests.length;
      assert.equal(await client.detectFlavor(), mode);
      assert.equal(srv.state.requests.length, n, 'cached');
      assert.equal(new GogsClient(srv.url, { flavor: mode }).applicationsPageUrl(), `${srv.url}/user/settings/applications`);
    });

    if (mode === 'gogs') {
      it('deleteToken throws UnsupportedError and sends no DELETE (Gogs has no delete API)', async () => {
        const err = await rejectsKind(client.deleteToken('alice', password, 'laptop'), 'unsupported');
        assert.ok(err instanceof UnsupportedError);
        assert.ok(err.message.includes(`${srv.url}/user/settings/applications`));
        assert.ok(!srv.state.requests.some((r) => r.method === 'DELETE'));
        assert.ok(srv.state.isAccepted(token));
      });
    } else {
      it('deleteToken by id and by name → the server rejects the token afterwards', async () => {
        const [entry] = await client.listTokens('alice', password);
        await client.deleteToken('alice', password, entry.id as number);
        await rejectsKind(client.getUser(token), 'unauthorized');
        const other = await client.createToken('alice', password, 'other', undefined, { scopes: ['read:user'] });
        await client.deleteToken('alice', password, 'other');
        await rejectsKind(client.getUser(other.token), 'unauthorized');
        await rejectsKind(client.deleteToken('alice', password, 'other'), 'not-found', 404);
      });

      it('listTokens follows the pages (Gitea answers 30 per page by default) and finds a token on page 2', async () => {
        for (let i = 0; i < 60; i++) srv.state.seedToken(`bulk-${i}`);
        const last = srv.state.seedToken('newest');
        const list = await client.listTokens('alice', password);
        assert.equal(list.length, 62);
        assert.equal(new Set(list.map((t) => t.id)).size, 62, 'no duplicates');
        assert.ok(list.some((t) => t.name === 'newest' && tokenMatchesServerEntry(last, t)));
        const pages = srv.state.requests.filter((r) => r.path === '/api/v1/users/alice/tokens').length;
        assert.equal(pages, 2);
      });

      it('createToken passes scopes; a token without a user scope → forbidden (403) on getUser', async () => {
        const narrow = await client.createToken('alice', password, 'narrow', undefined, { scopes: ['read:repository'] });
        assert.deepEqual(srv.state.tokens.find((t) => t.name === 'narrow')?.scopes, ['read:repository']);
        await rejectsKind(client.getUser(narrow.token), 'forbidden', 403);
      });

      it('2FA: without the code → otp-required; with it → works (list, create, delete)', async () => {
        const s2 = await startGogsServer({ mode, password, otp: '424242' });
        const c2 = new GogsClient(s2.url);
        try {
          const e = await rejectsKind(c2.listTokens('alice', password), 'otp-required', 401);
          assert.match(e.message, /one-time code/);
          await rejectsKind(c2.listTokens('alice', password, '000000'), 'otp-required');
          const created = await c2.createToken('alice', password, 'with-2fa', '424242');
          await c2.deleteToken('alice', password, 'with-2fa', '424242');
          await rejectsKind(c2.getUser(created.token), 'unauthorized');
        } finally {
          await s2.close();
        }
      });
    }

    describe('fault switches', () => {
      it('status500 on each route → server (5xx)', async () => {
        srv.setFault('user', { status500: true });
        await rejectsKind(client.getUser(token), 'server', 500);
        srv.setFault('tokens.list', { status500: true });
        await rejectsKind(client.listTokens('alice', password), 'server', 500);
        srv.setFault('tokens.create', { status500: true });
        const e = await rejectsKind(client.createToken('alice', password, 'x'), 'server', 500);
        assert.match(e.message, /may or may not have been created/);
        if (mode !== 'gogs') {
          srv.setFault('tokens.delete', { status500: true });
          await rejectsKind(client.deleteToken('alice', password, 'laptop'), 'server', 500);
        }
      });

      it('slow answer beyond timeoutMs → timeout, returned within the timeout', async () => {
        srv.setFault('user', { slowMs: 3000 });
        const quick = new GogsClient(srv.url, { timeoutMs: 300 });
        const t0 = Date.now();
        const e = await rejectsKind(quick.getUser(token), 'timeout');
        const took = Date.now() - t0;
        assert.ok(took < 1500, `took ${took} ms`);
        assert.match(e.message, /300 ms/);
      });

      it('slow answer within timeoutMs still succeeds', async () => {
        srv.setFault('user', { slowMs: 150 });
        assert.equal((await client.getUser(token)).username, 'alice');
      });

      it('dropped connection → network', async () => {
        srv.setFault('tokens.list', { dropConnection: true });
        const e = await rejectsKind(client.listTokens('alice', password), 'network');
        assert.ok(e.code, 'has a low-level code');
      });

      it('connection dropped after the server created the token → network, message says it may exist', async () => {
        srv.setFault('tokens.create', { dropConnection: 'after' });
        const e = await rejectsKind(client.createToken('alice', password, 'lost-answer'), 'network');
        assert.match(e.message, /lost-answer" may have been created/);
        assert.ok(srv.state.tokenNames().includes('lost-answer'));
      });

      it('malformed JSON → bad-response, on every JSON route', async () => {
        srv.setFault('*', { badJson: true });
        srv.setFault('user', { badJson: true });
        await rejectsKind(client.getUser(token), 'bad-response', 200);
        srv.setFault('tokens.list', { badJson: true });
        await rejectsKind(client.listTokens('alice', password), 'bad-response', 200);
        srv.setFault('tokens.create', { badJson: true });
        const e = await rejectsKind(client.createToken('alice', password, 'y'), 'bad-response', 200);
        assert.match(e.message, /"y" may now exist/);
      });

      it('valid JSON of the wrong shape → bad-response (responses are validated before use)', async () => {
        srv.setFault('user', { wrongShape: true });
        await rejectsKind(client.getUser(token), 'bad-response');
        srv.setFault('tokens.list', { wrongShape: true });
        await rejectsKind(client.listTokens('alice', password), 'bad-response');
        srv.setFault('tokens.create', { wrongShape: true });
        await rejectsKind(client.createToken('alice', password, 'z'), 'bad-response');
      });

      it('server down → network (ECONNREFUSED); back up → works', async () => {
        await srv.suspend();
        const e = await rejectsKind(client.getUser(token), 'network');
        assert.equal(e.code, 'ECONNREFUSED');
        await srv.resume();
        assert.equal((await client.getUser(token)).username, 'alice');
      });

      it("the caller's AbortSignal → cancelled", async () => {
        srv.setFault('user', { slowMs: 2000 });
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 100);
        await rejectsKind(client.getUser(token, { signal: ac.signal }), 'cancelled');
        await rejectsKind(client.getUser(token, { signal: AbortSignal.abort() }), 'cancelled');
      });
    });
  });
}

describe('GogsClient URL rules', () => {
  const okFetch = (calls: string[]): typeof fetch =>
    (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(JSON.stringify({ id: 1, username: 'alice' }), { status: 200 });
    }) as typeof fetch;

  it('refuses http:// to a non-loopback host without sending anything', async () => {
    const calls: string[] = [];
    const c = new GogsClient('http://git.example.com', { fetch: okFetch(calls) });
    const e = await rejectsKind(c.getUser(randomToken()), 'insecure-url');
    assert.match(e.message, /http:\/\/git\.example\.com/);
    assert.deepEqual(calls, []);
  });

  it('allows http:// with allowInsecureHttp, and always for localhost, 127.0.0.1 and [::1]', async () => {
    for (const [base, opts] of [
      ['http://git.example.com', { allowInsecureHttp: true }],
      ['http://localhost:3000', {}],
      ['http://127.0.0.1:3000', {}],
      ['http://[::1]:3000', {}],
    ] as const) {
      const calls: string[] = [];
      const c = new GogsClient(base, { ...opts, fetch: okFetch(calls) });
      assert.equal((await c.getUser(randomToken())).username, 'alice');
      assert.equal(calls.length, 1, base);
    }
  });

  it('refuses a URL with credentials in it, and non-http schemes', async () => {
    const secret = randomToken();
    const c = new GogsClient(`https://alice:${secret}@git.example.com/`);
    const e = await rejectsKind(c.getUser(randomToken()), 'invalid-input');
    assert.ok(!e.message.includes(secret));
    await rejectsKind(new GogsClient('ftp://git.example.com').getUser('x'), 'invalid-input');
    await rejectsKind(new GogsClient('not a url').getUser('x'), 'invalid-input');
  });

  it('normalizes the base URL (trailing slash, /api/v1, subpath) for the applications page', () => {
    assert.equal(new GogsClient('https://git.example.com/').applicationsPageUrl(), 'https://git.example.com/user/settings/applications');
    assert.equal(new GogsClient('https://git.example.com/gogs/api/v1').applicationsPageUrl(), 'https://git.example.com/gogs/user/settings/applications');
    assert.equal(new GogsClient(' https://git.example.com/gogs/ ').baseUrl, 'https://git.example.com/gogs');
  });

  it('a redirect is not followed (credentials stay put) → bad-response naming the fix', async () => {
    const calls: string[] = [];
    const f = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(null, { status: 301, headers: { Location: 'https://elsewhere.example/api/v1/user' } });
    }) as typeof fetch;
    const e = await rejectsKind(new GogsClient('https://git.example.com', { fetch: f }).getUser(randomToken()), 'bad-response', 301);
    assert.match(e.message, /redirected/);
    assert.equal(calls.length, 1);
  });

  it('detectFlavor on something that is not Gogs/Gitea/Forgejo → not-found', async () => {
    const f = (async () => new Response('<html>nope</html>', { status: 404 })) as unknown as typeof fetch;
    await rejectsKind(new GogsClient('https://www.example.com', { fetch: f }).detectFlavor(), 'not-found');
  });
});

describe('tokenMatchesServerEntry', () => {
  it('matches Gogs ≥0.13 (sha256[:40]), older Gogs (raw value) and Gitea (last eight)', () => {
    const t = randomToken();
    const sha256 = createHash('sha256').update(t).digest('hex');
    assert.ok(tokenMatchesServerEntry(t, { name: 'a', sha1: sha256.slice(0, 40) }));
    assert.ok(tokenMatchesServerEntry(t, { name: 'a', sha1: sha256.slice(0, 40).toUpperCase() }));
    assert.ok(tokenMatchesServerEntry(t, { name: 'a', sha1: t }));
    assert.ok(tokenMatchesServerEntry(t, { name: 'a', sha1: '', token_last_eight: t.slice(-8) }));
  });

  it('does not match other tokens, the SHA-1 of the token, or empty entries', () => {
    const t = randomToken();
    const other = randomToken();
    assert.ok(!tokenMatchesServerEntry(t, { name: 'a', sha1: gogsListedSha1(other) }));
    assert.ok(!tokenMatchesServerEntry(t, { name: 'a', sha1: createHash('sha1').update(t).digest('hex') }));
    assert.ok(!tokenMatchesServerEntry(t, { name: 'a', sha1: '', token_last_eight: other.slice(-8) }));
    assert.ok(!tokenMatchesServerEntry(t, { name: 'a' }));
    assert.ok(!tokenMatchesServerEntry('', { name: 'a', sha1: '' }));
  });
});

describe('GogsClient over TLS with a private CA', function () {
  this.timeout(20000);
  let certs: TestCertificates;
  let srv: GogsServerHandle;
  let token: string;
  before(async () => {
    certs = makeTestCertificates();
    srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    token = srv.state.seedToken('tls');
  });
  after(() => srv.close());

  it('without the CA → tls error naming the certificate problem', async () => {
    const c = new GogsClient(srv.url);
    const e = await rejectsKind(c.getUser(token), 'tls');
    assert.match(e.code ?? '', /CERT|SELF_SIGNED|UNABLE_TO/);
    assert.match(e.message, /CA certificate/);
  });

  it('with the CA (PEM string or Buffer) → works', async () => {
    for (const ca of [certs.caPem, Buffer.from(certs.caPem)]) {
      const c = new GogsClient(srv.url, { ca });
      try {
        assert.equal((await c.getUser(token)).username, 'alice');
      } finally {
        await c.close();
      }
    }
  });

  it('a CA for another server is not enough', async () => {
    const otherCa = makeTestCertificates().caPem;
    const c = new GogsClient(srv.url, { ca: otherCa });
    try {
      await rejectsKind(c.getUser(token), 'tls');
    } finally {
      await c.close();
    }
  });

  it('strictSSL: false (http.proxyStrictSSL off) skips verification', async () => {
    const c = new GogsClient(srv.url, { strictSSL: false });
    try {
      assert.equal((await c.getUser(token)).username, 'alice');
    } finally {
      await c.close();
    }
  });

  it('through an HTTP CONNECT proxy: the request tunnels via the proxy to the named host', async () => {
    const proxy = await startTestProxy(['gogs.test']);
    const base = `https://gogs.test:${srv.port}`;
    const c = new GogsClient(base, { ca: certs.caPem, proxy: proxy.url });
    try {
      assert.equal((await c.getUser(token)).username, 'alice');
      assert.deepEqual(proxy.connects, [`gogs.test:${srv.port}`]);
      // Loopback bypasses the proxy.
      const direct = new GogsClient(srv.url, { ca: certs.caPem, proxy: proxy.url });
      assert.equal((await direct.getUser(token)).username, 'alice');
      await direct.close();
      assert.equal(proxy.connects.length, 1);
    } finally {
      await c.close();
      await proxy.close();
    }
  });

  it('proxy that refuses the tunnel → network error, no secret in it', async () => {
    const proxy = await startTestProxy([]);
    const c = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    try {
      const e = await rejectsKind(c.getUser(token), 'network');
      assert.ok(!e.message.includes(token));
    } finally {
      await c.close();
      await proxy.close();
    }
  });
});

describe('bypassesProxy (http.noProxy)', () => {
  it('bypasses loopback always, and exact names or suffixes from the list', () => {
    assert.ok(bypassesProxy('localhost'));
    assert.ok(bypassesProxy('127.0.0.1'));
    assert.ok(bypassesProxy('[::1]'));
    assert.ok(!bypassesProxy('git.example.com'));
    assert.ok(bypassesProxy('git.example.com', ['git.example.com']));
    assert.ok(bypassesProxy('git.corp.example', ['.corp.example']));
    assert.ok(bypassesProxy('git.corp.example', ['*.corp.example']));
    assert.ok(bypassesProxy('corp.example', ['.corp.example']));
    assert.ok(!bypassesProxy('evilcorp.example', ['.corp.example']));
    assert.ok(bypassesProxy('anything', ['*']));
  });
});
