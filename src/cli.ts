/**
 * Command-line scanner: `gogs-key-hygiene scan [options] <paths…>`. Shares the detector with the extension.
 *
 * Walks files and folders (symlinks are not followed), honours `.gitignore` files found in the scanned folders,
 * scans hidden files (`.env`, `.netrc`, `.git-credentials` are where tokens live) and, of `.git/` folders, only
 * `config` (credentials in remote URLs). Skips binary files (a NUL byte in the first 8 KiB). Prints findings as text
 * or JSON — file, line, column, rule, fingerprint and last 4 characters, never the token. Exit code: 0 nothing
 * found, 1 findings, 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { Confidence, Finding, RULES, scan } from './detection';
import { version } from '../package.json';

const USAGE = `usage: gogs-key-hygiene scan [options] <path>...

Finds Gogs/Gitea/Forgejo access tokens in files and folders.

options:
  --format text|json          output format (default: text)
  --exclude <glob>            skip paths matching the glob (minimatch; repeatable); a glob without "/"
                              matches the base name, e.g. --exclude '*.min.js' --exclude 'vendor/**'
  --no-gitignore              also scan files that .gitignore excludes
  --min-confidence <level>    report findings of at least this confidence: low, medium, high (default: medium)
  --max-file-size <bytes>     skip larger files (default: 67108864; 0 = no limit)
  --ignore-fingerprint <fp>   do not report the token with this SHA-256 fingerprint (repeatable)
  --list-rules                print the detection rules and exit
  -h, --help                  print this help
  --version                   print the version

exit status: 0 no token found, 1 tokens found, 2 usage or I/O error
`;

/** Parsed command line. */
export interface CliOptions {
  paths: string[];
  format: 'text' | 'json';
  exclude: string[];
  gitignore: boolean;
  minConfidence: Confidence;
  maxFileSize: number;
  ignoredFingerprints: string[];
}

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

/** A file that was not scanned, and why. */
export interface CliSkip {
  file: string;
  reason: 'binary' | 'too-large' | 'unreadable';
  detail: string;
}

/** Result of {@link scanPaths}. */
export interface CliReport {
  findings: CliFinding[];
  skipped: CliSkip[];
  filesScanned: number;
  bytesScanned: number;
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BINARY_SAMPLE = 8192;

class UsageError extends Error {}

/** Parses `scan` arguments (after the `scan` word). Throws UsageError on bad input. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { paths: [], format: 'text', exclude: [], gitignore: true, minConfidence: 'medium', maxFileSize: 64 * 1024 * 1024, ignoredFingerprints: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq !== -1) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not ${v}`);
        o.format = v;
        break;
      }
      case '--exclude': o.exclude.push(value()); break;
      case '--no-gitignore': o.gitignore = false; break;
      case '--min-confidence': {
        const v = value();
        if (v !== 'low' && v !== 'medium' && v !== 'high') throw new UsageError(`--min-confidence must be low, medium or high, not ${v}`);
        o.minConfidence = v;
        break;
      }
      case '--max-file-size': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0) throw new UsageError('--max-file-size needs a number of bytes');
        o.maxFileSize = v;
        break;
      }
      case '--ignore-fingerprint': {
        const v = value().toLowerCase();
        if (!/^[0-9a-f]{64}$/.test(v)) throw new UsageError('--ignore-fingerprint needs a SHA-256 hex fingerprint (64 characters)');
        o.ignoredFingerprints.push(v);
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) throw new UsageError('no path to scan');
  return o;
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

/**
 * Scans the given paths. Files named explicitly are always scanned; inside folders, `.gitignore` rules (of the
 * folder and its subfolders) and `--exclude` globs apply. Paths in the report are relative to `cwd`, with `/`.
 */
export function scanPaths(o: CliOptions, cwd: string = process.cwd()): CliReport {
  const report: CliReport = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs);
    return (rel === '' ? '.' : rel).split(path.sep).join('/');
  };
  const excluded = (abs: string, root: string): boolean => {
    if (o.exclude.length === 0) return false;
    const relRoot = path.relative(root, abs).split(path.sep).join('/');
    const relCwd = display(abs);
    return o.exclude.some((g) => {
      const opts = { dot: true, matchBase: !g.includes('/') };
      return minimatch(relRoot, g, opts) || minimatch(relCwd, g, opts);
    });
  };

  const scanFile = (abs: string, size: number): void => {
    const file = display(abs);
    if (o.maxFileSize > 0 && size > o.maxFileSize) {
      report.skipped.push({ file, reason: 'too-large', detail: `${size} bytes, over --max-file-size ${o.maxFileSize}` });
      return;
    }
    let buf: Buffer;
    try {
      buf = fs.readFileSync(abs);
    } catch (err) {
      report.skipped.push({ file, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' });
      return;
    }
    const text = decode(buf);
    if (text === undefined) {
      report.skipped.push({ file, reason: 'binary', detail: 'NUL bytes in the first 8 KiB' });
      return;
    }
    report.filesScanned++;
    report.bytesScanned += buf.length;
    const result = scan(text, { fileName: abs, maxBytes: 0, ignoredFingerprints: o.ignoredFingerprints });
    if (result.skipped) {
      report.skipped.push({ file, reason: result.skipped.reason === 'binary' ? 'binary' : 'too-large', detail: result.skipped.detail });
      return;
    }
    for (const f of result.findings) {
      if (RANK[f.confidence] < RANK[o.minConfidence]) continue;
      const cf: CliFinding = { file, line: f.line, column: f.column, ruleId: f.ruleId, confidence: f.confidence, message: f.message, fingerprint: f.fingerprint, last4: f.last4 };
      if (f.keyName !== undefined) cf.keyName = f.keyName;
      if (f.host !== undefined) cf.host = f.host;
      if (f.context !== undefined) cf.context = f.context;
      report.findings.push(cf);
    }
  };

  const walk = (dir: string, root: string, layers: IgnoreLayer[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      report.skipped.push({ file: display(dir), reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' });
      return;
    }
    let here = layers;
    if (o.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        here = [...layers, { dir, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) }];
      } catch {
        // an unreadable .gitignore ignores nothing
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isSymbolicLink()) continue;
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue;
      if (isIgnored(here, abs, isDir) || excluded(abs, root)) continue;
      if (isDir) {
        if (e.name === '.git') {
          // of .git/ only `config` (remote URLs with credentials)
          const cfg = path.join(abs, 'config');
          try {
            const st = fs.statSync(cfg);
            if (st.isFile() && !excluded(cfg, root)) scanFile(cfg, st.size);
          } catch {
            // no config: a gitdir file or a bare layout
          }
          continue;
        }
        walk(abs, root, here);
      } else {
        let size: number;
        try {
          size = fs.statSync(abs).size;
        } catch {
          size = 0;
        }
        scanFile(abs, size);
      }
    }
  };

  for (const p of o.paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (st.isDirectory()) walk(abs, abs, []);
    else scanFile(abs, st.size);
  }
  return report;
}

function isIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of layers) {
    let rel = path.relative(l.dir, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (isDir) rel += '/';
    const r = l.ig.test(rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** Decodes a file: UTF-8 (BOM stripped by offsets staying UTF-16 of the decoded text), UTF-16 with BOM; undefined for binary. */
function decode(buf: Buffer): string | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const sample = buf.subarray(0, BINARY_SAMPLE);
  if (sample.indexOf(0) !== -1) return undefined;
  return buf.toString('utf8');
}

function formatText(r: CliReport): string {
  const out: string[] = [];
  for (const f of r.findings) out.push(`${f.file}:${f.line}:${f.column}: ${f.confidence} ${f.ruleId}: ${f.message} [sha256:${f.fingerprint.slice(0, 12)}]`);
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}

/** Runs the CLI with `argv` (without `node` and the script), writing to the given streams. Returns the exit code. */
export function main(argv: readonly string[], stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): number {
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
    report = scanPaths(o);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`gogs-key-hygiene: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (o.format === 'json') {
    stdout.write(JSON.stringify({ version: 1, findings: report.findings, skipped: report.skipped, filesScanned: report.filesScanned }, null, 2) + '\n');
  } else {
    stdout.write(formatText(report));
    const files = new Set(report.findings.map((f) => f.file)).size;
    stderr.write(`${report.findings.length} token finding(s) in ${files} file(s); ${report.filesScanned} file(s) scanned, ${report.skipped.length} skipped\n`);
  }
  return report.findings.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
