/**
 * The command-line scanner: what it walks (hidden files, `.git/config` only, `.gitignore`, excludes, binaries,
 * symlinks), what it prints (text/JSON, never a token), exit codes, and that threads do not change the result.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { fingerprint } from '../../../src/detection';
import { main, parseArgs, scanPaths, scanPathsParallel } from '../../../src/cli';
import { randomToken } from './helpers';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, out, err);
    return { code, out: out.text, err: err.text };
  } finally {
    process.chdir(prev);
  }
}

describe('CLI (gogs-key-hygiene scan)', function () {
  this.timeout(60_000);
  let dir: string;
  const tokens: Record<string, string> = {};

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-cli-'));
    const put = (rel: string, content: string | Buffer): void => {
      const p = path.join(dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    };
    for (const k of ['env', 'netrc', 'gitconfig', 'ignored', 'hooks', 'excluded', 'binary', 'nested', 'linked']) tokens[k] = randomToken();
    put('.env', `GITEA_TOKEN=${tokens.env}\n`);
    put('home/.netrc', `machine gitea.x.test login bot password ${tokens.netrc}\n`);
    put('.git/config', `[remote "origin"]\n\turl = https://bot:${tokens.gitconfig}@gitea.x.test/o/r.git\n`);
    put('.git/hooks/pre-push', `GITEA_TOKEN=${tokens.hooks}\n`);
    put('.git/packed-refs', `${randomToken()} refs/heads/main\n`);
    put('.gitignore', 'build/\n*.secret\n');
    put('build/out.env', `GITEA_TOKEN=${tokens.ignored}\n`);
    put('vendor/lib/config.yml', `gitea_token: ${tokens.excluded}\n`);
    put('assets/blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(`GITEA_TOKEN=${tokens.binary}\n`)]));
    put('src/deep/nested/app.js', `const GOGS_TOKEN = process.env.GOGS_TOKEN || '${tokens.nested}';\n`);
    put('yarn.lock', `  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#${randomToken()}"\n`);
    put('elsewhere/linked.env', `GITEA_TOKEN=${tokens.linked}\n`);
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'src', 'link'));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scans hidden files and .git/config, honours .gitignore and --exclude, skips binaries, does not follow symlinks', async () => {
    const { code, out } = await run(['scan', '.', '--format', 'json', '--exclude', 'vendor/**', '--exclude', 'elsewhere'], dir);
    assert.equal(code, 1);
    const report = JSON.parse(out) as { findings: Array<{ file: string; line: number; column: number; fingerprint: string; last4: string; ruleId: string }>; skipped: Array<{ file: string; reason: string }>; filesScanned: number };
    const byFile = Object.fromEntries(report.findings.map((f) => [f.file, f]));
    assert.deepEqual(Object.keys(byFile).sort(), ['.env', '.git/config', 'home/.netrc', 'src/deep/nested/app.js']);
    assert.equal(byFile['.env'].fingerprint, fingerprint(tokens.env));
    assert.equal(byFile['.env'].last4, tokens.env.slice(-4));
    assert.deepEqual([byFile['.env'].line, byFile['.env'].column], [1, 13]);
    assert.equal(byFile['.git/config'].ruleId, 'url-userinfo');
    assert.deepEqual(report.skipped.map((s) => [s.file, s.reason]), [['assets/blob.bin', 'binary']]);
    for (const t of Object.values(tokens)) assert.ok(!out.includes(t), 'a token in the output');
  });

  it('with --no-gitignore also scans ignored files; explicit paths are always scanned', async () => {
    const all = scanPaths(parseArgs(['.', '--no-gitignore']), dir);
    assert.ok(all.findings.some((f) => f.file === 'build/out.env'));
    const explicit = scanPaths(parseArgs(['build/out.env']), dir);
    assert.deepEqual(explicit.findings.map((f) => f.file), ['build/out.env']);
  });

  it('prints text lines file:line:column with the rule and a fingerprint prefix, and a summary on stderr', async () => {
    const { code, out, err } = await run(['scan', '.env'], dir);
    assert.equal(code, 1);
    assert.match(out, /^\.env:1:13: high forge-key-assignment: Gogs\/Gitea access token assigned to GITEA_TOKEN \(…[0-9a-f]{4}\) \[sha256:[0-9a-f]{12}\]\n$/);
    assert.match(err, /1 token finding\(s\) in 1 file\(s\)/);
    assert.ok(!out.includes(tokens.env));
  });

  it('exits 0 when nothing is found, 2 on usage errors', async () => {
    assert.equal((await run(['scan', 'yarn.lock'], dir)).code, 0);
    assert.equal((await run(['scan', '.env', '--ignore-fingerprint', fingerprint(tokens.env)], dir)).code, 0);
    assert.equal((await run(['scan'], dir)).code, 2);
    assert.equal((await run(['scan', '--format', 'xml', '.'], dir)).code, 2);
    assert.equal((await run(['scan', 'no-such-file'], dir)).code, 2);
    assert.equal((await run(['frobnicate'], dir)).code, 2);
    const help = await run(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.out, /usage: gogs-key-hygiene scan/);
    const rules = await run(['--list-rules'], dir);
    assert.match(rules.out, /authorization-header/);
  });

  it('filters by --min-confidence', () => {
    const p = path.join(dir, 'notes.txt');
    fs.writeFileSync(p, `Authorization: Bearer ${randomToken()}\n`);
    try {
      assert.equal(scanPaths(parseArgs(['notes.txt']), dir).findings.length, 0);
      assert.equal(scanPaths(parseArgs(['notes.txt', '--min-confidence', 'low']), dir).findings.length, 1);
    } finally {
      fs.rmSync(p);
    }
  });

  it('gives the same report with worker threads as in one thread', async () => {
    const one = scanPaths(parseArgs(['.', '--threads', '1']), dir);
    const two = await scanPathsParallel(parseArgs(['.', '--threads', '3']), dir, 0);
    assert.deepEqual(two, one);
  });

  it('bin/gogs-key-hygiene.js says clearly when dist/ is missing', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-bin-'));
    try {
      fs.mkdirSync(path.join(tmp, 'bin'));
      fs.copyFileSync(path.resolve(__dirname, '../../../../bin/gogs-key-hygiene.js'), path.join(tmp, 'bin', 'gogs-key-hygiene.js'));
      const r = spawnSync(process.execPath, [path.join(tmp, 'bin', 'gogs-key-hygiene.js'), 'scan', '.']);
      assert.equal(r.status, 2);
      assert.match(r.stderr.toString(), /dist[\\/]cli\.js is missing[\s\S]*npm run build/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
