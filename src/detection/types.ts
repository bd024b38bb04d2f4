/**
 * Public types of the Gogs token detector. Pure data: no `vscode` import, so the same shapes serve the
 * extension (diagnostics, quick fixes), the command-line scanner and the unit tests.
 *
 * Offsets are UTF-16 code-unit indexes into the scanned string (what JavaScript `String` indexes and
 * `vscode.TextDocument.positionAt` take); lines and columns are 1-based, columns in UTF-16 units.
 */

/** How sure the detector is that a finding is a Gogs/Gitea/Forgejo access token. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * How the token sits in the text, for the replacement logic of the quick fix:
 * - `userinfo`: user or password part of a URL (`https://user:<t>@host/`, `https://<t>@host`)
 * - `header`: value of an `Authorization: token <t>` / `Bearer <t>` header
 * - `query`: `?token=<t>` / `&access_token=<t>` query parameter (also percent-encoded)
 * - `assignment`: value assigned to a key or variable (`GOGS_TOKEN=<t>`, `token: "<t>"`, `env('X', '<t>')`)
 * - `netrc`: `password <t>` / `login <t>` entry of a `.netrc`
 * - `constructor`: literal argument of a client constructor or token setter (`gogs.NewClient(url, "<t>")`)
 * - `other`: data (dumps, API responses), prose and command-line arguments
 */
export type FindingContext = 'userinfo' | 'header' | 'query' | 'assignment' | 'netrc' | 'constructor' | 'other';

/** One token found in a text. Never carries the token itself: only its SHA-256 and last 4 characters. */
export interface Finding {
  /** UTF-16 offset of the first character of the token. */
  start: number;
  /** UTF-16 offset just after the token (`end - start === 40`). */
  end: number;
  /** 1-based line of `start`; lines are split on LF (a CR before LF belongs to the line). */
  line: number;
  /** 1-based column of `start` in UTF-16 code units. */
  column: number;
  /** Id of the rule that matched (one of {@link RULES}); also the diagnostic code. */
  ruleId: string;
  /** Human-readable description of what was found; names the key/host, shows at most `…last4`. */
  message: string;
  confidence: Confidence;
  /** SHA-256 hex (64 lowercase characters) of the token; what "ignore this token everywhere" stores. */
  fingerprint: string;
  /** Last 4 characters of the token, for display. */
  last4: string;
  /** Key or variable the token was assigned to, if any (`GOGS_TOKEN`, `token`, `password`, `gitea.token`). */
  keyName?: string;
  /** Gogs/Gitea/Forgejo host seen in the token's context (`git.example.test`), if any. */
  host?: string;
  /** How the token sits in the text (see {@link FindingContext}). */
  context?: FindingContext;
  /** Quote character around the token in the source (`"`, `'` or `` ` ``), if it is inside a quoted literal. */
  quote?: string;
}

/** Options of {@link scan} and {@link rescan}. */
export interface ScanOptions {
  /** File name or path (any separator); rules use it: lockfiles, `go.sum`, `.git/packed-refs` are commit-id territory, `.netrc` is credentials. */
  fileName?: string;
  /** VS Code language id (`shellscript`, `yaml`, …); used like the file name where the name says nothing. */
  languageId?: string;
  /** SHA-256 fingerprints of tokens the user chose to ignore everywhere. */
  ignoredFingerprints?: readonly string[];
  /**
   * Size cap in UTF-16 code units (≈ bytes for ASCII text) above which the text is not scanned and the result says
   * `skipped: {reason: 'too-large'}`. Default {@link DEFAULT_MAX_BYTES} (1 MiB, for as-you-type scanning); `0` = no cap.
   * With a cap, large minified texts are skipped too (`reason: 'minified'`).
   */
  maxBytes?: number;
}

/** Result of {@link scan}: findings sorted by `start`, and why the text was not scanned, if it was not. */
export interface ScanResult {
  findings: Finding[];
  /** Present when the text was not scanned at all (then `findings` is empty). */
  skipped?: { reason: 'too-large' | 'minified' | 'binary'; detail: string };
  /**
   * Present when a {@link ScanJob} was stopped before the end (its time budget ran out): 40-hex values from UTF-16
   * offset `from` (1-based line `line`) to `to` were not looked at; `findings` holds those outside that range.
   */
  incomplete?: { from: number; to: number; line: number; detail: string };
}

/**
 * A scan that runs in slices, so that a caller can give other work its turn in between or give up: `run(deadline)`
 * evaluates candidates until `performance.now()` passes `deadline` (at least one per call) and returns the result
 * once the text is done, undefined before. `stop(detail)` ends the job and returns what was found so far, with
 * {@link ScanResult.incomplete} (a stopped result is no base for an incremental rescan: the next one scans in full).
 */
export interface ScanJob {
  run(deadline: number): ScanResult | undefined;
  stop(detail: string): ScanResult;
}

/** One text change as VS Code reports it in `TextDocumentChangeEvent.contentChanges` (offsets into the old text). */
export interface TextChange {
  /** UTF-16 offset in the text before the change. */
  rangeOffset: number;
  /** Number of UTF-16 code units replaced. */
  rangeLength: number;
  /** Inserted text. */
  text: string;
}

/** Documentation of one detection rule: its id is the `ruleId` of findings and the diagnostic code. */
export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  /** What context the rule requires around the 40-hex value. */
  requires: string;
  /** How the token sits when this rule matches. */
  context: FindingContext;
}

/** Default `maxBytes`: 1 MiB of UTF-16 code units. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;
