/**
 * Command-line scanner: `gogs-key-hygiene scan [options] <paths…>`. Shares the detector with the extension.
 *
 * Walks files and folders (symlinks are not followed), honours `.gitignore` files found in the scanned folders,
 * scans hidden files (`.env`, `.netrc`, `.git-credentials` are where tokens live) and, of `.git/` folders, only
 * `config` (credentials in remote URLs). Reads regular files only (FIFOs and devices are skipped). Skips binary files
 * (a NUL byte in the first 8 KiB) and strips a UTF-8 BOM. Prints findings as text or JSON — file, line, column, rule,
 * fingerprint and last 4 characters, never the token; printed paths have 40-hex runs masked and, in text, control
 * characters escaped. Counts findings silenced by ignore directives (`--no-inline-ignores` disregards directives).
 * Exit code: 0 nothing found, 1 findings, 2 usage error or a path given explicitly could not be read.
 */
import { isMainThread } from 'node:worker_threads';
import { RULES } from '../detection';
import { version } from '../../package.json';
import { CliOptions, parseArgs, USAGE, UsageError } from './args';
import { escapePath } from './printable';
import { formatText } from './report';
import { scanPathsParallel } from './scan';
import { CliReport } from './types';

export { CliOptions, parseArgs } from './args';
export { escapePath, maskPath } from './printable';
export { scanPaths, scanPathsParallel } from './scan';
export { CliFinding, CliReport, CliSkip } from './types';

/** Runs the CLI with `argv` (without `node` and the script), writing to the given streams. Returns the exit code. */
export async function main(argv: readonly string[], stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    (cmd === undefined ? stderr : stdout).write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version') {
    stdout.write(`${version}\n`);
    return 0;
  }
  if (cmd === '--list-rules' || rest.includes('--list-rules')) {
    for (const r of RULES) stdout.write(`${r.id}\n  ${r.title}\n  ${r.description}\n  requires: ${r.requires}\n\n`);
    return 0;
  }
  if (cmd !== 'scan') {
    stderr.write(`gogs-key-hygiene: unknown command ${cmd}\n${USAGE}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    stdout.write(USAGE);
    return 0;
  }
  let report: CliReport;
  let o: CliOptions;
  try {
    o = parseArgs(rest);
    report = await scanPathsParallel(o);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`gogs-key-hygiene: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const unreadable = report.skipped.filter((k) => k.reason === 'unreadable');
  if (o.format === 'json') {
    stdout.write(JSON.stringify({
      version: 1, findings: report.findings, skipped: report.skipped, filesScanned: report.filesScanned,
      suppressed: report.suppressed, unreadable: unreadable.length,
    }, null, 2) + '\n');
  } else {
    stdout.write(formatText(report));
    for (const k of report.skipped) if (k.explicit) stderr.write(`gogs-key-hygiene: skipped ${escapePath(k.file)}: ${k.reason}, ${k.detail}\n`);
    for (const k of unreadable) if (!k.explicit) stderr.write(`gogs-key-hygiene: cannot read ${escapePath(k.file)}: ${k.detail}\n`);
    const files = new Set(report.findings.map((f) => f.file)).size;
    const suppressed = o.inlineIgnores ? `, ${report.suppressed} suppressed by ignore directives` : ', ignore directives disregarded';
    stderr.write(`${report.findings.length} token finding(s) in ${files} file(s)${suppressed}; ${report.filesScanned} file(s) scanned, ${report.skipped.length} skipped (${unreadable.length} unreadable)\n`);
  }
  if (report.skipped.some((k) => k.reason === 'unreadable' && k.explicit)) return 2;
  return report.findings.length > 0 ? 1 : 0;
}

if (isMainThread && require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
