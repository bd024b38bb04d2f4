/** What the CLI reports: findings, skipped files and the totals of a scan. */
import { Confidence, Finding } from '../detection';

/**
 * One finding as the CLI reports it: location, rule and fingerprint, never the token. Text taken from the file or
 * its name (`file`, `message`, `keyName`, `host`) has 40-hex runs masked (`****` and the last 4 characters).
 */
export interface CliFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  confidence: Confidence;
  message: string;
  fingerprint: string;
  last4: string;
  keyName?: string;
  host?: string;
  context?: Finding['context'];
}

/**
 * A file that was not scanned, and why: `not-a-file` for FIFOs, devices and sockets; `explicit` when the path was
 * given on the command line (an unreadable explicit path makes the exit code 2).
 */
export interface CliSkip {
  file: string;
  reason: 'binary' | 'too-large' | 'unreadable' | 'not-a-file';
  detail: string;
  explicit?: true;
}

/**
 * What scanning one walked entry gave: its findings (in text order) or why it was skipped. A file the detector
 * skipped after reading (e.g. minified) counts as scanned and skipped, as in the totals of {@link CliReport}.
 */
export interface FileResult {
  /** The path as printed (relative to the working directory, `/`-separated, 40-hex runs masked). */
  file: string;
  findings: CliFinding[];
  skip?: CliSkip;
  /** Whether the file was read and counts in `filesScanned`. */
  scanned: boolean;
  /** Bytes read (0 unless `scanned`). */
  bytes: number;
  /** Findings silenced by ignore directives. */
  suppressed: number;
}

/** Result of {@link scanPaths}: the results of all files together, in walk order. */
export interface CliReport {
  findings: CliFinding[];
  skipped: CliSkip[];
  filesScanned: number;
  bytesScanned: number;
  /** Findings (of at least the minimum confidence) silenced by ignore directives; 0 with `--no-inline-ignores`. */
  suppressed: number;
}
