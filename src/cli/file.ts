/**
 * Reading and scanning one file for the CLI (in this thread or a worker), and the file policy ({@link scanBytes})
 * that the history and index scans (`src/history/`) apply to git blobs too. Imports nothing of the CLI at run time
 * (only types), so `src/history/` can use it without an import cycle.
 */
import * as fs from 'node:fs';
import { Confidence, Finding, scan } from '../detection';
import { maskHexRuns } from '../util/mask';
import type { CliOptions } from './args';
import type { CliFinding, CliSkip, FileResult } from './types';
import type { FileJob } from './walk';

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BINARY_SAMPLE = 8192;

/** Options a scanning thread needs. */
export type ScanFileOptions = Pick<CliOptions, 'maxFileSize' | 'minConfidence' | 'ignoredFingerprints' | 'inlineIgnores'>;

/** The directive marker, any case; replaced (same length) to scan a text as if it had no directives. */
const MARKER_RE = /gogs-key-hygiene:/gi;

/** The result of a walk entry that is not scanned. */
export function skipResult(skip: CliSkip): FileResult {
  return { file: skip.file, findings: [], skip, scanned: false, bytes: 0, suppressed: 0 };
}

/** Options of {@link scanBytes}: the file policy's part of the `scan` options. */
export type ContentScanOptions = Pick<CliOptions, 'minConfidence' | 'ignoredFingerprints' | 'inlineIgnores'>;

/**
 * What {@link scanBytes} made of a file's bytes: `binary` (not scanned: a NUL byte in the first 8 KiB and no UTF-16
 * BOM), `refused` (decoded, but the detector skipped the text, e.g. a UTF-16 text holding NUL characters), or the
 * findings of at least the minimum confidence in text order, with the number of findings ignore directives silenced.
 */
export type ContentScan =
  | { kind: 'binary'; detail: string }
  | { kind: 'refused'; reason: 'binary' | 'too-large'; detail: string }
  | { kind: 'scanned'; findings: Finding[]; suppressed: number };

/** The skip detail of a binary file, as the file scan reports it. */
export const BINARY_DETAIL = 'NUL bytes in the first 8 KiB (binary or UTF-16 without a BOM)';

/**
 * The CLI's file policy, for a file read from disk ({@link scanFile}) and a git blob (`src/history/`) alike: decodes
 * UTF-16 with a BOM (LE or BE), treats other bytes with a NUL in the first 8 KiB as binary, strips a UTF-8 BOM (so
 * columns of the first line stay right), skips the detector when no run of 40 lowercase hex characters is in the
 * bytes, takes the file kind (lockfile, `.netrc`, `go.sum`, …) from `fileName` (a path with any separator: only its
 * name and folders matter), honours or disregards (`inlineIgnores: false`) `gogs-key-hygiene:` directives and drops
 * findings under `minConfidence`. Findings are the detector's (message, key and host not masked yet; never the
 * token). No size cap (the caller applies `--max-file-size`). Pure: no I/O; never throws.
 */
export function scanBytes(buf: Buffer, fileName: string, o: ContentScanOptions): ContentScan {
  const text = decode(buf);
  if (text === undefined) return { kind: 'binary', detail: BINARY_DETAIL };
  // no run of 40 lowercase hex characters anywhere: nothing to find, no need to decode or scan
  if (text === '' || (typeof text !== 'string' && !hasHexRun(buf))) return { kind: 'scanned', findings: [], suppressed: 0 };
  const str = typeof text === 'string' ? text : utf8(buf);
  const scanOptions = { fileName, maxBytes: 0, ignoredFingerprints: o.ignoredFingerprints };
  let scanned = scan(str, scanOptions);
  if (scanned.skipped) return { kind: 'refused', reason: scanned.skipped.reason === 'binary' ? 'binary' : 'too-large', detail: scanned.skipped.detail };
  const keep = (list: readonly Finding[]): Finding[] => list.filter((f) => RANK[f.confidence] >= RANK[o.minConfidence]);
  let suppressed = 0;
  MARKER_RE.lastIndex = 0;
  if (MARKER_RE.test(str)) {
    // scan again with every directive marker defused (same length, so lines and columns stay) to see what they hide
    const all = scan(str.replace(MARKER_RE, (m) => `${m.slice(0, -1)}_`), scanOptions);
    if (o.inlineIgnores) suppressed = keep(all.findings).length - keep(scanned.findings).length;
    else scanned = all;
  }
  return { kind: 'scanned', findings: keep(scanned.findings), suppressed };
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

/** True when the bytes contain a run of at least 40 lowercase hex characters (strided, like the detector's scan). */
function hasHexRun(buf: Uint8Array): boolean {
  const n = buf.length;
  let i = 39;
  while (i < n) {
    const c = buf[i];
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      i += 40;
      continue;
    }
    let a = i;
    while (a > 0) {
      const d = buf[a - 1];
      if ((d >= 48 && d <= 57) || (d >= 97 && d <= 102)) a--;
      else break;
    }
    let b = i + 1;
    while (b < n) {
      const d = buf[b];
      if ((d >= 48 && d <= 57) || (d >= 97 && d <= 102)) b++;
      else break;
    }
    if (b - a >= 40) return true;
    i = b + 40;
  }
  return false;
}

/**
 * Decodes UTF-16 files (with a BOM) to a string; returns the buffer itself for UTF-8 text (decoded later, only
 * when it holds a 40-hex run) and undefined for binary files (a NUL byte in the first 8 KiB).
 */
function decode(buf: Buffer): string | Buffer | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf.subarray(0, BINARY_SAMPLE).indexOf(0) !== -1) return undefined;
  return buf;
}

/** Decodes UTF-8 bytes, without a leading BOM (it would shift the columns of the first line by one). */
function utf8(buf: Buffer): string {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.toString('utf8', 3) : buf.toString('utf8');
}
