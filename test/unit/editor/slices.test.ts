/**
 * The editor's time budget for a check (src/editor/slices.ts): the scan runs in slices with the event loop's turns
 * in between, stops with "not fully checked" when the budget is spent, and gives up when the document moved on.
 */
import * as assert from 'node:assert/strict';
import { scan, ScanJob, ScanResult, startScan } from '../../../src/detection';
import { EDITOR_SCAN_BUDGET, runInSlices } from '../../../src/editor/slices';
import { randomToken } from '../detection/helpers';

function tokenLines(n: number): string {
  const lines = ['# our gitea server: https://gitea.x.test'];
  for (let k = 0; k < n; k++) lines.push(`GITEA_TOKEN_${k}=${randomToken()}`);
  return lines.join('\n') + '\n';
}

/** A job whose every candidate evaluation costs `ms` of busy time: a rule made slow on purpose. */
function slowJob(job: ScanJob, ms: number): ScanJob {
  return {
    run(deadline: number): ScanResult | undefined {
      const end = performance.now() + ms;
      while (performance.now() < end) { /* busy, like a slow rule */ }
      return job.run(deadline);
    },
    stop: (detail) => job.stop(detail),
  };
}

describe('runInSlices (the editor time budget)', function () {
  this.timeout(30_000);

  it('with time to spare, returns what scan returns', async () => {
    const text = tokenLines(200);
    const r = await runInSlices(startScan(text, { fileName: 'deploy.env' }), EDITOR_SCAN_BUDGET, () => true);
    assert.deepEqual(r, scan(text, { fileName: 'deploy.env' }));
  });

  it('keeps the event loop turning while a slow check runs: no gap longer than a slice or so', async () => {
    const text = tokenLines(400);
    let ticks = 0;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
      ticks++;
    }, 1);
    try {
      // 5 ms of busy work per slice on top of the scan's own: about 50 slices, hundreds of ms in all
      const r = await runInSlices(slowJob(startScan(text, { fileName: 'deploy.env' }), 5), { sliceMs: 1, totalMs: 10_000 }, () => true);
      assert.ok(r && r.incomplete === undefined);
      assert.equal(r.findings.length, 400);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 20, `the timer ran ${ticks} times during the check`);
    assert.ok(longest < 250, `longest pause of the event loop: ${longest.toFixed(0)} ms`);
  });

  it('stops when the budget is spent and says from which line the file was not checked', async () => {
    const text = tokenLines(3000);
    const r = await runInSlices(slowJob(startScan(text, { fileName: 'deploy.env' }), 20), { sliceMs: 5, totalMs: 100 }, () => true);
    assert.ok(r?.incomplete, 'not fully checked');
    assert.match(r.incomplete.detail, /^the check stopped after \d+ ms \(the limit is 100 ms\)$/);
    assert.ok(r.incomplete.line > 1 && r.incomplete.line < 3001, `stopped at line ${r.incomplete.line}`);
    assert.deepEqual(r.findings, scan(text, { fileName: 'deploy.env' }).findings.filter((f) => f.start < (r.incomplete?.from ?? 0)));
  });

  it('gives up (undefined) once alive() says the document moved on', async () => {
    const text = tokenLines(3000);
    let slices = 0;
    const r = await runInSlices(slowJob(startScan(text, { fileName: 'deploy.env' }), 2), { sliceMs: 1, totalMs: 10_000 }, () => ++slices < 3);
    assert.equal(r, undefined);
    assert.equal(slices, 3);
  });
});
