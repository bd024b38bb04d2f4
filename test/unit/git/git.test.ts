import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { matchScore, parseCredentialInput } from '../../../src/cli/credential';
import { effectiveHelpers, HELPER_MARKER, helperValue, includesStore } from '../../../src/git/gitConfig';
import { credentialSourceOf } from '../../../src/git/userinfo';
import { FileMetadataBackend } from '../../../src/keychain/fileMetadata';
import { moveAllTokens } from '../../../src/keychain/move';
import { TokenStore } from '../../../src/keychain';
import type { TokenMeta } from '../../../src/keychain';
import { MemoryMemento, MemorySecrets } from '../../support/memoryBackends';

const newToken = (): string => randomBytes(20).toString('hex');
class AccountSecrets extends MemorySecrets {
  readonly keying = 'account' as const;
}

describe('git credentials', () => {
  describe('credentialSourceOf (what the URL fix keeps in the metadata)', () => {
    it('keeps server and user name of https://deploy:<t>@host/…', () => {
      const t = newToken();
      const text = `[remote "origin"]\n\turl = https://deploy:${t}@git.example.test/acme/site.git\n`;
      const s = text.indexOf(t);
      assert.deepEqual(credentialSourceOf(text, s, s + 40), { server: 'https://git.example.test', username: 'deploy' });
    });
    it('keeps the port of http://127.0.0.1:3000, no user for https://<t>@host', () => {
      const t = newToken();
      const a = `http://alice:${t}@127.0.0.1:3000/alice/x.git`;
      assert.deepEqual(credentialSourceOf(a, a.indexOf(t), a.indexOf(t) + 40), { server: 'http://127.0.0.1:3000', username: 'alice' });
      const b = `git clone https://${t}@git.example.test/a/b.git`;
      assert.deepEqual(credentialSourceOf(b, b.indexOf(t), b.indexOf(t) + 40), { server: 'https://git.example.test', username: undefined });
    });
    it('reads machine and login of a .netrc entry; nothing from plain assignments or ssh URLs', () => {
      const t = newToken();
      const n = `machine git.example.test\n  login deploy\n  password ${t}\n`;
      assert.deepEqual(credentialSourceOf(n, n.indexOf(t), n.indexOf(t) + 40), { server: 'https://git.example.test', username: 'deploy' });
      const e = `GOGS_TOKEN=${t}\n`;
      assert.deepEqual(credentialSourceOf(e, e.indexOf(t), e.indexOf(t) + 40), {});
      const s = `ssh://bob:${t}@git.example.test/x`;
      assert.equal(credentialSourceOf(s, s.indexOf(t), s.indexOf(t) + 40).server, undefined);
    });
  });

  describe('credential matching (CLI helper and VS Code provider)', () => {
    const meta = (host: string, extra: Partial<TokenMeta> = {}): TokenMeta =>
      ({ id: '1', label: 'x', envVar: 'X', host, hostConfirmed: true, createdAt: '', fingerprint: '', last4: 'abcd', ...extra }) as TokenMeta;
    it('matches protocol and host; a server path must prefix the request path when git sends one', () => {
      assert.equal(matchScore(meta('https://git.example.test'), { protocol: 'https', host: 'git.example.test' }), 0);
      assert.equal(matchScore(meta('git.example.test'), { protocol: 'https', host: 'git.example.test' }), 0);
      assert.equal(matchScore(meta('https://git.example.test'), { protocol: 'http', host: 'git.example.test' }), -1);
      assert.equal(matchScore(meta('https://git.example.test:8443'), { protocol: 'https', host: 'git.example.test' }), -1);
      assert.equal(matchScore(meta('https://git.example.test/gogs'), { protocol: 'https', host: 'git.example.test', path: 'gogs/a/b.git' }), 4);
      assert.equal(matchScore(meta('https://git.example.test/gogs'), { protocol: 'https', host: 'git.example.test', path: 'other/a/b.git' }), -1);
      assert.equal(matchScore(meta('https://git.example.test', { state: 'pending-revocation' }), { protocol: 'https', host: 'git.example.test' }), -1);
      assert.equal(matchScore(meta('https://git.example.test', { username: 'alice' }), { protocol: 'https', host: 'git.example.test', username: 'bob' }), -1);
    });
    it('never answers for a server that was only guessed from text near the token (a decoy URL must not get it through git)', () => {
      assert.equal(matchScore(meta('https://gitea-mirror.evil.test', { hostConfirmed: undefined }), { protocol: 'https', host: 'gitea-mirror.evil.test' }), -1);
      assert.equal(matchScore(meta('gitea-mirror.evil.test', { hostConfirmed: false }), { protocol: 'https', host: 'gitea-mirror.evil.test' }), -1);
    });
    it('answers plain http only for loopback', () => {
      assert.equal(matchScore(meta('http://git.example.test'), { protocol: 'http', host: 'git.example.test' }), -1);
      assert.equal(matchScore(meta('http://127.0.0.1:3000'), { protocol: 'http', host: '127.0.0.1:3000' }), 0);
    });
    it('parses helper input up to the blank line', () => {
      assert.deepEqual(parseCredentialInput('protocol=https\nhost=h\n\npassword=x\n'), { protocol: 'https', host: 'h' });
    });
  });

  describe('git config helpers', () => {
    it('the helper value quotes absolute paths and is recognised on re-check', () => {
      const v = helperValue('/opt/VS Code/code', '/home/u/.vscode/extensions/gogs-key-hygiene.gogs-key-hygiene-0.1.0/dist/cli.js');
      assert.equal(v, '!ELECTRON_RUN_AS_NODE=1 "/opt/VS Code/code" "/home/u/.vscode/extensions/gogs-key-hygiene.gogs-key-hygiene-0.1.0/dist/cli.js" credential');
      assert.match(v, HELPER_MARKER);
    });
    it('the helper value runs through git as written (sh quoting)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh helper '));
      const script = path.join(dir, 'dist', 'cli.js');
      fs.mkdirSync(path.dirname(script));
      fs.writeFileSync(script, 'process.stdout.write("username=u\\npassword=p\\n")');
      const out = execFileSync('git', ['-c', 'credential.helper=', '-c', `credential.helper=${helperValue(process.execPath, script)}`, 'credential', 'fill'], {
        input: 'protocol=https\nhost=git.example.test\n\n',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
        encoding: 'utf8',
      });
      assert.match(out, /username=u\npassword=p/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it('sees `store` in the effective helpers of a URL, and not after a reset', () => {
      const lines = 'credential.helper store\ncredential.https://git.example.test.helper !gkh credential\n';
      assert.ok(includesStore(effectiveHelpers(lines, 'https://git.example.test')));
      assert.ok(!includesStore(effectiveHelpers(lines + 'credential.https://git.example.test.helper \ncredential.https://git.example.test.helper !gkh credential\n', 'https://git.example.test')));
      assert.ok(!includesStore(effectiveHelpers('credential.https://other.test.helper store\n', 'https://git.example.test')));
      assert.ok(includesStore(['/usr/lib/git-core/git-credential-store --file ~/.x']));
    });
  });

  describe('moving tokens between stores', () => {
    it('moves every token with its metadata (id, dates, user) and removes the source copy', async () => {
      const ssSecrets = new MemorySecrets();
      const ss = new TokenStore(ssSecrets, new MemoryMemento());
      const osSecrets = new AccountSecrets();
      const osStore = new TokenStore(osSecrets, new FileMetadataBackend(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-mv-')), 'tokens.json')));
      const v1 = newToken();
      const v2 = newToken();
      const a = await ss.add({ value: v1, envVar: 'GOGS_TOKEN', host: 'https://git.example.test', username: 'deploy', createdAt: new Date('2025-01-01T00:00:00Z') });
      await ss.update(a.id, { state: 'pending-revocation' });
      const b = await ss.add({ value: v2, envVar: 'GOGS_TOKEN', replaces: a.id });
      const r = await moveAllTokens(ss, osStore);
      assert.deepEqual(r, { moved: ['GOGS_TOKEN', 'GOGS_TOKEN'], left: [] });
      assert.equal(ss.list().length, 0);
      assert.equal(ssSecrets.data.size, 0);
      assert.equal(osSecrets.data.get('GOGS_TOKEN'), v2);
      assert.equal(osSecrets.data.get(`GOGS_TOKEN.replaced.${a.id.slice(0, 8)}`), v1);
      const movedA = osStore.meta(a.id)!;
      assert.equal(movedA.username, 'deploy');
      assert.equal(movedA.createdAt, '2025-01-01T00:00:00.000Z');
      assert.equal(osStore.meta(b.id)!.replaces, a.id);
      // and back
      const back = await moveAllTokens(osStore, ss);
      assert.equal(back.left.length, 0);
      assert.equal(await ss.get(b.id), v2);
      assert.equal(osSecrets.data.size, 0);
    });
    it('a failure half-way leaves every token readable in one of the stores', async () => {
      const ss = new TokenStore(new MemorySecrets(), new MemoryMemento());
      const osSecrets = new AccountSecrets();
      const osStore = new TokenStore(osSecrets, new MemoryMemento());
      const values = [newToken(), newToken(), newToken()];
      const metas = [];
      for (const [i, v] of values.entries()) metas.push(await ss.add({ value: v, envVar: `T${i}` }));
      let writes = 0;
      const realStore = osSecrets.store.bind(osSecrets);
      osSecrets.store = async (k: string, v: string) => {
        if (++writes === 2) throw new Error('Cannot create an item in a locked collection');
        return realStore(k, v);
      };
      const r = await moveAllTokens(ss, osStore);
      assert.deepEqual(r.moved, ['T0']);
      assert.deepEqual(r.left.map((l) => l.envVar), ['T1', 'T2']);
      assert.match(r.left[0].reason, /locked collection/);
      for (const [i, m] of metas.entries()) {
        const v = (await ss.get(m.id)) ?? (await osStore.get(m.id));
        assert.equal(v, values[i], `T${i} is readable somewhere`);
      }
    });
  });
});
