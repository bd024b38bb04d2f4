/**
 * Reading and scanning one file for the CLI (in this thread or a worker) under the file policy shared with the
 * history scans and the editor's workspace scan (`scanBytes` of src/detection/filePolicy.ts).
 */
import * as fs from 'node:fs';
import { Finding } from '../detection';
import { scanBytes } from '../detection/filePolicy';
import { maskHexRuns } from '../util/mask';
import type { CliOptions } from './args';
import type { CliFinding, CliSkip, FileResult } from './types';
import type { FileJob } from './walk';

/** Options a scanning thread needs. */
export type ScanFileOptions = Pick<CliOptions, 'maxFileSize' | 'minConfidence' | 'ignoredFingerprints' | 'inlineIgnores'>;

/** The result of a walk entry that is not scanned. */
export function skipResult(skip: CliSkip): FileResult {
  return { file: skip.file, findings: [], skip, scanned: false, bytes: 0, suppressed: 0 };
}

/**
 * A detector finding as the CLI reports it at `file` (the printed path, already masked): `message`, `keyName` and
 * `host` have 40-hex runs masked ({@link maskHexRuns}); fingerprint and last 4 only, never the token.
 */
export function toCliFinding(f: Finding, file: string): CliFinding {
  const cf: CliFinding = { file, line: f.line, column: f.column, ruleId: f.ruleId, confidence: f.confidence, message: maskHexRuns(f.message), fingerprint: f.fingerprint, last4: f.last4 };
  if (f.keyName !== undefined) cf.keyName = maskHexRuns(f.keyName);
  if (f.host !== undefined) cf.host = maskHexRuns(f.host);
  if (f.context !== undefined) cf.context = f.context;
  return cf;
}

/**
 * Reads and scans one file with the file policy ({@link scanBytes}). `--max-file-size` applies to the size `stat`
 * gave and to the bytes actually read (a `/proc` file or a growing file can hold more than `stat` says): reading
 * stops once more than the limit has come in, and the file is skipped as too large. Never throws for a file that
 * cannot be read (it is skipped as unreadable).
 */
export function scanFile(job: FileJob, o: ScanFileOptions): FileResult {
  const { abs, file, size, explicit } = job;
  const tooLarge = (detail: string): FileResult => skipResult({ file, reason: 'too-large', detail: `${detail}, over --max-file-size ${o.maxFileSize}` });
  if (o.maxFileSize > 0 && size > o.maxFileSize) return tooLarge(`${size} bytes`);
  let buf: Buffer | undefined;
  try {
    buf = readCapped(abs, size, o.maxFileSize);
  } catch (err) {
    const skip: CliSkip = { file, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' };
    if (explicit) skip.explicit = true;
    return skipResult(skip);
  }
  if (buf === undefined) return tooLarge(`more than ${o.maxFileSize} bytes`);
  const c = scanBytes(buf, abs, o);
  if (c.kind === 'binary') return skipResult({ file, reason: 'binary', detail: c.detail });
  const result: FileResult = { file, findings: [], scanned: true, bytes: buf.length, suppressed: 0 };
  if (c.kind === 'refused') {
    result.skip = { file, reason: c.reason, detail: c.detail };
    return result;
  }
  result.suppressed = c.suppressed;
  for (const f of c.findings) result.findings.push(toCliFinding(f, file));
  return result;
}

/** One read buffer reused across files (files are decoded to strings right away, so it is free again after each). */
let shared = Buffer.allocUnsafe(1024 * 1024);

/** Rounds up to a multiple of 8: some kernel files (`/proc/<pid>/pagemap`) only take reads of whole 8-byte entries. */
const up8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Reads a whole file into the shared buffer (grown as needed) through one file descriptor; returns a view of the
 * bytes read, or undefined when `max` > 0 and the file holds more than `max` bytes (then at most `max` + 8 bytes were
 * read, whatever `sizeHint`, the size `stat` gave, said).
 * @throws the `fs` error when the file cannot be opened or read
 */
function readCapped(abs: string, sizeHint: number, max: number): Buffer | undefined {
  const limit = max > 0 ? up8(max + 1) : Infinity;
  const fd = fs.openSync(abs, 'r');
  try {
    let n = 0;
    const want = Math.min(limit, up8(sizeHint + 1));
    if (shared.length < want) shared = Buffer.allocUnsafe(Math.max(want, Math.min(limit, shared.length * 2)));
    while (n < limit) {
      if (n === shared.length) {
        const grown = Buffer.allocUnsafe(Math.min(limit, shared.length * 2));
        shared.copy(grown, 0, 0, n);
        shared = grown;
      }
      const r = fs.readSync(fd, shared, n, Math.min(shared.length, limit) - n, null);
      if (r === 0) break;
      n += r;
    }
    return max > 0 && n > max ? undefined : shared.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
