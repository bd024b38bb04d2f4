/**
 * `gogs-key-hygiene scan --git` and `scan --staged` through the CLI's main() (and, for what only a real process
 * shows, a child `node`): what a user or CI sees (lines, JSON fields, exit codes), paths and messages escaped and
 * masked as in the file scan, output through the same stream writers, never a token.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli';
import { textLine } from '../../../src/cli/report';
import { fingerprint } from '../../../src/detection';
import { randomToken } from '../detection/helpers';
import { git, LeakRepo, makeLeakRepo, runCli } from './repo';

interface JsonFinding {
  file: string; line: number; message: string; host?: string; blob: string; commit?: string; authorDate?: string; pushed?: boolean;
  versions?: number; commits?: number; fingerprint: string; last4: string;
}

/** The compiled CLI module, run in a child `node` through its exported `main` (as bin/gogs-key-hygiene.js does). */
const CLI = require.resolve('../../../src/cli');
const SCRIPT = `require(${JSON.stringify(CLI)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;

describe('CLI scan --git / --staged', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: LeakRepo;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-cli-git-'));
    repo = makeLeakRepo(tmp);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const noTokenIn = (text: string): void => {
    for (const t of Object.values(repo.tokens)) assert.ok(!text.includes(t), 'a token in the output');
  };

  it('--git: each copy with path, line, commit, date and pushed state; exit 1', async () => {
    const r = await runCli(['scan', '--git'], repo.work);
    assert.equal(r.code, 1);
    noTokenIn(r.out + r.err);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.includes(`deploy/prod.env:2:13: high forge-key-assignment: Gogs/Gitea access token assigned to GITEA_TOKEN (…${repo.tokens.removed.slice(-4)}) in ${repo.commits.added.slice(0, 12)} (2021-02-03, pushed) [sha256:${fingerprint(repo.tokens.removed).slice(0, 12)}]`), r.out);
    assert.ok(lines.includes(`config/app.env:1:13: high forge-key-assignment: Gogs/Gitea access token assigned to GITEA_TOKEN (…${repo.tokens.edited.slice(-4)}) in ${repo.commits.edited.slice(0, 12)} (2021-02-20, pushed; 3 versions in 3 commits) [sha256:${fingerprint(repo.tokens.edited).slice(0, 12)}]`), r.out);
    assert.equal(lines.filter((l) => l.startsWith('config/app.env:')).length, 1, 'one line for the three versions');
    assert.ok(lines.some((l) => l.startsWith('src/app.js:1:') && l.includes(`in ${repo.commits.branch.slice(0, 12)} (2022-05-06, not pushed)`)), r.out);
    assert.ok(lines.some((l) => l.startsWith('release/notes.yml:3:') && l.includes(repo.commits.tag.slice(0, 12))), r.out);
    assert.match(r.err, /token finding\(s\) in \d+ path\(s\), 3 pushed/);
  });

  it('text: the counts only when a token was in more than one version or commit, in singular or plural', () => {
    const base = { file: 'a.env', line: 1, column: 13, ruleId: 'forge-key-assignment', confidence: 'high' as const, message: 'm', fingerprint: 'ab'.repeat(32), last4: 'abcd' };
    const at = { commit: 'c'.repeat(40), authorDate: '2024-03-05T09:12:44.000Z', pushed: false };
    assert.equal(textLine({ ...base, ...at, versions: 1, commits: 1 }), `a.env:1:13: high forge-key-assignment: m in ${'c'.repeat(12)} (2024-03-05, not pushed) [sha256:${'ab'.repeat(6)}]`);
    assert.match(textLine({ ...base, ...at, versions: 1, commits: 3 }), /\(2024-03-05, not pushed; 1 version in 3 commits\)/);
    assert.match(textLine({ ...base, ...at, pushed: true, versions: 4, commits: 14 }), /\(2024-03-05, pushed; 4 versions in 14 commits\)/);
    assert.equal(textLine(base), `a.env:1:13: high forge-key-assignment: m [sha256:${'ab'.repeat(6)}]`, 'a file or index finding has no commit part');
  });

  it('--git --format json: every hiding place, pushed only for what reached the remote', async () => {
    const r = await runCli(['scan', '--git', '--format', 'json'], repo.work);
    assert.equal(r.code, 1);
    noTokenIn(r.out);
    const report = JSON.parse(r.out) as { mode: string; findings: JsonFinding[]; missing: number; blobsScanned: number };
    assert.equal(report.mode, 'git');
    assert.equal(report.missing, 0);
    const by = (t: string): JsonFinding[] => report.findings.filter((f) => f.fingerprint === fingerprint(t));
    assert.deepEqual(by(repo.tokens.removed).map((f) => [f.file, f.line, f.commit, f.pushed]), [
      ['deploy/prod.env', 2, repo.commits.added, true], ['deploy/staging.env', 2, repo.commits.copied, true],
    ]);
    assert.deepEqual(by(repo.tokens.edited).map((f) => [f.file, f.line, f.commit, f.authorDate, f.pushed, f.versions, f.commits]), [
      ['config/app.env', 1, repo.commits.edited, repo.dates.edited, true, 3, 3],
    ]);
    assert.deepEqual(by(repo.tokens.branch).map((f) => [f.file, f.commit, f.authorDate, f.pushed]), [['src/app.js', repo.commits.branch, repo.dates.branch, false]]);
    assert.deepEqual(by(repo.tokens.tag).map((f) => [f.file, f.commit, f.pushed]), [['release/notes.yml', repo.commits.tag, false]]);
    for (const t of [repo.tokens.stash, repo.tokens.oldStash, repo.tokens.untrackedStash]) {
      assert.ok(by(t).length >= 1 && by(t).every((f) => f.commit !== undefined && f.pushed === false), 'stashed token found, not pushed');
    }
    assert.equal(by(repo.tokens.dangling).length, 0);
    assert.equal(r.out, `${JSON.stringify(report, null, 2)}\n`, 'streamed as JSON.stringify(…, null, 2) lays it out');
  });

  it('--git <range> and --since', async () => {
    const range = await runCli(['scan', '--git', 'main..feature', '--format', 'json'], repo.work);
    assert.deepEqual((JSON.parse(range.out) as { findings: JsonFinding[] }).findings.map((f) => f.last4), [repo.tokens.branch.slice(-4)]);
    const since = await runCli(['scan', '--git', '--since', '2030-01-01'], repo.work);
    assert.equal(since.code, 0, 'no commit since 2030');
    assert.equal(since.out, '');
  });

  it('exit 2 with a message: an unknown revision, an option-like revision, outside a repository, bad combinations', async () => {
    const unknown = await runCli(['scan', '--git', 'no-such-ref'], repo.work);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^gogs-key-hygiene: git rev-list failed \(exit 128\): fatal: bad revision 'no-such-ref'\n$/);
    assert.equal(unknown.out, '', 'nothing on stdout');
    const plain = fs.mkdtempSync(path.join(tmp, 'plain-'));
    assert.equal((await runCli(['scan', '--git'], plain)).code, 2);
    assert.equal((await runCli(['scan', '--staged'], plain)).code, 2);
    for (const [args, message] of [
      [['--git', '--staged'], /--git and --staged cannot be combined/],
      [['--staged', 'main'], /--staged takes no revision or path \(main\)/],
      [['--git', '--exclude', 'x'], /--exclude is for file scans, not with --git/],
      [['--staged', '--no-gitignore'], /--no-gitignore is for file scans, not with --staged/],
      [['.', '--since', '2024-01-01'], /--since needs --git/],
      [['--git', '--since', '--all'], /--since needs a date/],
      [['--git', '--format', 'xml'], /--format must be text, json or sarif, not xml/],
    ] as const) {
      const r = await runCli(['scan', ...args], repo.work);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
  });

  it('a git error ends the process with its message and exit 2, not a stack trace (cat-file stopped cleanly)', () => {
    const r = spawnSync(process.execPath, ['-e', SCRIPT, 'scan', '--git', 'no-such-ref'], { cwd: repo.work, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.stderr, "gogs-key-hygiene: git rev-list failed (exit 128): fatal: bad revision 'no-such-ref'\n");
    assert.equal(r.status, 2);
  });

  it('git messages are escaped and masked like every printed field (a revision is text from the user or a script)', async () => {
    const hex = randomToken();
    const r = await runCli(['scan', '--git', `x\u202e${hex}`], repo.work);
    assert.equal(r.code, 2);
    assert.ok(!r.err.includes(hex) && !r.err.includes('\u202e'), r.err);
    assert.ok(r.err.includes(`x\\u202e****${hex.slice(-4)}`), r.err);
  });

  it('paths and messages from the repository are escaped and masked in text, JSON and SARIF', async () => {
    const dir = path.join(tmp, 'hostile');
    fs.mkdirSync(dir);
    git(dir, ['init', '-q']);
    const inName = randomToken();
    const inHost = randomToken();
    const token = randomToken();
    const name = `evil\u001b[31m\u202e${inName}.netrc`;
    fs.writeFileSync(path.join(dir, name), `machine \u009b2j${inHost}.example.test login bob password ${token}\n`);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'hostile']);
    for (const mode of ['--git', '--staged']) {
      const text = await runCli(['scan', mode], dir);
      assert.equal(text.code, 1, text.err);
      for (const raw of ['\u001b', '\u009b', '\u202e', inName, inHost, token]) {
        assert.ok(!text.out.includes(raw) && !text.err.includes(raw), `${mode} text printed raw ${JSON.stringify(raw)}`);
      }
      assert.ok(text.out.startsWith(`evil\\u001b[31m\\u202e****${inName.slice(-4)}.netrc:1:`), text.out);
      assert.ok(text.out.includes(`\\u009b2j****${inHost.slice(-4)}.example.test`), text.out);
      assert.equal(text.out.split('\n').length, 2, 'one line');
      for (const format of ['json', 'sarif']) {
        const r = await runCli(['scan', mode, '--format', format], dir);
        assert.equal(r.code, 1);
        for (const raw of ['\u001b', '\u009b', '\u202e', inName, inHost, token]) assert.ok(!r.out.includes(raw), `${mode} ${format} printed raw ${JSON.stringify(raw)}`);
        const parsed = JSON.parse(r.out) as { findings?: JsonFinding[]; runs?: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
        const file = format === 'json' ? parsed.findings?.[0].file : decodeURIComponent(parsed.runs?.[0].results[0].locations[0].physicalLocation.artifactLocation.uri ?? '');
        assert.equal(file, `evil\u001b[31m\u202e****${inName.slice(-4)}.netrc`, 'the masked path, control characters as JSON escapes');
        if (format === 'json') assert.equal(parsed.findings?.[0].host, `\u009b2j****${inHost.slice(-4)}.example.test`);
      }
    }
  });

  it('stops quietly when the reader closes the pipe: exit 1 when the scan found tokens, 2 when it found none', async () => {
    /** A stdout whose reader went away: every write fails with EPIPE. */
    class ClosedPipe extends Writable {
      override _write(_chunk: Buffer, _enc: string, done: (err?: Error) => void): void {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      }
    }
    const errText: string[] = [];
    const err = new Writable({ write: (c: Buffer, _e, done) => { errText.push(c.toString()); done(); } });
    const clean = fs.mkdtempSync(path.join(tmp, 'clean-'));
    git(clean, ['init', '-q']);
    const prev = process.cwd();
    try {
      process.chdir(repo.work);
      for (const format of ['text', 'json', 'sarif']) assert.equal(await main(['scan', '--git', '--format', format], new ClosedPipe(), err), 1, format);
      process.chdir(clean);
      // nothing found, and the JSON document could not be written: the run did not finish
      assert.equal(await main(['scan', '--git', '--format', 'json'], new ClosedPipe(), err), 2);
    } finally {
      process.chdir(prev);
    }
    assert.deepEqual(errText, [], 'nothing on stderr: no EPIPE message, no summary');
  });

  it('writes findings in batches and waits for a slow output stream to drain (text, JSON, SARIF)', async () => {
    const dir = path.join(tmp, 'many');
    fs.mkdirSync(dir);
    git(dir, ['init', '-q']);
    fs.writeFileSync(path.join(dir, 'many.env'), Array.from({ length: 4000 }, () => `GITEA_TOKEN=${randomToken()}\n`).join(''));
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'many']);
    /** Consumes 16 KiB per event-loop turn and records how much the writer had queued at most. */
    class Slow extends Writable {
      bytes = 0;
      maxQueued = 0;
      text = '';
      constructor() {
        super({ highWaterMark: 16 * 1024 });
      }
      override _write(chunk: Buffer, _enc: string, done: () => void): void {
        this.maxQueued = Math.max(this.maxQueued, this.writableLength);
        this.bytes += chunk.length;
        this.text += chunk.toString();
        setImmediate(done);
      }
    }
    const prev = process.cwd();
    process.chdir(dir);
    try {
      for (const format of ['text', 'json', 'sarif']) {
        const out = new Slow();
        assert.equal(await main(['scan', '--git', '--format', format], out, new Writable({ write: (_c, _e, done) => done() })), 1);
        const n = format === 'text' ? out.text.split('\n').length - 1 : format === 'json' ? (JSON.parse(out.text) as { findings: unknown[] }).findings.length : (JSON.parse(out.text) as { runs: Array<{ results: unknown[] }> }).runs[0].results.length;
        assert.equal(n, 4000, format);
        // a batch of findings is written at once; the whole output is many batches
        assert.ok(out.maxQueued < out.bytes / 8, `${format}: queued up to ${out.maxQueued} of ${out.bytes} bytes`);
      }
    } finally {
      process.chdir(prev);
    }
  });

  it('--staged: a staged token fails the hook, an unstaged one does not', async () => {
    const dir = path.join(tmp, 'hook');
    fs.mkdirSync(dir);
    git(dir, ['init', '-q']);
    fs.writeFileSync(path.join(dir, 'ci.env'), 'HOST=gitea.example.test\n');
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'init']);
    const unstaged = randomToken();
    fs.writeFileSync(path.join(dir, 'ci.env'), `HOST=gitea.example.test\nGITEA_TOKEN=${unstaged}\n`);
    const clean = await runCli(['scan', '--staged'], dir);
    assert.equal(clean.code, 0, clean.out);
    assert.equal(clean.out, '');
    assert.match(clean.err, /0 token finding\(s\)/);

    const staged = randomToken();
    fs.writeFileSync(path.join(dir, 'deploy.env'), `GOGS_TOKEN=${staged}\n`);
    git(dir, ['add', 'deploy.env']);
    const dirty = await runCli(['scan', '--staged', '--format', 'json'], dir);
    assert.equal(dirty.code, 1);
    assert.ok(!dirty.out.includes(staged) && !dirty.out.includes(unstaged));
    const report = JSON.parse(dirty.out) as { mode: string; findings: JsonFinding[] };
    assert.equal(report.mode, 'staged');
    assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.last4]), [['deploy.env', 1, staged.slice(-4)]]);
  });
});
