/**
 * Scans in slices (`startScan` / `startRescan`): run to the end they equal `scan` / `rescan`; stopped early they
 * report what was checked and where checking stopped, and the stopped result is no base for a rescan.
 */
import * as assert from 'node:assert/strict';
import { rescan, scan, startRescan, startScan, ScanResult } from '../../../src/detection';
import { randomToken } from './helpers';

/** `n` lines, every one a token assignment near a Gitea URL. */
function tokenLines(n: number): string {
  const lines = ['# our gitea server: https://gitea.x.test'];
  for (let k = 0; k < n; k++) lines.push(`GITEA_TOKEN_${k}=${randomToken()}`);
  return lines.join('\n') + '\n';
}

/** Runs a job in slices that end at once (each `run` evaluates a few candidates), counting the calls. */
function runInTinySlices(job: ReturnType<typeof startScan>): { result: ScanResult; calls: number } {
  for (let calls = 1; ; calls++) {
    const r = job.run(0); // a deadline in the past: the least work per call
    if (r !== undefined) return { result: r, calls };
  }
}

describe('scan jobs (slices, time budget)', () => {
  it('a job run in many small slices returns exactly what scan returns', () => {
    const text = tokenLines(500);
    const { result, calls } = runInTinySlices(startScan(text, { fileName: 'deploy.env' }));
    assert.ok(calls > 10, `ran in ${calls} slices`);
    assert.deepEqual(result, scan(text, { fileName: 'deploy.env' }));
    assert.equal(result.incomplete, undefined);
  });

  it('a rescan job run in slices returns what rescan returns', () => {
    const text = tokenLines(400);
    const base = scan(text, { fileName: 'deploy.env' });
    const at = text.indexOf('GITEA_TOKEN_200=');
    const next = `${text.slice(0, at)}# edited\n${text.slice(at)}`;
    const changes = [{ rangeOffset: at, rangeLength: 0, text: '# edited\n' }];
    const { result } = runInTinySlices(startRescan(base, text, next, changes, { fileName: 'deploy.env' }));
    assert.deepEqual(result, rescan(base, text, next, changes, { fileName: 'deploy.env' }));
    assert.deepEqual(result.findings.map((f) => f.line), scan(next, { fileName: 'deploy.env' }).findings.map((f) => f.line));
  });

  it('stopped early: findings before the stop only, and where checking stopped (offset and line)', () => {
    const text = tokenLines(300);
    const job = startScan(text, { fileName: 'deploy.env' });
    for (let k = 0; k < 5; k++) assert.equal(job.run(0), undefined);
    const stopped = job.stop('the check stopped after 2000 ms');
    const all = scan(text, { fileName: 'deploy.env' }).findings;
    assert.ok(stopped.incomplete, 'marked incomplete');
    const { from, to, line, detail } = stopped.incomplete;
    assert.equal(detail, 'the check stopped after 2000 ms');
    assert.equal(to, text.length);
    assert.equal(line, text.slice(0, from).split('\n').length);
    assert.ok(stopped.findings.length > 0 && stopped.findings.length < all.length, `${stopped.findings.length} of ${all.length}`);
    assert.deepEqual(stopped.findings, all.filter((f) => f.start < from), 'exactly the findings before the stop');
    assert.equal(job.stop('again'), stopped, 'stopping twice returns the same result');
  });

  it('a stopped result is no base for a rescan: the next rescan scans in full and equals scan', () => {
    const text = tokenLines(300);
    const job = startScan(text, { fileName: 'deploy.env' });
    job.run(0);
    const stopped = job.stop('budget');
    const next = text + `GOGS_TOKEN=${randomToken()}\n`;
    const r = rescan(stopped, text, next, [{ rangeOffset: text.length, rangeLength: 0, text: next.slice(text.length) }], { fileName: 'deploy.env' });
    assert.deepEqual(r, scan(next, { fileName: 'deploy.env' }));
    assert.equal(r.findings.length, 301);
  });

  it('a job that finished ignores stop()', () => {
    const text = tokenLines(3);
    const job = startScan(text, { fileName: 'deploy.env' });
    const done = job.run(Infinity);
    assert.ok(done);
    assert.equal(job.stop('late'), done);
    assert.equal(done.incomplete, undefined);
  });

  it('skipped texts finish at once', () => {
    const job = startScan('x'.repeat(2 * 1024 * 1024), { maxBytes: 1024 });
    assert.equal(job.run(0)?.skipped?.reason, 'too-large');
  });
});
