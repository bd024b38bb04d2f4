/**
 * Scanning the walked files as a stream: in this thread, or with worker threads once the files seen hold enough
 * bytes; results are handed on in walk order, with a bounded number of files in flight, so memory does not grow
 * with the number of findings.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CliOptions } from './args';
import { ScanFileOptions, scanFile, skipResult } from './file';
import { CliReport, FileResult } from './types';
import { FileJob, resolveRoots, walkFiles } from './walk';

/** Once the files seen hold this many bytes, worker threads join (starting workers costs more than small scans take). */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
/** Files handed to one worker at a time. */
const IN_FLIGHT_PER_WORKER = 2;
/** Files scanned or waiting to be handed on, per thread: with the largest file, this bounds the memory of a scan. */
const PENDING_PER_THREAD = 4;

const WORKER_KIND = 'gogs-key-hygiene-scan';

/**
 * Receives each file's result, in walk order. May return a promise (e.g. until the output stream drained): the scan
 * waits for it before handing on more, and stops with its error when it rejects.
 */
export type ResultSink = (r: FileResult) => void | Promise<void>;

/** A result to hand on: known, or still being computed by a worker. */
interface Slot {
  value?: FileResult;
  promise?: Promise<FileResult>;
}

function scanOptionsOf(o: CliOptions): ScanFileOptions {
  return { maxFileSize: o.maxFileSize, minConfidence: o.minConfidence, ignoredFingerprints: o.ignoredFingerprints, inlineIgnores: o.inlineIgnores };
}

function emptyReport(): CliReport {
  return { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0, suppressed: 0 };
}

/** Adds one file's result to a report. */
function addTo(report: CliReport, r: FileResult): void {
  for (const f of r.findings) report.findings.push(f);
  if (r.skip) report.skipped.push(r.skip);
  if (r.scanned) report.filesScanned++;
  report.bytesScanned += r.bytes;
  report.suppressed += r.suppressed;
}

/**
 * Scans the given paths in this thread and returns the whole report (see {@link walkFiles} for what is scanned).
 * Paths in the report are relative to `cwd`, with `/`. Throws UsageError when a path cannot be read. Holds every
 * finding in memory: {@link scanStream} is what the command line uses.
 */
export function scanPaths(o: CliOptions, cwd: string = process.cwd()): CliReport {
  const roots = resolveRoots(o, cwd);
  const opts = scanOptionsOf(o);
  const report = emptyReport();
  for (const item of walkFiles(o, cwd, roots)) addTo(report, 'skip' in item ? skipResult(item.skip) : scanFile(item.job, opts));
  return report;
}

/** Like {@link scanPaths}, through {@link scanStream} (worker threads once `parallelMinBytes` bytes were seen). */
export async function scanPathsParallel(o: CliOptions, cwd: string = process.cwd(), parallelMinBytes = PARALLEL_MIN_BYTES): Promise<CliReport> {
  const report = emptyReport();
  await scanStream(o, cwd, (r) => addTo(report, r), parallelMinBytes);
  return report;
}

/**
 * Walks and scans the given paths, handing each file's result to `sink` in walk order as soon as it and all before
 * it are done. Scans in this thread until the files seen hold `parallelMinBytes` bytes; from then on (with
 * `o.threads` > 1) `o.threads` - 1 worker threads scan too. At most `o.threads` × 4 results are held at a time, and
 * none is computed ahead while the sink is still busy, so memory stays bounded by the largest files, not by the
 * number of findings. The paths are `stat`ed first: a UsageError for an unreadable path comes before any result.
 * @throws UsageError when a path cannot be read; the sink's error; an error of a worker thread
 */
export async function scanStream(o: CliOptions, cwd: string, sink: ResultSink, parallelMinBytes = PARALLEL_MIN_BYTES): Promise<void> {
  const roots = resolveRoots(o, cwd);
  const opts = scanOptionsOf(o);
  const maxPending = Math.max(1, o.threads) * PENDING_PER_THREAD;
  const queue: Slot[] = [];
  let pool: WorkerPool | undefined;
  let seen = 0;

  /** Hands on the results at the head of the queue that are done; with `all`, or when the queue is full, waits. */
  const handOn = async (all: boolean): Promise<void> => {
    while (queue.length > 0) {
      const head = queue[0];
      if (head.value === undefined) {
        if (!all && queue.length < maxPending) return;
        head.value = await head.promise;
      }
      queue.shift();
      await sink(head.value as FileResult);
    }
  };

  try {
    for (const item of walkFiles(o, cwd, roots)) {
      if ('skip' in item) {
        queue.push({ value: skipResult(item.skip) });
      } else {
        seen += item.job.size;
        if (pool === undefined && o.threads > 1 && seen >= parallelMinBytes) pool = new WorkerPool(o.threads - 1, opts);
        // let finished workers report before deciding who scans this file
        if (pool && !pool.hasRoom()) await new Promise<void>((resolve) => setImmediate(resolve));
        if (pool?.hasRoom()) {
          const slot: Slot = {};
          slot.promise = pool.scan(item.job);
          // the rejection is awaited when the slot reaches the head; this only keeps it from counting as unhandled
          slot.promise.then((v) => (slot.value = v), () => undefined);
          queue.push(slot);
        } else {
          queue.push({ value: scanFile(item.job, opts) });
        }
      }
      await handOn(false);
    }
    await handOn(true);
  } finally {
    await pool?.close();
  }
}

/** Worker threads that scan one file per message, each given at most {@link IN_FLIGHT_PER_WORKER} files at a time. */
class WorkerPool {
  private readonly workers: Array<{ w: Worker; busy: number; failed?: Error }> = [];
  private readonly pending = new Map<number, { resolve: (r: FileResult) => void; reject: (e: Error) => void; worker: number }>();
  private nextId = 0;

  constructor(n: number, options: ScanFileOptions) {
    for (let i = 0; i < n; i++) {
      // __filename: this module in the test build, the bundle (dist/cli.js) in the package; both start the loop below
      const w = new Worker(__filename, { workerData: { kind: WORKER_KIND, options } });
      const entry: { w: Worker; busy: number; failed?: Error } = { w, busy: 0 };
      w.on('message', (m: { id: number; result: FileResult }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        entry.busy--;
        p.resolve(m.result);
      });
      const fail = (err: Error): void => {
        entry.failed ??= err;
        for (const [id, p] of this.pending) {
          if (p.worker !== i) continue;
          this.pending.delete(id);
          p.reject(entry.failed);
        }
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`scan worker exited with code ${code}`)));
      this.workers.push(entry);
    }
  }

  /** Whether some worker can take a file now. */
  hasRoom(): boolean {
    return this.workers.some((e) => !e.failed && e.busy < IN_FLIGHT_PER_WORKER);
  }

  /** Hands a file to the least busy worker; rejects with the worker's error when it fails. */
  scan(job: FileJob): Promise<FileResult> {
    let best = -1;
    this.workers.forEach((e, i) => {
      if (!e.failed && (best < 0 || e.busy < this.workers[best].busy)) best = i;
    });
    const entry = this.workers[best];
    const id = this.nextId++;
    entry.busy++;
    return new Promise<FileResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: best });
      entry.w.postMessage({ id, job });
    });
  }

  /** Stops all workers (files still in flight are dropped). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((e) => e.w.terminate()));
  }
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  const { options } = workerData as { options: ScanFileOptions };
  parentPort?.on('message', (m: { id: number; job: FileJob }) => {
    parentPort?.postMessage({ id: m.id, result: scanFile(m.job, options) });
  });
}
