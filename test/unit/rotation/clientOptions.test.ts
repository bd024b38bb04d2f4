/**
 * Settings → Gogs client options (src/rotation/clientOptions.ts), and that the options it builds
 * really work against the fake server over TLS with a private CA read from a file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GogsClient } from '../../../src/gogs';
import {
  clampTimeout,
  clientOptionsFrom,
  DEFAULT_HTTP_TIMEOUT_MS,
  expandHome,
  HttpSettingsError,
  MAX_CA_FILE_BYTES,
  readTextFileCapped,
  redactProxyUrl,
} from '../../../src/rotation/clientOptions';
import { startGogsServer } from '../../gogs-server/server';
import { makeTestCertificates } from '../../gogs-server/tls';

const noFiles = async (): Promise<string> => {
  throw Object.assign(new Error('nope'), { code: 'ENOENT' });
};

describe('rotation/clientOptions: settings → ClientOptions', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-opts-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('defaults: 10 s timeout, no insecure http, no proxy, no CA, certificate checks on', async () => {
    const o = await clientOptionsFrom({}, {}, noFiles);
    assert.deepEqual(o, { timeoutMs: DEFAULT_HTTP_TIMEOUT_MS, allowInsecureHttp: false });
  });

  it('timeout is clamped to 1–300 s and falls back to the default for junk', () => {
    assert.equal(clampTimeout(250), 1000);
    assert.equal(clampTimeout(2500.4), 2500);
    assert.equal(clampTimeout(10_000_000), 300_000);
    assert.equal(clampTimeout('5000'), DEFAULT_HTTP_TIMEOUT_MS);
    assert.equal(clampTimeout(NaN), DEFAULT_HTTP_TIMEOUT_MS);
  });

  it('allowInsecureHttp only when the setting is exactly true', async () => {
    assert.equal((await clientOptionsFrom({ allowInsecureHttp: true }, {}, noFiles)).allowInsecureHttp, true);
    assert.equal((await clientOptionsFrom({ allowInsecureHttp: 'true' }, {}, noFiles)).allowInsecureHttp, false);
  });

  it('http.proxy → proxy, http.noProxy + no_proxy → noProxy, http.proxyStrictSSL false → strictSSL false', async () => {
    const o = await clientOptionsFrom(
      { proxy: ' http://proxy.corp:3128/ ', noProxy: ['git.corp', '.internal'], proxyStrictSSL: false },
      { no_proxy: 'a.example, b.example' },
      noFiles,
    );
    assert.equal(o.proxy, 'http://proxy.corp:3128');
    assert.deepEqual(o.noProxy, ['git.corp', '.internal', 'a.example', 'b.example']);
    assert.equal(o.strictSSL, false);
    assert.equal((await clientOptionsFrom({ proxyStrictSSL: true }, {}, noFiles)).strictSSL, undefined);
  });

  it('an empty http.proxy inherits https_proxy / http_proxy from the environment (as VS Code documents); http.proxySupport off ignores both', async () => {
    assert.equal((await clientOptionsFrom({ proxy: '' }, { https_proxy: 'http://env-proxy:8080' }, noFiles)).proxy, 'http://env-proxy:8080');
    assert.equal((await clientOptionsFrom({}, { HTTP_PROXY: 'env-proxy:8080' }, noFiles)).proxy, 'http://env-proxy:8080');
    assert.equal((await clientOptionsFrom({ proxy: 'http://set:1' }, { https_proxy: 'http://env:2' }, noFiles)).proxy, 'http://set:1');
    const off = await clientOptionsFrom({ proxy: 'http://set:1', proxySupport: 'off' }, { https_proxy: 'http://env:2' }, noFiles);
    assert.equal(off.proxy, undefined);
  });

  it('a proxy that is not an http(s) URL is refused with a message naming the setting, without its credentials', async () => {
    await assert.rejects(clientOptionsFrom({ proxy: 'socks5://user:s3cretpw@proxy:1080' }, {}, noFiles), (e: unknown) => {
      assert.ok(e instanceof HttpSettingsError);
      assert.equal(e.setting, 'http.proxy');
      assert.match(e.message, /socks5/);
      assert.ok(!e.message.includes('s3cretpw'));
      return true;
    });
    assert.equal(redactProxyUrl('http://user:pw@proxy:3128/'), 'http://proxy:3128');
  });

  it('CA files are read, checked for a PEM certificate and concatenated; ~ is expanded', async () => {
    const certs = makeTestCertificates();
    const other = makeTestCertificates();
    const a = path.join(tmp, 'a.pem');
    const b = path.join(tmp, 'b.pem');
    fs.writeFileSync(a, certs.caPem);
    fs.writeFileSync(b, other.caPem);
    const o = await clientOptionsFrom({ caCertificates: [a, b] }, {}, readTextFileCapped);
    assert.equal(typeof o.ca, 'string');
    assert.equal((o.ca as string).match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.ok((o.ca as string).includes(certs.caPem.trim()));
    assert.equal(expandHome('~/x/ca.pem', '/home/u'), path.join('/home/u', 'x/ca.pem'));
  });

  it('a missing, relative, non-PEM or oversized CA file is a clear error naming the path and the setting', async () => {
    const cases: [string, RegExp][] = [
      [path.join(tmp, 'missing.pem'), /does not exist/],
      ['relative/ca.pem', /not absolute/],
    ];
    const der = path.join(tmp, 'ca.der');
    fs.writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    cases.push([der, /no PEM certificate/]);
    const big = path.join(tmp, 'big.pem');
    fs.writeFileSync(big, Buffer.alloc(MAX_CA_FILE_BYTES + 1, 0x41));
    cases.push([big, /larger than/]);
    for (const [p, re] of cases) {
      await assert.rejects(clientOptionsFrom({ caCertificates: [p] }, {}, readTextFileCapped), (e: unknown) => {
        assert.ok(e instanceof HttpSettingsError, p);
        assert.equal(e.setting, 'gogsKeyHygiene.http.caCertificates');
        assert.match(e.message, re);
        assert.ok(e.message.includes(p), 'names the path');
        return true;
      });
    }
  });

  it('the options built from a CA file let the client verify a server behind that private CA', async function () {
    this.timeout(20_000);
    const certs = makeTestCertificates();
    const caFile = path.join(tmp, 'private-ca.pem');
    fs.writeFileSync(caFile, certs.caPem);
    const srv = await startGogsServer({ mode: 'gogs', tls: { key: certs.key, cert: certs.cert } });
    try {
      const token = srv.state.seedToken('tls');
      const without = new GogsClient(srv.url, await clientOptionsFrom({}, {}, readTextFileCapped));
      await assert.rejects(without.getUser(token), (e: unknown) => (e as { kind?: string }).kind === 'tls');
      const c = new GogsClient(srv.url, await clientOptionsFrom({ caCertificates: [caFile], timeoutMs: 5000 }, {}, readTextFileCapped));
      try {
        assert.equal((await c.getUser(token)).username, 'alice');
      } finally {
        await c.close();
      }
    } finally {
      await srv.close();
    }
  });
});
