// Pure helper of the diagnostics pipeline (no `vscode` import, unit-tested under plain mocha).
import type { ScanJob, ScanResult } from '../detection';

/** How long a check of one document may run: slices of `sliceMs`, at most `totalMs` in all (milliseconds). */
export interface ScanBudget {
  sliceMs: number;
  totalMs: number;
}

/**
 * The editor's budget: slices of 15 ms keep the extension host answering other work (typing, other extensions)
 * between them, and 2 s of checking is about 5 MiB of token-dense text at the detector's slowest (issue 10 #5): a
 * document still not done by then is marked "not fully checked" instead of burning the host's time.
 */
export const EDITOR_SCAN_BUDGET: ScanBudget = { sliceMs: 15, totalMs: 2000 };

/** A macrotask turn: pending I/O callbacks, timers and other extensions' events run before this resolves. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `job` slice by slice, yielding to the event loop after each slice, until it is done or `budget.totalMs` of
 * slice time (time spent checking, not waiting) is used up; then it is stopped and the result says so
 * (`incomplete`, with the line from which nothing was checked). `alive()` is asked after each yield: false
 * abandons the job (the document changed or closed, a newer check runs) and the promise resolves to undefined.
 * `now` is the clock in milliseconds (`performance.now`).
 */
export async function runInSlices(job: ScanJob, budget: ScanBudget, alive: () => boolean, now: () => number = () => performance.now()): Promise<ScanResult | undefined> {
  let spent = 0;
  for (;;) {
    const t0 = now();
    const result = job.run(t0 + budget.sliceMs);
    spent += now() - t0;
    if (result !== undefined) return result;
    if (spent >= budget.totalMs) {
      return job.stop(`the check stopped after ${Math.round(spent)} ms (the limit is ${budget.totalMs} ms)`);
    }
    await yieldToEventLoop();
    if (!alive()) return undefined;
  }
}
