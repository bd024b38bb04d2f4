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

  it('counts findings silenced by directives, and with --no-inline-ignores reports them', async () => {
    const t = randomToken();
    fs.writeFileSync(path.join(dir, 'ignored.env'), `# gogs-key-hygiene:ignore-next-line\nGITEA_TOKEN=${t}\nmsg="gogs-key-hygiene:disable"\nGOGS_TOKEN=${tokens.env}\n`);
    try {
      const text = await run(['scan', 'ignored.env'], dir);
      assert.equal(text.code, 1);
      assert.match(text.out, /^ignored\.env:4:/);
      assert.match(text.err, /1 token finding\(s\) in 1 file\(s\), 1 suppressed by ignore directives/);
      const json = JSON.parse((await run(['scan', 'ignored.env', '--format', 'json'], dir)).out) as { findings: Array<{ line: number }>; suppressed: number };
      assert.deepEqual([json.findings.map((f) => f.line), json.suppressed], [[4], 1]);
      const strict = await run(['scan', 'ignored.env', '--no-inline-ignores', '--format', 'json'], dir);
      const sj = JSON.parse(strict.out) as { findings: Array<{ line: number; column: number }>; suppressed: number };
      assert.deepEqual([sj.findings.map((f) => [f.line, f.column]), sj.suppressed], [[[2, 13], [4, 12]], 0]);
    } finally {
      fs.rmSync(path.join(dir, 'ignored.env'));
    }
  });

  it('exits 2 and lists the file when a path given explicitly cannot be read (EACCES)', function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-acc-'));
    try {
      fs.chmodSync(tmp, 0o755);
      fs.writeFileSync(path.join(tmp, 'secret.env'), `GITEA_TOKEN=${randomToken()}\n`, { mode: 0o000 });
      fs.chmodSync(path.join(tmp, 'secret.env'), 0o000);
      fs.writeFileSync(path.join(tmp, 'ok.txt'), 'nothing\n');
      // root reads anything: run the CLI as nobody then
      const cli = require.resolve('../../../src/cli');
      const script = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const r = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, ['-e', script, ...args], { cwd: tmp, ...asUser });
      const text = r('scan', 'ok.txt', 'secret.env');
      assert.equal(text.status, 2, text.stderr.toString());
      assert.match(text.stderr.toString(), /skipped secret\.env: unreadable, EACCES/);
      assert.match(text.stderr.toString(), /1 file\(s\) scanned, 1 skipped \(1 unreadable\)/);
      const json = JSON.parse(r('scan', 'secret.env', '--format', 'json').stdout.toString()) as { unreadable: number; skipped: Array<{ file: string; reason: string; explicit?: boolean }> };
      assert.equal(json.unreadable, 1);
      assert.deepEqual(json.skipped, [{ file: 'secret.env', reason: 'unreadable', detail: 'EACCES', explicit: true }]);
      // inside a folder an unreadable file is listed, not an error
      const walked = r('scan', '.', '--format', 'json');
      assert.equal(walked.status, 0, walked.stderr.toString());
      assert.deepEqual((JSON.parse(walked.stdout.toString()) as { skipped: unknown[] }).skipped, [{ file: 'secret.env', reason: 'unreadable', detail: 'EACCES' }]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('skips FIFOs and devices given as paths instead of reading them', async function () {
    const fifo = path.join(dir, 'pipe');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) this.skip();
    try {
      const r = await run(['scan', '/dev/zero', 'pipe', '.env', '--format', 'json'], dir);
      assert.equal(r.code, 1);
      const j = JSON.parse(r.out) as { findings: Array<{ file: string }>; skipped: Array<{ file: string; reason: string; detail: string }> };
      assert.deepEqual(j.findings.map((f) => f.file), ['.env']);
      assert.deepEqual(j.skipped.map((k) => [k.file.endsWith('dev/zero') ? '/dev/zero' : k.file, k.reason, k.detail]), [
        ['/dev/zero', 'not-a-file', 'not a regular file (character device)'], ['pipe', 'not-a-file', 'not a regular file (FIFO)'],
      ]);
    } finally {
      fs.rmSync(fifo);
    }
  });

  it('escapes control characters and masks 40-hex runs in printed file names', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-names-'));
    const inName = randomToken();
    try {
      const forged = 'a\nforged.env:1:1: high fake\u001b[2K.env';
      fs.writeFileSync(path.join(tmp, forged), `GITEA_TOKEN=${randomToken()}\n`);
      fs.writeFileSync(path.join(tmp, `GOGS_TOKEN=${inName}.env`), `GITEA_TOKEN=${randomToken()}\n`);
      const text = await run(['scan', '.'], tmp);
      assert.equal(text.code, 1);
      const lines = text.out.trimEnd().split('\n');
      assert.equal(lines.length, 2, text.out);
      assert.ok(lines.some((l) => l.startsWith(`GOGS_TOKEN=****${inName.slice(-4)}.env:1:13: `)), text.out);
      assert.ok(lines.some((l) => l.startsWith('a\\nforged.env:1:1: high fake\\u001b[2K.env:1:13: ')), text.out);
      assert.ok(!text.out.includes('\u001b') && !text.out.includes(inName) && !text.err.includes(inName));
      const json = await run(['scan', '.', '--format', 'json'], tmp);
      assert.ok(!json.out.includes(inName));
      const files = (JSON.parse(json.out) as { findings: Array<{ file: string }> }).findings.map((f) => f.file).sort();
      assert.deepEqual(files, [`GOGS_TOKEN=****${inName.slice(-4)}.env`, forged]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reports columns without a UTF-8 BOM, and says why UTF-16 without a BOM is skipped', () => {
    fs.writeFileSync(path.join(dir, 'bom.env'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`GITEA_TOKEN=${randomToken()}\n`)]));
    fs.writeFileSync(path.join(dir, 'u16.env'), Buffer.from(`GITEA_TOKEN=${randomToken()}\n`, 'utf16le'));
    try {
      const r = scanPaths(parseArgs(['bom.env', 'u16.env']), dir);
      assert.deepEqual(r.findings.map((f) => [f.file, f.line, f.column]), [['bom.env', 1, 13]]);
      assert.deepEqual(r.skipped.map((k) => [k.file, k.reason]), [['u16.env', 'binary']]);
      assert.match(r.skipped[0].detail, /binary or UTF-16/);
    } finally {
      fs.rmSync(path.join(dir, 'bom.env'));
      fs.rmSync(path.join(dir, 'u16.env'));
    }
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
