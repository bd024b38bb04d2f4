/**
 * The file policy: how bytes become text the detector reads, the same for the CLI (files on disk), the history and
 * index scans (git blobs) and the editor's workspace scan (files not open). Decodes UTF-16 with a BOM (LE or BE),
 * strips a UTF-8 BOM (so columns of the first line stay right), treats other bytes with a NUL in the first
 * {@link BINARY_SAMPLE_BYTES} as binary, and skips the detector for bytes with no run of 40 lowercase hex characters.
 * Pure: no I/O, never throws.
 */
import { scan } from './scanner';
import { Confidence, Finding } from './types';

/** How many leading bytes are looked at for a NUL byte (binary sniff), as git's own `buffer_is_binary` does (8,000 there; 8 KiB here). */
export const BINARY_SAMPLE_BYTES = 8192;

/** The skip detail of a binary file. */
export const BINARY_DETAIL = 'NUL bytes in the first 8 KiB (binary or UTF-16 without a BOM)';

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** The directive marker, any case; replaced (same length) to scan a text as if it had no directives. */
const MARKER_RE = /gogs-key-hygiene:/gi;

/**
 * Decodes a file's bytes under the policy: the text (UTF-16 with a BOM, else UTF-8 without its BOM), or `undefined`
 * for binary bytes (a NUL in the first {@link BINARY_SAMPLE_BYTES} and no UTF-16 BOM).
 */
export function decodeFileBytes(buf: Uint8Array): string | undefined {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const d = decode(b);
  return d === undefined || typeof d === 'string' ? d : utf8(d);
}

/** True when the bytes can hold a token at all: a run of at least 40 lowercase hex characters (strided scan). */
export function mayHoldToken(buf: Uint8Array): boolean {
  const n = buf.length;
  let i = 39;
  while (i < n) {
    const c = buf[i];
    if (!isHex(c)) {
      i += 40;
      continue;
    }
    let a = i;
    while (a > 0 && isHex(buf[a - 1])) a--;
    let b = i + 1;
    while (b < n && isHex(buf[b])) b++;
    if (b - a >= 40) return true;
    i = b + 40;
  }
  return false;
}

/** Options of {@link scanBytes}. */
export interface ContentScanOptions {
  /** Findings under this confidence are dropped. */
  minConfidence: Confidence;
  /** SHA-256 fingerprints (hex) that are never reported. */
  ignoredFingerprints: readonly string[];
  /** Honour `gogs-key-hygiene:` directives (true), or report what they hide (false). */
  inlineIgnores: boolean;
}

/**
 * What {@link scanBytes} made of a file's bytes: `binary` (not scanned: see {@link decodeFileBytes}), `refused`
 * (decoded, but the detector skipped the text, e.g. a UTF-16 text holding NUL characters), or the findings of at
 * least the minimum confidence in text order, with the number of findings ignore directives silenced.
 */
export type ContentScan =
  | { kind: 'binary'; detail: string }
  | { kind: 'refused'; reason: 'binary' | 'too-large'; detail: string }
  | { kind: 'scanned'; findings: Finding[]; suppressed: number };

/**
 * Scans a file's bytes under the policy, synchronously: the file kind (lockfile, `.netrc`, `go.sum`, …) comes from
 * `fileName` (a path with any separator: only its name and folders matter); directives are honoured or disregarded
 * (`inlineIgnores: false`); findings under `minConfidence` are dropped. Findings are the detector's (never the
 * token). No size cap (the caller applies its own). Used by the CLI and the history scans.
 */
export function scanBytes(buf: Buffer, fileName: string, o: ContentScanOptions): ContentScan {
  const text = decode(buf);
  if (text === undefined) return { kind: 'binary', detail: BINARY_DETAIL };
  // no run of 40 lowercase hex characters anywhere: nothing to find, no need to decode or scan
  if (text === '' || (typeof text !== 'string' && !mayHoldToken(buf))) return { kind: 'scanned', findings: [], suppressed: 0 };
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

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_A = 0x61;
const LOWER_F = 0x66;

function isHex(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || (c >= LOWER_A && c <= LOWER_F);
}

/**
 * Decodes UTF-16 files (with a BOM) to a string; returns the buffer itself for UTF-8 text (decoded later, only
 * when it holds a 40-hex run) and undefined for binary files.
 */
function decode(buf: Buffer): string | Buffer | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf.subarray(0, BINARY_SAMPLE_BYTES).indexOf(0) !== -1) return undefined;
  return buf;
}

/** Decodes UTF-8 bytes, without a leading BOM (it would shift the columns of the first line by one). */
function utf8(buf: Buffer): string {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.toString('utf8', 3) : buf.toString('utf8');
}
