/**
 * The fetch the Gogs client uses when a CA, a proxy or `strictSSL: false` is set (NodeFetcher, on
 * Node's http/https): compared with the global fetch on the same local server, and through the
 * client against the fake Gogs server and the test CONNECT proxy.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import httpModule from 'node:http';
import * as https from 'node:https';
import httpsModule from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import * as zlib from 'node:zlib';
import { GogsApiError, GogsClient, MAX_RESPONSE_BYTES } from '../../../src/gogs';
import type { GogsApiErrorKind } from '../../../src/gogs';
import { NodeFetcher } from '../../../src/gogs/nodeFetch';
import { startTestProxy } from '../../gogs-server/proxy';
import { startGogsServer } from '../../gogs-server/server';
import { makeTestCertificates, TestCertificates } from '../../gogs-server/tls';

const randomToken = (): string => randomBytes(20).toString('hex');

interface Local {
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Connections still open. */
  open: Set<net.Socket>;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener, tlsOpts?: { key: string; cert: string }): Promise<Local> {
  const server = tlsOpts ? https.createServer(tlsOpts, handler) : http.createServer(handler);
  const local: Local = {
    url: '',
    port: 0,
    connections: 0,
    open: new Set(),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on(tlsOpts ? 'secureConnection' : 'connection', (s: net.Socket) => {
    local.connections++;
    local.open.add(s);
    s.on('close', () => local.open.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  local.port = (server.address() as AddressInfo).port;
  local.url = `${tlsOpts ? 'https' : 'http'}://127.0.0.1:${local.port}`;
  return local;
}

/** Resolves once no connection to `srv` is open (fails the test after 2 s). */
async function allClosed(srv: Local): Promise<void> {
  const t0 = Date.now();
  while (srv.open.size > 0) {
    assert.ok(Date.now() - t0 < 2000, `${srv.open.size} connection(s) still open`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejectsKind(p: Promise<unknown>, kind: GogsApiErrorKind): Promise<GogsApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GogsApiError, `expected GogsApiError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof Error, `expected an Error, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

const PLAIN = JSON.stringify([{ name: 'laptop', sha1: randomBytes(20).toString('hex') }]) + ' '.repeat(5000);

describe('NodeFetcher (the fetch behind ca / proxy / strictSSL: false)', () => {
  let srv: Local;
  let seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  before(async () => {
    srv = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const common = { 'Content-Type': 'application/json', 'X-Total-Count': '62', 'Set-Cookie': ['a=1', 'b=2'] };
        const plain = Buffer.from(PLAIN);
        switch (req.url) {
          case '/gzip':
            return res.writeHead(200, { ...common, 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(plain));
          case '/x-gzip':
            return res.writeHead(200, { ...common, 'Content-Encoding': 'x-gzip' }).end(zlib.gzipSync(plain));
          case '/deflate':
            return res.writeHead(200, { ...common, 'Content-Encoding': 'deflate' }).end(zlib.deflateSync(plain));
          case '/br':
            return res.writeHead(200, { ...common, 'Content-Encoding': 'br' }).end(zlib.brotliCompressSync(plain));
          case '/stacked': // gzip applied first, then br
            return res.writeHead(200, { ...common, 'Content-Encoding': 'gzip, br' }).end(zlib.brotliCompressSync(zlib.gzipSync(plain)));
          case '/unknown':
            return res.writeHead(200, { ...common, 'Content-Encoding': 'x-made-up' }).end(zlib.gzipSync(plain));
          case '/404':
            return res.writeHead(404, common).end('{"message":"Not Found"}');
          case '/204':
            return res.writeHead(204).end();
          case '/redirect':
            return res.writeHead(301, { Location: 'https://elsewhere.example/api/v1/user' }).end('moved');
          default:
            return res.writeHead(200, common).end(plain);
        }
      });
    });
  });
  beforeEach(() => {
    seen = [];
  });
  after(() => srv.close());

  it('answers like the global fetch: status, headers and the decoded body (gzip, x-gzip, deflate, br, stacked, unknown coding, 404, 204, 301)', async () => {
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    try {
      for (const path of ['/plain', '/gzip', '/x-gzip', '/deflate', '/br', '/stacked', '/unknown', '/404', '/204', '/redirect']) {
        const ours = await nf.fetch(`${srv.url}${path}`, { redirect: 'manual' });
        const theirs = await fetch(`${srv.url}${path}`, { redirect: 'manual' });
        assert.ok(ours instanceof Response, path);
        assert.equal(ours.status, theirs.status, path);
        for (const h of ['content-type', 'content-encoding', 'x-total-count', 'set-cookie', 'location']) {
          assert.equal(ours.headers.get(h), theirs.headers.get(h), `${path}: ${h}`);
        }
        const [a, b] = [Buffer.from(await ours.arrayBuffer()), Buffer.from(await theirs.arrayBuffer())];
        assert.ok(a.equals(b), `${path}: body differs (${a.length} vs ${b.length} bytes)`);
        if (['/plain', '/gzip', '/x-gzip', '/deflate', '/br', '/stacked'].includes(path)) assert.equal(a.toString('utf8'), PLAIN, path);
      }
      assert.equal(seen.filter((s) => s.url === '/redirect').length, 2, 'each fetch asked once: the redirect was not followed');
      assert.match(String(seen[0].headers['accept-encoding']), /gzip/);
    } finally {
      nf.close();
    }
  });

  it('sends the method, the headers and a string or Buffer body as given', async () => {
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    const token = randomToken();
    try {
      const json = JSON.stringify({ name: 'ci-é' });
      for (const body of [json, Buffer.from(json, 'utf8')]) {
        const res = await nf.fetch(`${srv.url}/plain?page=2`, {
          method: 'POST',
          headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json', 'X-Gitea-OTP': '123456' },
          body,
        });
        await res.arrayBuffer();
      }
      await (await nf.fetch(`${srv.url}/plain`, { method: 'DELETE' })).arrayBuffer();
      assert.deepEqual(seen.map((s) => [s.method, s.url, s.body]), [
        ['POST', '/plain?page=2', json],
        ['POST', '/plain?page=2', json],
        ['DELETE', '/plain', ''],
      ]);
      for (const s of seen.slice(0, 2)) {
        assert.equal(s.headers.authorization, `token ${token}`);
        assert.equal(s.headers['content-type'], 'application/json');
        assert.equal(s.headers['x-gitea-otp'], '123456');
        assert.equal(s.headers['content-length'], String(Buffer.byteLength(json)));
      }
    } finally {
      nf.close();
    }
  });

  it('keeps one connection alive for consecutive requests; close() ends it', async () => {
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    const earlier = new Set(srv.open); // the global fetch's, from the tests above
    const before = srv.connections;
    for (let i = 0; i < 3; i++) await (await nf.fetch(`${srv.url}/gzip`, {})).text();
    assert.equal(srv.connections - before, 1);
    const ours = [...srv.open].filter((s) => !earlier.has(s));
    assert.equal(ours.length, 1, 'still open, for reuse');
    nf.close();
    await new Promise<void>((r) => (ours[0].destroyed ? r() : ours[0].once('close', () => r())));
  });
});

describe('NodeFetcher: abort, errors and TLS', function () {
  this.timeout(20000);
  let certs: TestCertificates;
  before(() => {
    certs = makeTestCertificates();
  });

  it('an already aborted signal rejects with its reason and connects nowhere', async () => {
    const srv = await listen((_req, res) => res.end('x'));
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    try {
      const e = await rejection(nf.fetch(srv.url, { signal: AbortSignal.abort() }));
      assert.equal(e.name, 'AbortError');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(srv.connections, 0);
    } finally {
      nf.close();
      await srv.close();
    }
  });

  it('abort while waiting for the answer rejects at once (AbortError; TimeoutError for AbortSignal.timeout) and drops the connection', async () => {
    const srv = await listen(() => undefined); // never answers
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const t0 = Date.now();
      const e = await rejection(nf.fetch(srv.url, { signal: ac.signal }));
      assert.equal(e.name, 'AbortError');
      assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
      const t = await rejection(nf.fetch(srv.url, { signal: AbortSignal.timeout(80) }));
      assert.equal(t.name, 'TimeoutError');
      await allClosed(srv);
    } finally {
      nf.close();
      await srv.close();
    }
  });

  it('abort while the body streams makes the next read reject', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      const gz = zlib.createGzip();
      gz.pipe(res);
      gz.write(Buffer.alloc(1000, 0x20));
      gz.flush(); // then nothing more, ever
    });
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    try {
      const ac = new AbortController();
      const res = await nf.fetch(srv.url, { signal: ac.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      assert.equal(first.value?.byteLength, 1000);
      setTimeout(() => ac.abort(), 30);
      const e = await rejection(reader.read());
      assert.equal(e.name, 'AbortError');
      await allClosed(srv);
    } finally {
      nf.close();
      await srv.close();
    }
  });

  it('a refused connection rejects with code ECONNREFUSED', async () => {
    const srv = await listen(() => undefined);
    await srv.close();
    const nf = new NodeFetcher({ rejectUnauthorized: true });
    try {
      const e = await rejection(nf.fetch(srv.url, {}));
      assert.equal(e.code, 'ECONNREFUSED');
    } finally {
      nf.close();
    }
  });

  it('https: an unknown CA rejects with a certificate code; the CA in `ca`, or rejectUnauthorized false, gets through', async () => {
    const srv = await listen((_req, res) => res.end('{"ok":true}'), { key: certs.key, cert: certs.cert });
    const strict = new NodeFetcher({ rejectUnauthorized: true });
    const trusting = new NodeFetcher({ ca: [certs.caPem], rejectUnauthorized: true });
    const lax = new NodeFetcher({ rejectUnauthorized: false });
    try {
      const e = await rejection(strict.fetch(`https://localhost:${srv.port}/`, {}));
      assert.match(e.code ?? '', /UNABLE_TO_VERIFY|SELF_SIGNED|CERT_/);
      for (const nf of [trusting, lax]) assert.equal(await (await nf.fetch(`https://localhost:${srv.port}/`, {})).text(), '{"ok":true}');
    } finally {
      for (const nf of [strict, trusting, lax]) nf.close();
      await srv.close();
    }
  });
});

describe('GogsClient on the NodeFetcher (strictSSL: false, plain http on loopback)', function () {
  this.timeout(20000);

  it('lists, creates and deletes tokens (Gitea: 204 without a body)', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const srv = await startGogsServer({ mode: 'gitea', password });
    const c = new GogsClient(srv.url, { strictSSL: false, timeoutMs: 2000 });
    try {
      const token = srv.state.seedToken('laptop');
      assert.equal((await c.getUser(token)).username, 'alice');
      const created = await c.createToken('alice', password, 'ci', undefined, { scopes: ['read:user'] });
      assert.equal((await c.getUser(created.token)).username, 'alice');
      assert.deepEqual((await c.listTokens('alice', password)).map((t) => t.name).sort(), ['ci', 'laptop']);
      await c.deleteToken('alice', password, 'ci');
      await rejectsKind(c.getUser(created.token), 'unauthorized');
      await rejectsKind(c.deleteToken('alice', password, 'ci'), 'not-found');
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('timeout, cancel, refused connection and a connection dropped after create map to the same typed errors', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const srv = await startGogsServer({ mode: 'gogs', password });
    const token = srv.state.seedToken('laptop');
    const c = new GogsClient(srv.url, { strictSSL: false, timeoutMs: 300 });
    try {
      srv.setFault('user', { slowMs: 3000 });
      const t0 = Date.now();
      const e = await rejectsKind(c.getUser(token), 'timeout');
      assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
      assert.match(e.message, /300 ms/);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      await rejectsKind(c.getUser(token, { signal: ac.signal }), 'cancelled');
      srv.clearFaults();
      srv.setFault('tokens.create', { dropConnection: 'after' });
      const lost = await rejectsKind(c.createToken('alice', password, 'lost-answer'), 'network');
      assert.match(lost.message, /lost-answer" may have been created/);
      assert.ok(lost.code, 'has a low-level code');
      srv.clearFaults();
      await srv.suspend();
      assert.equal((await rejectsKind(c.getUser(token), 'network')).code, 'ECONNREFUSED');
      await srv.resume();
      assert.equal((await c.getUser(token)).username, 'alice');
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a redirect is not followed → bad-response', async () => {
    const srv = await listen((_req, res) => res.writeHead(302, { Location: 'https://elsewhere.example/' }).end());
    const c = new GogsClient(srv.url, { strictSSL: false });
    try {
      const e = await rejectsKind(c.getUser(randomToken()), 'bad-response');
      assert.equal(e.status, 302);
      assert.equal(srv.connections, 1);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a gzip bomb → bad-response naming the cap, memory stays bounded', async () => {
    const BOMB_BYTES = 64 * MAX_RESPONSE_BYTES;
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      const gz = zlib.createGzip({ level: 9 });
      gz.pipe(res);
      let closed = false;
      res.on('close', () => {
        closed = true;
        gz.destroy();
      });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      void (async () => {
        for (let sent = 0; sent < BOMB_BYTES && !closed; sent += chunk.length) await new Promise<void>((r) => gz.write(chunk, () => r()));
        if (!closed) gz.end('{"id":1,"username":"alice"}');
      })();
    });
    const c = new GogsClient(srv.url, { strictSSL: false, timeoutMs: 30000 });
    const use = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
    const base = use();
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, use())), 2);
    try {
      const e = await rejectsKind(c.getUser(randomToken()), 'bad-response');
      assert.match(e.message, /larger than 1 MiB once decompressed/);
      peak = Math.max(peak, use());
      assert.ok(peak - base < 16 * 1024 * 1024, `memory grew by ${((peak - base) / 1048576).toFixed(1)} MiB`);
    } finally {
      clearInterval(timer);
      await c.close();
      await srv.close();
    }
  });
});

describe('GogsClient through a proxy on the NodeFetcher', function () {
  this.timeout(20000);
  let certs: TestCertificates;
  before(() => {
    certs = makeTestCertificates();
  });

  it('credentials in the proxy URL go as Proxy-Authorization: Basic (percent-decoded); none without', async () => {
    const srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    const token = srv.state.seedToken('laptop');
    const proxy = await startTestProxy(['gogs.test']);
    const pw = `p:${randomBytes(4).toString('hex')}@`;
    const withAuth = proxy.url.replace('http://', `http://al%40ice:${encodeURIComponent(pw)}@`);
    const a = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: withAuth });
    const b = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    try {
      assert.equal((await a.getUser(token)).username, 'alice');
      assert.equal((await b.getUser(token)).username, 'alice');
      assert.deepEqual(proxy.authorizations, [`Basic ${Buffer.from(`al@ice:${pw}`).toString('base64')}`, undefined]);
    } finally {
      await a.close();
      await b.close();
      await proxy.close();
      await srv.close();
    }
  });

  it('consecutive requests share one tunnel; after close() a new one is opened', async () => {
    const srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    const token = srv.state.seedToken('laptop');
    const proxy = await startTestProxy(['gogs.test']);
    const c = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await c.getUser(token)).username, 'alice');
      assert.equal(proxy.connects.length, 1);
      await c.close();
      assert.equal((await c.getUser(token)).username, 'alice');
      assert.equal(proxy.connects.length, 2);
    } finally {
      await c.close();
      await proxy.close();
      await srv.close();
    }
  });

  it("inside the tunnel the server's name is checked against its certificate", async () => {
    const srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    const token = srv.state.seedToken('laptop');
    // The proxy sends both names to the same server; its certificate is for gogs.test, not evil.test.
    const proxy = await startTestProxy(['gogs.test', 'evil.test']);
    const good = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    const bad = new GogsClient(`https://evil.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    try {
      assert.equal((await good.getUser(token)).username, 'alice');
      const e = await rejectsKind(bad.getUser(token), 'tls');
      assert.equal(e.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
      assert.deepEqual(proxy.connects, [`gogs.test:${srv.port}`, `evil.test:${srv.port}`]);
    } finally {
      await good.close();
      await bad.close();
      await proxy.close();
      await srv.close();
    }
  });

  it('an http:// server (allowInsecureHttp) is reached through the tunnel as well', async () => {
    const srv = await startGogsServer({ mode: 'gogs' });
    const token = srv.state.seedToken('laptop');
    const proxy = await startTestProxy(['gogs.test']);
    const c = new GogsClient(`http://gogs.test:${srv.port}`, { proxy: proxy.url, allowInsecureHttp: true });
    try {
      assert.equal((await c.getUser(token)).username, 'alice');
      assert.deepEqual(proxy.connects, [`gogs.test:${srv.port}`]);
    } finally {
      await c.close();
      await proxy.close();
      await srv.close();
    }
  });

  it('an https:// proxy is spoken to over TLS, with the same CA', async () => {
    const srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    const token = srv.state.seedToken('laptop');
    const proxy = await startTestProxy(['gogs.test'], { key: certs.key, cert: certs.cert });
    const c = new GogsClient(`https://gogs.test:${srv.port}`, { ca: certs.caPem, proxy: proxy.url });
    const untrusted = new GogsClient(`https://gogs.test:${srv.port}`, { ca: makeTestCertificates().caPem, proxy: proxy.url });
    try {
      assert.ok(proxy.url.startsWith('https://'));
      assert.equal((await c.getUser(token)).username, 'alice');
      assert.deepEqual(proxy.connects, [`gogs.test:${srv.port}`]);
      await rejectsKind(untrusted.getUser(token), 'tls');
      assert.equal(proxy.connects.length, 1, 'the untrusted proxy was never asked to CONNECT');
    } finally {
      await c.close();
      await untrusted.close();
      await proxy.close();
      await srv.close();
    }
  });

  it('a proxy that never answers the CONNECT: cancel and timeout return at once and drop the tunnel; close() drops a pending one', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      s.resume(); // read (and drop) what comes, so the end of the connection is seen
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const noneOpen = async (what: string): Promise<void> => {
      const t0 = Date.now();
      while (sockets.size > 0) {
        assert.ok(Date.now() - t0 < 2000, `${what}: ${sockets.size} connection(s) to the proxy still open`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const c = new GogsClient('https://gogs.test', { proxy: proxyUrl, timeoutMs: 300 });
    const slow = new GogsClient('https://gogs.test', { proxy: proxyUrl, timeoutMs: 60000 });
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const t0 = Date.now();
      await rejectsKind(c.getUser(randomToken(), { signal: ac.signal }), 'cancelled');
      await noneOpen('after cancel');
      await rejectsKind(c.getUser(randomToken()), 'timeout');
      assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
      await noneOpen('after timeout');
      const pending = slow.getUser(randomToken());
      while (sockets.size === 0) await new Promise((r) => setTimeout(r, 10));
      await slow.close();
      await rejectsKind(pending, 'network');
      await noneOpen('after close()');
    } finally {
      await c.close();
      await slow.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('errors through the proxy never carry the proxy password', async () => {
    const proxy = await startTestProxy([]);
    const pw = randomBytes(8).toString('hex');
    const c = new GogsClient('https://gogs.test', { proxy: proxy.url.replace('http://', `http://u:${pw}@`) });
    try {
      const e = await rejectsKind(c.getUser(randomToken()), 'network');
      assert.equal(e.code, 'ERR_PROXY_TUNNEL');
      for (const view of [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 8, showHidden: true })]) assert.ok(!view.includes(pw));
    } finally {
      await c.close();
      await proxy.close();
    }
  });
});

describe('GogsClient on the NodeFetcher inside VS Code (http.request / https.request replaced)', function () {
  this.timeout(20000);

  /**
   * Replaces `request` and `get` of both modules the way VS Code's extension host does
   * (`@vscode/proxy-agent` `createHttpPatch` with the default `http.proxySupport: override`):
   * the caller's agent is swapped for another one, here Node's global agent without any proxy.
   * Returns the number of calls seen and a function that puts the originals back.
   */
  function patchLikeVsCode(): { calls: () => number; restore: () => void } {
    let calls = 0;
    const saved = [httpModule.request, httpModule.get, httpsModule.request, httpsModule.get] as const;
    const swap = <F extends (...args: never[]) => http.ClientRequest>(original: F): F =>
      ((...args: unknown[]) => {
        calls++;
        const opts = args.find((a): a is http.RequestOptions => typeof a === 'object' && a !== null && !(a instanceof URL));
        if (opts) delete opts.agent;
        return (original as unknown as (...a: unknown[]) => http.ClientRequest)(...args);
      }) as unknown as F;
    httpModule.request = swap(saved[0]);
    httpModule.get = swap(saved[1]);
    httpsModule.request = swap(saved[2]);
    httpsModule.get = swap(saved[3]);
    return {
      calls: () => calls,
      restore: () => {
        [httpModule.request, httpModule.get, httpsModule.request, httpsModule.get] = saved;
      },
    };
  }

  it('the CA, the CONNECT tunnel and plain http:// through the proxy still apply', async () => {
    const certs = makeTestCertificates();
    const tlsSrv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    const plainSrv = await startGogsServer({ mode: 'gogs' });
    const proxy = await startTestProxy(['gogs.test']);
    const a = new GogsClient(`https://gogs.test:${tlsSrv.port}`, { ca: certs.caPem, proxy: proxy.url });
    const b = new GogsClient(`http://gogs.test:${plainSrv.port}`, { proxy: proxy.url, allowInsecureHttp: true });
    const patch = patchLikeVsCode();
    try {
      assert.equal((await a.getUser(tlsSrv.state.seedToken('tls'))).username, 'alice');
      assert.equal((await b.getUser(plainSrv.state.seedToken('plain'))).username, 'alice');
      assert.deepEqual(proxy.connects, [`gogs.test:${tlsSrv.port}`, `gogs.test:${plainSrv.port}`]);
      assert.equal(patch.calls(), 0, 'the replaced http(s).request was not used');
    } finally {
      patch.restore();
      await a.close();
      await b.close();
      await proxy.close();
      await tlsSrv.close();
      await plainSrv.close();
    }
  });
});
