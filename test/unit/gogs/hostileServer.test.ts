/**
 * GogsClient against servers that misbehave on purpose (tiny local HTTP servers on 127.0.0.1):
 * error texts that echo the password or the token in encoded, case-changed or re-normalised
 * forms, and a gzip bomb.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import * as zlib from 'node:zlib';
import { GogsApiError, GogsClient, MAX_RESPONSE_BYTES, revealsSecret } from '../../../src/gogs';
import type { GogsApiErrorKind } from '../../../src/gogs';

interface Local {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<Local> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function caught(p: Promise<unknown>, kind: GogsApiErrorKind): Promise<GogsApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GogsApiError, `expected a GogsApiError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}

/** Everything a user or a log could see of an error. */
function views(err: Error): string[] {
  return [err.message, err.stack ?? '', JSON.stringify(err), String(err), inspect(err, { depth: 8, showHidden: true })];
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Ways a server, a proxy or a templating layer echoes a value it was sent. */
function echoForms(secret: string, context: string): Record<string, string> {
  return {
    'HTML-escaped': secret.replace(/[&<>"']/g, (c) => HTML[c]),
    'numeric HTML entities': [...secret].map((c) => `&#${c.codePointAt(0)};`).join(''),
    'hex HTML entities': [...secret].map((c) => `&#x${(c.codePointAt(0) as number).toString(16)};`).join(''),
    'upper-cased': secret.toUpperCase(),
    'NFD-normalised': secret.normalize('NFD'),
    'full-width (NFKC folds it back)': [...secret].map((c) => (/[!-~]/.test(c) ? String.fromCodePoint((c.codePointAt(0) as number) + 0xfee0) : c)).join(''),
    'percent-encoded, lower-case hex': [...Buffer.from(secret, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    'base64 inside a longer value': Buffer.from(`${context}${secret}`, 'utf8').toString('base64'),
    'JSON-escaped twice': [...secret].map((c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`).join(''),
    'split by spaces': [...secret].join(' '),
    'HTML-escaped then percent-encoded': encodeURIComponent(secret.replace(/[&<>"']/g, (c) => HTML[c])),
  };
}

describe('a server that echoes credentials in its error text', function () {
  this.timeout(20000);
  let srv: Local;
  let reply: { status: number; message: string };
  beforeEach(async () => {
    reply = { status: 500, message: '' };
    srv = await listen((_req, res) => {
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: reply.message }));
    });
  });
  afterEach(() => srv.close());

  it('positive control: the text of an unauthenticated request is shown, so the harness can see a leak', async () => {
    const marker = `marker-${randomBytes(4).toString('hex')}`;
    reply = { status: 418, message: `teapot ${marker}` };
    const err = await caught(new GogsClient(srv.url).detectFlavor(), 'bad-response');
    assert.match(err.message, new RegExp(marker));
  });

  it('on the password routes no form of the password (nor any server text) reaches the error', async () => {
    // Letters for case changes, HTML specials, precomposed letters for NFD, base64url noise.
    const password = `Pw-${randomBytes(6).toString('base64url')}-é<&>"'ñ`;
    const client = new GogsClient(srv.url, { flavor: 'gitea' });
    const calls: [string, () => Promise<unknown>, number, GogsApiErrorKind][] = [
      ['listTokens 401', () => client.listTokens('alice', password), 401, 'unauthorized'],
      ['listTokens 403', () => client.listTokens('alice', password), 403, 'forbidden'],
      ['createToken 422', () => client.createToken('alice', password, 'ci'), 422, 'invalid-input'],
      ['createToken 400', () => client.createToken('alice', password, 'ci'), 400, 'invalid-input'],
      ['deleteToken 418', () => client.deleteToken('alice', password, 'ci'), 418, 'bad-response'],
    ];
    reply = { status: 400, message: 'invalid access token scope provided' };
    const scopeErr = await caught(client.createToken('alice', password, 'ci'), 'invalid-input');
    assert.match(scopeErr.message, /about the token scopes asked for/, 'a fixed hint replaces the hidden text');
    const forms = { ...echoForms(password, 'alice:'), reversed: [...password].reverse().join('') };
    for (const [formName, echo] of Object.entries(forms)) {
      for (const [what, call, status, kind] of calls) {
        const marker = `marker-${randomBytes(4).toString('hex')}`;
        reply = { status, message: `bad credentials for alice (${echo}) ${marker}` };
        const err = await caught(call(), kind);
        for (const v of views(err)) {
          assert.ok(!v.includes(echo), `${what}: the ${formName} password reached ${JSON.stringify(v.slice(0, 300))}`);
          assert.ok(!v.includes(marker), `${what}: server text shown on a password route (${formName})`);
        }
      }
    }
  });

  it('on the token route an encoded echo of the token hides the whole text; ordinary text is still shown', async () => {
    const token = randomBytes(20).toString('hex');
    const client = new GogsClient(srv.url);
    for (const [formName, echo] of Object.entries(echoForms(token, 'token '))) {
      const marker = `marker-${randomBytes(4).toString('hex')}`;
      reply = { status: 403, message: `token ${echo} lacks scope read:user ${marker}` };
      const err = await caught(client.getUser(token), 'forbidden');
      for (const v of views(err)) {
        assert.ok(!v.includes(echo), `the ${formName} token reached ${JSON.stringify(v.slice(0, 300))}`);
        assert.ok(!v.includes(marker), `text that echoed the token (${formName}) was shown`);
      }
    }
    const marker = `marker-${randomBytes(4).toString('hex')}`;
    reply = { status: 403, message: `token does not have at least one of required scope(s): [read:user] ${marker}` };
    const err = await caught(client.getUser(token), 'forbidden');
    assert.match(err.message, new RegExp(`required scope\\(s\\): \\[read:user\\] ${marker}`));
  });
});

describe('revealsSecret', () => {
  it('does not flag ordinary server messages', () => {
    const token = randomBytes(20).toString('hex');
    for (const text of [
      'token does not have at least one of required scope(s): [read:user]',
      'access token name has been used already',
      'user should be the owner or a site admin',
      'Only signed in user is allowed to call APIs.',
    ]) {
      assert.equal(revealsSecret(text, [token, 'Pw-x7Qk9-é<&>']), false, text);
    }
  });
});

describe('a response body larger than the cap (gzip bomb)', function () {
  this.timeout(60000);
  /** Decompressed size of the bomb: 64 × the client's cap. */
  const BOMB_BYTES = 64 * MAX_RESPONSE_BYTES;
  let srv: Local;
  let status = 200;
  before(async () => {
    srv = await listen((_req, res) => {
      // Valid JSON: 64 MiB of spaces, then a user. Generated chunk by chunk, never held whole.
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      const gz = zlib.createGzip({ level: 9 });
      gz.pipe(res);
      let closed = false;
      res.on('close', () => {
        closed = true;
        gz.destroy();
      });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      void (async () => {
        for (let sent = 0; sent < BOMB_BYTES && !closed; sent += chunk.length) {
          await new Promise<void>((r) => gz.write(chunk, () => r()));
        }
        if (!closed) gz.end('{"id":1,"username":"alice","name":"ci","sha1":"' + randomBytes(20).toString('hex') + '"}');
      })();
    });
  });
  after(() => srv.close());

  /** Runs `p` while sampling heap + external memory every 2 ms; the peak growth in bytes. */
  async function peakGrowth(p: () => Promise<unknown>): Promise<{ growth: number; result: unknown }> {
    const use = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const base = use();
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, use())), 2);
    let result: unknown;
    try {
      result = await p().then(
        (v) => v,
        (e: unknown) => e,
      );
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, use());
    return { growth: peak - base, result };
  }

  for (const [name, st, call] of [
    ['getUser (200)', 200, (c: GogsClient) => c.getUser(randomBytes(20).toString('hex'))],
    ['createToken (201): says the token may exist', 201, (c: GogsClient) => c.createToken('alice', 'pw', 'ci')],
    ['listTokens (401)', 401, (c: GogsClient) => c.listTokens('alice', 'pw')],
  ] as const) {
    it(`${name} → bad-response naming the cap, memory stays bounded`, async () => {
      status = st;
      const client = new GogsClient(srv.url, { timeoutMs: 30000 });
      const { growth, result } = await peakGrowth(() => call(client));
      assert.ok(result instanceof GogsApiError, `expected an error, got ${inspect(result).slice(0, 200)}`);
      assert.equal(result.kind, 'bad-response', result.message);
      assert.match(result.message, /larger than 1 MiB once decompressed/);
      if (st === 201) assert.match(result.message, /may have been created anyway: check http:\/\/127\.0\.0\.1:\d+\/user\/settings\/applications/);
      // The body is 64 MiB once decompressed; reading it whole would grow memory by at least that.
      assert.ok(growth < 16 * 1024 * 1024, `memory grew by ${(growth / 1048576).toFixed(1)} MiB`);
    });
  }
});
