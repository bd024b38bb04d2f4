/**
 * `gogs-key-hygiene scan --git [<revision>…] [--since DATE]` and `scan --staged`: the CLI side of `src/history/`.
 * Scans the repository of the current directory: its history (every blob reachable from all refs and the stash
 * reflog, or from the given revisions, each read once; one finding per token and path, at the earliest commit that
 * put it there) or its index (what `git commit` would record, for pre-commit hooks). The blobs go through the file
 * scan's policy (./file.ts), and the output through the file scan's writers (./report.ts, ./sarif.ts): text, JSON or
 * SARIF, written finding by finding with back-pressure, every field from the repository masked and escaped
 * (./printable.ts). Never a token: fingerprint and last 4 only.
 * Exit code: 0 nothing found, 1 findings, 2 usage error or git could not scan (not a repository, unknown revision).
 */
import { GitError, HistoryFinding, HistoryReport, scanHistory, scanStaged } from '../history';
import { maskHexRuns } from '../util/mask';
import { CliOptions } from './args';
import { shown } from './printable';
import { Output, StreamedArray, textLine } from './report';
import { SARIF_RESULT_INDENT, sarifHead, sarifResult, sarifTail } from './sarif';
import { CliFinding } from './types';

/** Findings written per write (one write each, then the stream may ask to wait for 'drain'). */
const BATCH = 256;

/**
 * A history or index finding as the CLI prints it: path, message, key and host with 40-hex runs masked (as
 * {@link CliFinding} has them in the file scan); the git ids (blob, commit) as git gave them.
 */
export function toPrintable(f: HistoryFinding): CliFinding {
  const out: CliFinding = {
    file: maskHexRuns(f.path), line: f.line, column: f.column, ruleId: f.ruleId, confidence: f.confidence, message: maskHexRuns(f.message), fingerprint: f.fingerprint, last4: f.last4,
  };
  if (f.keyName !== undefined) out.keyName = maskHexRuns(f.keyName);
  if (f.host !== undefined) out.host = maskHexRuns(f.host);
  if (f.context !== undefined) out.context = f.context;
  out.blob = f.blob;
  if (f.commit !== undefined) out.commit = f.commit;
  if (f.authorDate !== undefined) out.authorDate = f.authorDate;
  if (f.pushed !== undefined) out.pushed = f.pushed;
  if (f.versions !== undefined) out.versions = f.versions;
  if (f.commits !== undefined) out.commits = f.commits;
  return out;
}

/** What a git-mode run found (for the exit code when the output closes early). */
export interface GitTotals {
  findings: number;
}

/**
 * Runs a git mode (`o.mode` `git` or `staged`) in `cwd` and writes its findings and summary. Nothing is written to
 * `out` before git finished reading (a git error leaves stdout empty). Returns the exit code: 1 findings, 0 none, 2
 * when git could not scan (the message, escaped and masked, on `err`).
 * @throws OutputClosed when `out` fails (`totals.findings` is set once the scan is complete, before any write)
 */
export async function runGitScan(o: CliOptions, cwd: string, out: Output, err: Output, totals: GitTotals = { findings: 0 }): Promise<number> {
  const scanOptions = { minConfidence: o.minConfidence, maxFileSize: o.maxFileSize, ignoredFingerprints: o.ignoredFingerprints, inlineIgnores: o.inlineIgnores };
  let report: HistoryReport;
  try {
    report = o.mode === 'staged' ? await scanStaged(cwd, scanOptions) : await scanHistory(cwd, scanOptions, { revs: o.revs, since: o.since });
  } catch (e) {
    if (e instanceof GitError) {
      await err.note(`gogs-key-hygiene: ${shown(e.message)}\n`);
      return 2;
    }
    throw e;
  }
  const code = report.findings.length > 0 ? 1 : 0;
  // the scan is complete: its findings count even if the reader goes away before they are all written
  totals.findings = report.findings.length;
  const counts = { blobsScanned: report.blobsScanned, bytesScanned: report.bytesScanned, binary: report.binary, tooLarge: report.tooLarge, missing: report.missing, suppressed: report.suppressed };
  const paths = new Set<string>();
  let pushed = 0;

  let list: StreamedArray | undefined;
  let tail = '';
  if (o.format === 'json') {
    list = new StreamedArray(out, `{\n  "version": 1,\n  "mode": ${JSON.stringify(o.mode)},\n  "findings": [`, '    ');
    tail = `,\n${Object.entries(counts).map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`).join(',\n')}\n}\n`;
  } else if (o.format === 'sarif') {
    list = new StreamedArray(out, sarifHead(), SARIF_RESULT_INDENT);
    tail = sarifTail({ mode: o.mode, ...counts }, code);
  }
  for (let k = 0; k < report.findings.length; k += BATCH) {
    const batch = report.findings.slice(k, k + BATCH).map(toPrintable);
    for (const f of batch) {
      paths.add(f.file);
      if (f.pushed) pushed++;
    }
    if (o.format === 'text') await out.write(batch.map((f) => `${textLine(f)}\n`).join(''));
    else await list?.push(o.format === 'sarif' ? batch.map(sarifResult) : batch);
  }
  if (list !== undefined) {
    await list.end(tail);
  } else {
    const what = o.mode === 'staged' ? 'staged blob(s)' : 'blob(s) of the history';
    const pushedNote = o.mode === 'git' ? `, ${pushed} pushed` : '';
    const missing = report.missing > 0 ? `; ${report.missing} object(s) missing (partial clone?), not scanned` : '';
    const suppressed = o.inlineIgnores ? `, ${report.suppressed} suppressed by ignore directives` : ', ignore directives disregarded';
    await err.note(`${report.findings.length} token finding(s) in ${paths.size} path(s)${pushedNote}${suppressed}; ${report.blobsScanned} ${what} scanned, ${report.binary} binary, ${report.tooLarge} too large${missing}\n`);
  }
  return code;
}
