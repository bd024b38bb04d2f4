/** Scanning the walked files, in this thread or split across worker threads. */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CliOptions } from './args';
import { PartialReport, ScanFileOptions, scanFileList } from './file';
import { CliReport } from './types';
import { collectFiles, FileJob } from './walk';

/**
 * Scans the given paths in this thread (see {@link collectFiles} for what is scanned). Paths in the report are
 * relative to `cwd`, with `/`. Throws UsageError when a path cannot be read.
 */
export function scanPaths(o: CliOptions, cwd: string = process.cwd()): CliReport {
  const { files, skipped } = collectFiles(o, cwd);
  const r = scanFileList(files, o);
  return { findings: r.findings, skipped: [...skipped, ...r.skipped], filesScanned: r.filesScanned, bytesScanned: r.bytesScanned, suppressed: r.suppressed };
}

/** Below this many bytes in all, a scan stays in one thread (starting workers costs more than it saves). */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Like {@link scanPaths}, with the files split into `o.threads` contiguous shares of about equal size, one scanned
 * here and the others by worker threads (only when they hold `parallelMinBytes` bytes or more); the report keeps
 * file order.
 */
export async function scanPathsParallel(o: CliOptions, cwd: string = process.cwd(), parallelMinBytes = PARALLEL_MIN_BYTES): Promise<CliReport> {
  const { files, skipped } = collectFiles(o, cwd);
  const total = files.reduce((n, f) => n + f.size, 0);
  const threads = Math.min(o.threads, files.length);
  let parts: PartialReport[];
  if (threads <= 1 || total < parallelMinBytes) {
    parts = [scanFileList(files, o)];
  } else {
    const shares: FileJob[][] = [];
    let at = 0;
    for (let t = 0; t < threads; t++) {
      const share: FileJob[] = [];
      const goal = (total * (t + 1)) / threads;
      let acc = shares.reduce((n, sh) => n + sh.reduce((m, f) => m + f.size, 0), 0);
      while (at < files.length && (acc < goal || t === threads - 1)) {
        acc += files[at].size;
        share.push(files[at++]);
      }
      shares.push(share);
    }
    const opts: ScanFileOptions = { maxFileSize: o.maxFileSize, minConfidence: o.minConfidence, ignoredFingerprints: o.ignoredFingerprints, inlineIgnores: o.inlineIgnores };
    const pending = shares.slice(1).map(
      (share) =>
        new Promise<PartialReport>((resolve, reject) => {
          const w = new Worker(__filename, { workerData: { kind: WORKER_KIND, files: share, options: opts } });
          w.once('message', (m: PartialReport) => resolve(m));
          w.once('error', reject);
          w.once('exit', (code) => {
            if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
          });
        }),
    );
    const mine = scanFileList(shares[0], o);
    parts = [mine, ...(await Promise.all(pending))];
  }
  const report: CliReport = { findings: [], skipped: [...skipped], filesScanned: 0, bytesScanned: 0, suppressed: 0 };
  for (const p of parts) {
    for (const f of p.findings) report.findings.push(f);
    for (const k of p.skipped) report.skipped.push(k);
    report.filesScanned += p.filesScanned;
    report.bytesScanned += p.bytesScanned;
    report.suppressed += p.suppressed;
  }
  return report;
}

const WORKER_KIND = 'gogs-key-hygiene-scan';

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  const data = workerData as { files: FileJob[]; options: ScanFileOptions };
  parentPort?.postMessage(scanFileList(data.files, data.options));
}
