/**
 * The history and index scans against generated repositories: every place a leaked token hides is found once per
 * path with its commit, line, author date and pushed state; the index scan sees what `git commit` would record;
 * a partial clone is scanned with a count of missing objects and without fetching or running anything.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprint } from '../../../src/detection';
import { HistoryFinding, HistoryScanOptions, scanHistory, scanStaged } from '../../../src/history';
import { randomToken } from '../detection/helpers';
import { git, LeakRepo, makeLeakRepo, plainEnv } from './repo';

const OPTIONS: HistoryScanOptions = { minConfidence: 'medium', ignoredFingerprints: [], inlineIgnores: true, maxFileSize: 0 };

const of = (findings: readonly HistoryFinding[], token: string): HistoryFinding[] => findings.filter((f) => f.fingerprint === fingerprint(token));

describe('history scan (scanHistory)', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: LeakRepo;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-history-'));
    repo = makeLeakRepo(tmp);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds a token committed and removed later, once per path, at the commit that added it, pushed', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    const removed = of(r.findings, repo.tokens.removed);
    assert.deepEqual(
      removed.map((f) => [f.path, f.line, f.commit, f.authorDate, f.pushed]),
      [
        ['deploy/prod.env', 2, repo.commits.added, repo.dates.added, true],
        ['deploy/staging.env', 2, repo.commits.copied, repo.dates.copied, true],
      ],
      'the blob is read once; each path where it was added is reported at the earliest commit that added it there',
    );
    assert.equal(removed[0].ruleId, 'forge-key-assignment');
    assert.equal(removed[0].blob, git(repo.work, ['rev-parse', `${repo.commits.added}:deploy/prod.env`]));
    assert.deepEqual(removed.map((f) => [f.versions, f.commits]), [[1, 1], [1, 1]]);
  });

  it('reports a token once per path however often its file was edited, at the first commit, counting versions and commits', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    const edited = of(r.findings, repo.tokens.edited);
    // three versions of config/app.env hold the token: without collapsing, three rows (one per blob)
    assert.deepEqual(
      edited.map((f) => [f.path, f.line, f.column, f.commit, f.authorDate, f.pushed, f.versions, f.commits]),
      [['config/app.env', 1, 13, repo.commits.edited, repo.dates.edited, true, 3, 3]],
    );
    assert.equal(edited[0].blob, git(repo.work, ['rev-parse', `${repo.commits.edited}:config/app.env`]), 'line and column are those of the first version');
    // one row per (token, path) over the whole report, and each token of the repository once per path at most
    const keys = r.findings.map((f) => `${f.fingerprint} ${f.path}`);
    assert.equal(new Set(keys).size, keys.length, 'no (token, path) twice');
  });

  it('finds tokens on an unpushed branch and on a tag of a commit no branch holds (not pushed)', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    assert.deepEqual(of(r.findings, repo.tokens.branch).map((f) => [f.path, f.line, f.commit, f.authorDate, f.pushed]), [['src/app.js', 1, repo.commits.branch, repo.dates.branch, false]]);
    assert.deepEqual(of(r.findings, repo.tokens.tag).map((f) => [f.path, f.line, f.commit, f.pushed]), [['release/notes.yml', 3, repo.commits.tag, false]]);
  });

  it('finds tokens in the stash, in older stashes of the stash reflog and in a stash of untracked files', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    for (const [name, file] of [['stash', 'README.md'], ['oldStash', 'README.md'], ['untrackedStash', 'scratch/.env']] as const) {
      const found = of(r.findings, repo.tokens[name]);
      assert.equal(found.length, 1, `${name} found once`);
      assert.ok(found.every((f) => f.path === file && f.commit !== undefined && f.pushed === false), `${name}: ${JSON.stringify(found)}`);
    }
  });

  it('does not report a blob reachable from nothing, and never carries a token', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    assert.equal(of(r.findings, repo.tokens.dangling).length, 0);
    const json = JSON.stringify(r);
    for (const t of Object.values(repo.tokens)) assert.ok(!json.includes(t), 'no token in the report');
    assert.equal(r.missing, 0);
  });

  it('reads each reachable blob once', async () => {
    const r = await scanHistory(repo.work, OPTIONS);
    const stash = git(repo.work, ['log', '-g', '--format=%H', 'refs/stash']).split('\n');
    const listed = git(repo.work, ['rev-list', '--objects', '--all', ...stash]).split('\n').map((l) => l.split(' ')[0]);
    const types = spawnSync('git', ['cat-file', '--batch-check=%(objecttype)'], { cwd: repo.work, env: plainEnv(), input: listed.join('\n') + '\n', encoding: 'utf8' }).stdout.split('\n');
    const blobs = new Set(listed.filter((_, i) => types[i] === 'blob'));
    assert.equal(r.blobsScanned + r.binary, blobs.size);
  });

  it('takes a rev range and --since', async () => {
    const range = await scanHistory(repo.work, OPTIONS, { revs: ['main..feature'] });
    assert.deepEqual([...new Set(range.findings.map((f) => f.last4))], [repo.tokens.branch.slice(-4)], 'only what the branch added');
    const since = await scanHistory(repo.work, OPTIONS, { since: '2022-01-01' });
    assert.equal(of(since.findings, repo.tokens.removed).length, 0, 'the removed token is in no commit since 2022');
    assert.equal(of(since.findings, repo.tokens.branch).length, 1);
    await assert.rejects(scanHistory(repo.work, OPTIONS, { revs: ['--output=/tmp/x'] }), /not a revision/);
    await assert.rejects(scanHistory(repo.work, OPTIONS, { revs: ['no-such-branch'] }), /git rev-list failed/);
  });

  it('honours ignored fingerprints, the minimum confidence and directives like the file scan', async () => {
    const r = await scanHistory(repo.work, { ...OPTIONS, ignoredFingerprints: [fingerprint(repo.tokens.branch)] });
    assert.equal(of(r.findings, repo.tokens.branch).length, 0);
    assert.ok(of(r.findings, repo.tokens.tag).length > 0);
  });

  it('rejects a folder that is not a repository', async () => {
    const plain = fs.mkdtempSync(path.join(tmp, 'plain-'));
    await assert.rejects(scanHistory(plain, OPTIONS), /git/);
  });
});

describe('index scan (scanStaged)', function () {
  this.timeout(30_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-staged-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports a staged token, not an unstaged or untracked one, and what is staged even if the work tree changed', async () => {
    const dir = path.join(tmp, 'r');
    fs.mkdirSync(dir);
    git(dir, ['init', '-q']);
    const staged = randomToken();
    const unstaged = randomToken();
    const untracked = randomToken();
    const stagedThenDeleted = randomToken();
    fs.writeFileSync(path.join(dir, 'b.env'), 'HOST=gitea.example.test\n');
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'init']);
    fs.mkdirSync(path.join(dir, 'sub dir'));
    fs.writeFileSync(path.join(dir, 'sub dir', 'a.env'), `# settings\nGITEA_TOKEN=${staged}\n`);
    fs.writeFileSync(path.join(dir, 'c.env'), `GOGS_TOKEN=${stagedThenDeleted}\n`);
    git(dir, ['add', '.']);
    fs.writeFileSync(path.join(dir, 'c.env'), 'GOGS_TOKEN=\n');
    fs.writeFileSync(path.join(dir, 'b.env'), `HOST=gitea.example.test\nGITEA_TOKEN=${unstaged}\n`);
    fs.writeFileSync(path.join(dir, 'new.env'), `GITEA_TOKEN=${untracked}\n`);
    const r = await scanStaged(path.join(dir, 'sub dir'), OPTIONS);
    assert.deepEqual(r.findings.map((f) => [f.path, f.line, f.last4]), [['c.env', 1, stagedThenDeleted.slice(-4)], ['sub dir/a.env', 2, staged.slice(-4)]]);
    assert.equal(r.findings[0].commit, undefined);
  });
});

describe('history scan of a partial clone: missing objects counted, never fetched', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: LeakRepo;
  let clone: string;
  let marker: string;
  let trap: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-partial-'));
    repo = makeLeakRepo(tmp);
    clone = path.join(tmp, 'clone');
    git(tmp, ['clone', '-q', '--filter=blob:none', `file://${repo.remote}`, clone]);
    marker = path.join(tmp, 'trap-ran');
    trap = path.join(tmp, 'trap.sh');
    fs.writeFileSync(trap, `#!/bin/sh\necho "$@" >> '${marker}'\nexit 1\n`, { mode: 0o755 });
    git(clone, ['config', 'remote.origin.uploadpack', trap]);
    git(clone, ['config', 'protocol.file.allow', 'always']);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('counts the blobs it does not have, attributes the ones it has, runs no program of the repository, reaches no remote', async () => {
    const oldBlob = git(repo.work, ['rev-parse', `${repo.commits.added}:deploy/prod.env`]);
    // positive control: plain git would fetch the missing blob and so run the trap
    spawnSync('git', ['cat-file', '-p', oldBlob], { cwd: clone, env: plainEnv(), encoding: 'utf8' });
    assert.ok(fs.existsSync(marker), 'the trap fires under plain git (else this test proves nothing)');
    fs.rmSync(marker);

    const r = await scanHistory(clone, OPTIONS);
    assert.equal(fs.existsSync(marker), false, 'scanHistory started the repository\'s program');
    assert.ok(r.missing >= 2, `the removed token's blob (and its readme versions) are missing: ${r.missing}`);
    assert.equal(of(r.findings, repo.tokens.removed).length, 0, 'a missing blob cannot be scanned');
    assert.ok(r.blobsScanned >= 1, 'the checked-out blobs were scanned');
    // the checked-out version of config/app.env is there: found and attributed (git log must not need missing blobs)
    const lastEdit = git(repo.work, ['log', '-1', '--format=%H', 'main', '--', 'config/app.env']);
    assert.deepEqual(of(r.findings, repo.tokens.edited).map((f) => [f.path, f.line, f.commit, f.pushed, f.versions]), [['config/app.env', 2, lastEdit, true, 1]]);
    const present = spawnSync('git', ['cat-file', '-e', oldBlob], { cwd: clone, env: plainEnv({ GIT_NO_LAZY_FETCH: '1' }) });
    assert.notEqual(present.status, 0, 'still missing afterwards: nothing was fetched');
  });
});
