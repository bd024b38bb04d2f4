import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { scan } from '../../../src/detection';
import type { Finding } from '../../../src/detection';
import { serverOfFinding } from '../../../src/editor/serverHost';

const newToken = (): string => randomBytes(20).toString('hex');

/** The single finding of `text` for `token` (scanned as `fileName`). */
function findingOf(text: string, token: string, fileName: string): Finding {
  const found = scan(text, { fileName }).findings.filter((f) => text.slice(f.start, f.end) === token);
  assert.equal(found.length, 1, `expected one finding for the token in:\n${text}`);
  return found[0];
}

describe('serverOfFinding (which server a found token belongs to)', () => {
  it('a decoy URL a few lines away wins the detector\'s guess, and stays a guess (not confirmed)', () => {
    const t = newToken();
    const text = [
      '# mirror, read-only: https://gitea-mirror.evil.test/org/repo',
      'set -e',
      'cd "$(dirname "$0")"',
      'echo deploying',
      '',
      '',
      `GITEA_TOKEN=${t}`,
      'curl -H "Authorization: token $GITEA_TOKEN" https://git.example.test/api/v1/user',
      '',
    ].join('\n');
    const f = findingOf(text, t, 'deploy.sh');
    assert.equal(f.host, 'gitea-mirror.evil.test', 'the detector favours the forge-named decoy (why its host is only a guess)');
    assert.deepEqual(serverOfFinding(text, f), { host: 'gitea-mirror.evil.test', confirmed: false });
  });

  it('the host of the URL that carries the token as its password is confirmed, with scheme and port', () => {
    const t = newToken();
    const text = ['# see https://gitea-mirror.evil.test/', `git clone https://alice:${t}@git.example.test:3000/org/repo.git`, ''].join('\n');
    const f = findingOf(text, t, 'clone.sh');
    assert.equal(f.context, 'userinfo');
    assert.deepEqual(serverOfFinding(text, f), { host: 'https://git.example.test:3000', confirmed: true });
  });

  it('a token as the user name (`https://<t>@host`, `https://<t>:x-oauth-basic@host`) also names its host', () => {
    const t1 = newToken();
    const a = `[remote "origin"]\n\turl = https://${t1}@git.example.test/org/r.git\n`;
    assert.deepEqual(serverOfFinding(a, findingOf(a, t1, '.git/config')), { host: 'https://git.example.test', confirmed: true });
    const t2 = newToken();
    const b = `https://${t2}:x-oauth-basic@gitea.example.test\n`;
    assert.deepEqual(serverOfFinding(b, findingOf(b, t2, '.git-credentials')), { host: 'https://gitea.example.test', confirmed: true });
  });

  it('keeps plain http:// as it was written (the client still refuses it for non-loopback hosts)', () => {
    const t = newToken();
    const text = `http://alice:${t}@127.0.0.1:8080/org/repo.git\n`;
    const f = findingOf(text, t, '.git-credentials');
    assert.deepEqual(serverOfFinding(text, f), { host: 'http://127.0.0.1:8080', confirmed: true });
  });

  it('a URL of another scheme (ssh://) is not the web server: its host stays a guess', () => {
    const t = newToken();
    const text = `ssh://alice:${t}@gitea.example.test:2222/org/repo.git\n`;
    const f = findingOf(text, t, '.git-credentials');
    assert.equal(f.context, 'userinfo');
    assert.deepEqual(serverOfFinding(text, f), { host: 'gitea.example.test', confirmed: false });
  });

  it('a token without context host gives nothing; other contexts never count as confirmed', () => {
    const t = newToken();
    const text = `GOGS_TOKEN=${t}\n`;
    const f = findingOf(text, t, '.env');
    assert.equal(f.host, undefined);
    assert.deepEqual(serverOfFinding(text, f), { host: undefined, confirmed: false });
    // Even a finding claiming to be userinfo is checked against the text itself.
    assert.deepEqual(serverOfFinding(text, { ...f, context: 'userinfo', host: 'git.example.test' }), { host: 'git.example.test', confirmed: false });
  });
});
