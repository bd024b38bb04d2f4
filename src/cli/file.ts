/** Reading and scanning one file for the CLI (in this thread or a worker). */
import * as fs from 'node:fs';
import { Confidence, Finding, scan } from '../detection';
import { CliOptions } from './args';
import { CliFinding, CliReport, CliSkip } from './types';
import { FileJob } from './walk';

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BINARY_SAMPLE = 8192;

/** Result of scanning some files: findings and skips in file order. */
export type PartialReport = CliReport;

/** Options a scanning thread needs. */
export type ScanFileOptions = Pick<CliOptions, 'maxFileSize' | 'minConfidence' | 'ignoredFingerprints' | 'inlineIgnores'>;

/** The directive marker, any case; replaced (same length) to scan a text as if it had no directives. */
const MARKER_RE = /gogs-key-hygiene:/gi;

/** Scans listed files in this thread. */
export function scanFileList(files: readonly FileJob[], o: ScanFileOptions): PartialReport {
  const report: PartialReport = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0, suppressed: 0 };
  for (const { abs, file, size, explicit } of files) {
    if (o.maxFileSize > 0 && size > o.maxFileSize) {
      report.skipped.push({ file, reason: 'too-large', detail: `${size} bytes, over --max-file-size ${o.maxFileSize}` });
      continue;
    }
    let buf: Buffer;
    try {
      buf = readInto(abs, size);
    } catch (err) {
      const skip: CliSkip = { file, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' };
      if (explicit) skip.explicit = true;
      report.skipped.push(skip);
      continue;
    }
    const text = decode(buf);
    if (text === undefined) {
      report.skipped.push({ file, reason: 'binary', detail: 'NUL bytes in the first 8 KiB (binary or UTF-16 without a BOM)' });
      continue;
    }
    report.filesScanned++;
    report.bytesScanned += buf.length;
    // no run of 40 lowercase hex characters anywhere: nothing to find, no need to decode or scan
    if (text === '' || (typeof text !== 'string' && !hasHexRun(buf))) continue;
    const str = typeof text === 'string' ? text : utf8(buf);
    const scanOptions = { fileName: abs, maxBytes: 0, ignoredFingerprints: o.ignoredFingerprints };
    let result = scan(str, scanOptions);
    if (result.skipped) {
      report.skipped.push({ file, reason: result.skipped.reason === 'binary' ? 'binary' : 'too-large', detail: result.skipped.detail });
      continue;
    }
    MARKER_RE.lastIndex = 0;
    if (MARKER_RE.test(str)) {
      // scan again with every directive marker defused (same length, so lines and columns stay) to see what they hide
      const all = scan(str.replace(MARKER_RE, (m) => `${m.slice(0, -1)}_`), scanOptions);
      const count = (list: readonly Finding[]): number => list.filter((f) => RANK[f.confidence] >= RANK[o.minConfidence]).length;
      if (o.inlineIgnores) report.suppressed += count(all.findings) - count(result.findings);
      else result = all;
    }
    for (const f of result.findings) {
      if (RANK[f.confidence] < RANK[o.minConfidence]) continue;
      const cf: CliFinding = { file, line: f.line, column: f.column, ruleId: f.ruleId, confidence: f.confidence, message: f.message, fingerprint: f.fingerprint, last4: f.last4 };
      if (f.keyName !== undefined) cf.keyName = f.keyName;
      if (f.host !== undefined) cf.host = f.host;
      if (f.context !== undefined) cf.context = f.context;
      report.findings.push(cf);
    }
  }
  return report;
}

/** One read buffer reused across files (files are decoded to strings right away, so it is free again after each). */
let shared = Buffer.allocUnsafe(1024 * 1024);

/** Reads a whole file into the shared buffer (grown as needed); returns a view of the bytes read. */
function readInto(abs: string, sizeHint: number): Buffer {
  const fd = fs.openSync(abs, 'r');
  try {
    let n = 0;
    if (shared.length < sizeHint + 1) shared = Buffer.allocUnsafe(Math.max(sizeHint + 1, shared.length * 2));
    for (;;) {
      if (n === shared.length) {
        const grown = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(grown, 0, 0, n);
        shared = grown;
      }
      const r = fs.readSync(fd, shared, n, shared.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return shared.subarray(0, n);
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
