/** What the CLI reports: findings, skipped files and the totals of a scan. */
import { Confidence, Finding } from '../detection';

/**
 * One finding as the CLI reports it: location, rule and fingerprint, never the token. Text taken from the file or
 * its name (`file`, `message`, `keyName`, `host`) has 40-hex runs masked (`****` and the last 4 characters).
 * The git modes (`scan --git`, `scan --staged`) add `blob`, and `scan --git` the commit fields (see
 * `HistoryFinding` in src/history/scan.ts for what they mean).
 */
export interface CliFinding {
  /** File path (file scan: relative to the working directory; git modes: in the repository), `/`-separated. */
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
  /** Git modes: the blob (git object id) the line and column are in: the earliest version with the token. */
  blob?: string;
  /** `scan --git`: the earliest commit that wrote a version with the token to this path. */
  commit?: string;
  /** `scan --git`: author date of `commit`, ISO 8601 UTC. */
  authorDate?: string;
  /** `scan --git`: a commit that wrote a version with the token to this path is reachable from a remote-tracking ref. */
  pushed?: boolean;
  /** `scan --git`: how many versions (distinct blobs) of the file at this path hold the token. */
  versions?: number;
  /** `scan --git`: how many commits wrote one of those versions to this path (merges that brought one in included). */
  commits?: number;
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
