/** What the CLI reports: findings, skipped files and the totals of a scan. */
import { Confidence, Finding } from '../detection';

/** One finding as the CLI reports it: location, rule and fingerprint, never the token. */
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

/** Result of {@link scanPaths}. */
export interface CliReport {
  findings: CliFinding[];
  skipped: CliSkip[];
  filesScanned: number;
  bytesScanned: number;
  /** Findings (of at least the minimum confidence) silenced by ignore directives; 0 with `--no-inline-ignores`. */
  suppressed: number;
}
