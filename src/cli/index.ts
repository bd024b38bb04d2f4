/**
 * Command-line scanner: `gogs-key-hygiene scan [options] <paths…>`. Shares the detector with the extension.
 *
 * Walks files and folders (symlinks are not followed), honours `.gitignore` files found in the scanned folders,
 * scans hidden files (`.env`, `.netrc`, `.git-credentials` are where tokens live) and, of `.git/` folders, only
 * `config` (credentials in remote URLs). Reads regular files only (FIFOs and devices are skipped), at most
 * `--max-file-size` bytes of each. Skips binary files (a NUL byte in the first 8 KiB) and strips a UTF-8 BOM. Prints
 * findings as text or JSON while it scans — file, line, column, rule, fingerprint and last 4 characters, never the
 * token; every printed field taken from a file or its name has 40-hex runs masked and control, bidi and other
 * format characters escaped. Counts findings silenced by ignore directives (`--no-inline-ignores` disregards them).
 * `--format sarif` writes a SARIF 2.1.0 log (./sarif.ts). `--git` and `--staged` scan a repository's history or
 * index instead (./git.ts, src/history/), with the same file policy and writers.
 * Exit code: 0 nothing found, 1 findings, 2 usage error, a path given explicitly could not be read, git could not
 * scan, or the output could not be written before any finding (a closed pipe ends the scan quietly).
 */
import { isMainThread } from 'node:worker_threads';
import { RULES } from '../detection';
import { version } from '../../package.json';
import { CliOptions, parseArgs, USAGE, UsageError } from './args';
import { runGitScan } from './git';
import { shown } from './printable';
import { fileScanExitCode, JsonReporter, Output, OutputClosed, Reporter, SarifReporter, TextReporter } from './report';
import { scanStream } from './scan';
import { KEYCHAIN_COMMANDS, keychainMain } from './keychain';

export { CliOptions, parseArgs } from './args';
export { escapeJsonText, escapeText, shown } from './printable';
export { scanPaths, scanPathsParallel, scanStream } from './scan';
export { CliFinding, CliReport, CliSkip, FileResult } from './types';

/**
 * Runs the CLI with `argv` (without `node` and the script), writing to the given streams as it scans (waiting for
 * them to drain). Returns the exit code: 0 nothing found, 1 findings, 2 usage error, an unreadable explicit path or
 * (`--git`, `--staged`) git could not scan.
 * When stdout fails (EPIPE: the reader closed the pipe) the scan stops without a word: 1 when it had found tokens,
 * 2 otherwise (the scan did not finish); another write error is reported on stderr.
 */
export async function main(argv: readonly string[], stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  const out = new Output(stdout);
  const err = new Output(stderr);
  const [cmd, ...rest] = argv;
  /** What was written so far, for the exit code when the output closes early. */
  let written: { readonly findings: number } | undefined;
  try {
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      await (cmd === undefined ? err : out).write(USAGE);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '--version') {
      await out.write(`${version}\n`);
      return 0;
    }
    if (cmd === '--list-rules' || rest.includes('--list-rules')) {
      for (const r of RULES) await out.write(`${shown(r.id)}\n  ${shown(r.title)}\n  ${shown(r.description)}\n  requires: ${shown(r.requires)}\n\n`);
      return 0;
    }
    if (KEYCHAIN_COMMANDS.has(cmd)) return await keychainMain(argv, stdout, stderr);
    if (cmd !== 'scan') {
      await err.note(`gogs-key-hygiene: unknown command ${shown(cmd)}\n${USAGE}`);
      return 2;
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      await out.write(USAGE);
      return 0;
    }
    const o: CliOptions = parseArgs(rest);
    if (o.mode !== 'files') {
      const totals = { findings: 0 };
      written = totals;
      return await runGitScan(o, process.cwd(), out, err, totals);
    }
    const r: Reporter = o.format === 'json' ? new JsonReporter(out) : o.format === 'sarif' ? new SarifReporter(out) : new TextReporter(out, err, o);
    written = r.totals;
    await scanStream(o, process.cwd(), (result) => r.file(result));
    await r.end();
    return fileScanExitCode(r.totals);
  } catch (e) {
    if (e instanceof UsageError) {
      await err.note(`gogs-key-hygiene: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OutputClosed) {
      if (e.code !== 'EPIPE') await err.note(`gogs-key-hygiene: ${e.message}\n`);
      return written && written.findings > 0 ? 1 : 2;
    }
    throw e;
  }
}

if (isMainThread && require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
