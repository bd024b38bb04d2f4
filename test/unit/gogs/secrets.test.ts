/**
 * No error of the client ever carries a token, a password, an OTP code or the Basic credential:
 * every error path is made to happen and its message, stack, JSON, String() and util.inspect()
 * are searched for each secret.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { GogsApiError, GogsClient, GogsApiErrorKind, redactSecrets } from '../../../src/gogs';
import { GogsServerHandle, startGogsServer } from '../../gogs-server/server';
import { makeTestCertificates } from '../../gogs-server/tls';

/** Asserts that none of `secrets` (or their base64/URL forms) appears anywhere in `err`. */
export function assertNoSecrets(err: unknown, secrets: readonly string[]): void {
  assert.ok(err instanceof Error, 'an Error');
  const views = [err.message, err.stack ?? '', JSON.stringify(err), String(err), inspect(err, { depth: 8, showHidden: true })];
  for (const s of secrets) {
    for (const form of [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]) {
      for (const v of views) assert.ok(!v.includes(form), `secret leaked into ${JSON.stringify(v.slice(0, 300))}`);
    }
  }
}

describe('client errors never contain a secret', function () {
  this.timeout(30000);
  const seen = new Set<GogsApiErrorKind>();
  let password: string;
  let otp: string;

  const expectError = async (p: Promise<unknown>, kind: GogsApiErrorKind, secrets: string[]): Promise<void> => {
    let caught: unknown;
    try {
      await p;
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof GogsApiError, `expected a GogsApiError of kind ${kind}, got ${String(caught)}`);
    assert.equal(caught.kind, kind, caught.message);
    assertNoSecrets(caught, secrets);
    seen.add(kind);
  };

  beforeEach(() => {
    password = `Pw-${randomBytes(10).toString('base64url')}`;
    otp = String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));
  });

  for (const mode of ['gogs', 'gitea'] as const) {
    describe(`${mode} mode`, () => {
      let srv: GogsServerHandle;
      let token: string;
      let client: GogsClient;
      beforeEach(async () => {
        srv = await startGogsServer({ mode, password, otp: mode === 'gitea' ? otp : undefined });
        token = srv.state.seedToken('seeded');
        client = new GogsClient(srv.url, { timeoutMs: 400 });
      });
      afterEach(() => srv.close());

      it('HTTP status errors: 401 token, 401 password, 403, 404, 409-ish conflicts, 422, 5xx', async () => {
        const all = [token, password, otp];
        const o = mode === 'gitea' ? otp : undefined;
        await expectError(client.getUser(token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))), 'unauthorized', all);
        await expectError(client.listTokens('alice', `${password}x`, o), 'unauthorized', all);
        await expectError(client.listTokens('alice', token, o), 'unauthorized', all);
        await expectError(client.createToken('alice', password, 'seeded', o), 'conflict', all);
        await expectError(client.createToken('alice', password, '', o), 'invalid-input', all);
        srv.setFault('*', { status500: true });
        srv.setFault('tokens.create', { status500: true });
        await expectError(client.createToken('alice', password, 'n', o), 'server', all);
        srv.clearFaults();
        if (mode === 'gitea') {
          await expectError(client.listTokens('alice', password), 'otp-required', all);
          await expectError(client.listTokens('alice', password, '000000'), 'otp-required', all);
          await expectError(client.deleteToken('alice', password, 'no-such', otp), 'not-found', all);
          const narrow = srv.state.seedToken('narrow', { scopes: ['read:repository'] });
          await expectError(client.getUser(narrow), 'forbidden', [...all, narrow]);
        } else {
          await expectError(client.deleteToken('alice', password, 'seeded'), 'unsupported', all);
        }
      });

      it('transport errors: timeout, dropped connection, server down, cancelled, bad JSON, wrong shape', async () => {
        const all = [token, password, otp];
        const o = mode === 'gitea' ? otp : undefined;
        srv.setFault('tokens.create', { slowMs: 2000 });
        await expectError(client.createToken('alice', password, 'slow', o), 'timeout', all);
        srv.setFault('tokens.list', { dropConnection: true });
        await expectError(client.listTokens('alice', password, o), 'network', all);
        srv.setFault('tokens.create', { dropConnection: 'after' });
        await expectError(client.createToken('alice', password, 'after', o), 'network', all);
        srv.setFault('user', { badJson: true });
        await expectError(client.getUser(token), 'bad-response', all);
        srv.setFault('tokens.create', { wrongShape: true });
        await expectError(client.createToken('alice', password, 'shape', o), 'bad-response', all);
        srv.clearFaults();
        await expectError(client.getUser(token, { signal: AbortSignal.abort() }), 'cancelled', all);
        await srv.suspend();
        await expectError(client.listTokens('alice', password, o), 'network', all);
        await srv.resume();
      });
    });
  }

  it('URL errors: insecure http, credentials in the URL', async () => {
    const token = randomBytes(20).toString('hex');
    await expectError(new GogsClient('http://git.example.com').listTokens('alice', password), 'insecure-url', [token, password]);
    await expectError(new GogsClient(`https://alice:${password}@git.example.com`).getUser(token), 'invalid-input', [token, password]);
    await expectError(new GogsClient(`https://${token}@git.example.com`).getUser(token), 'invalid-input', [token, password]);
  });

  it('TLS error', async () => {
    const certs = makeTestCertificates();
    const srv = await startGogsServer({ mode: 'gogs', password, tls: { key: certs.key, cert: certs.cert } });
    try {
      const token = srv.state.seedToken('t');
      await expectError(new GogsClient(srv.url).getUser(token), 'tls', [token, password]);
      await expectError(new GogsClient(srv.url).listTokens('alice', password), 'tls', [token, password]);
    } finally {
      await srv.close();
    }
  });

  it('a server that echoes the credentials in its error text is redacted', async () => {
    const token = randomBytes(20).toString('hex');
    const server = http.createServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
      const status = req.url?.endsWith('/tokens') && req.method === 'POST' ? 422 : req.url?.includes('/tokens') ? 403 : 401;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `bad credentials: ${auth} (${decoded}) otp=${String(req.headers['x-gitea-otp'])}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const c = new GogsClient(url, { flavor: 'gitea' });
      await expectError(c.listTokens('alice', password, otp), 'forbidden', [password, otp, `alice:${password}`]);
      await expectError(c.createToken('alice', password, 'n', otp), 'invalid-input', [password, otp, `alice:${password}`]);
      await expectError(c.getUser(token), 'unauthorized', [token]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  // Child suites run after the parent's own tests: this one runs last.
  describe('coverage', () => {
   it('covered every error kind of the client', () => {
    const expected: GogsApiErrorKind[] = [
      'unauthorized', 'forbidden', 'not-found', 'conflict', 'invalid-input', 'server', 'timeout', 'cancelled',
      'network', 'tls', 'bad-response', 'insecure-url', 'otp-required', 'unsupported',
    ];
    assert.deepEqual([...seen].sort(), [...expected].sort());
   });
  });
});

describe('redactSecrets', () => {
  it('removes each secret, its base64 and URL-encoded forms, and long hex runs', () => {
    const pw = 'p@ss word/1';
    const tok = randomBytes(20).toString('hex');
    const text = `a ${pw} b ${Buffer.from(pw).toString('base64')} c ${encodeURIComponent(pw)} d ${tok} e ${tok.toUpperCase()}`;
    const out = redactSecrets(text, [pw]);
    assert.ok(!out.includes(pw) && !out.includes(tok) && !out.includes(tok.toUpperCase()));
    assert.equal(out, 'a [redacted] b [redacted] c [redacted] d [redacted] e [redacted]');
  });

  it('keeps ordinary text (URLs, token names, dates)', () => {
    const s = 'Delete "ci-token-20261101-1530" at https://git.example.com/gogs/user/settings/applications.';
    assert.equal(redactSecrets(s, ['unrelated-secret']), s);
  });
});
