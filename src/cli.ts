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
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import ignore, { Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { Confidence, Finding, RULES, scan } from './detection';
import { version } from '../package.json';
import { KEYCHAIN_COMMANDS, keychainMain } from './cli/index';

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
  --no-inline-ignores         disregard gogs-key-hygiene:ignore-… / disable directives in files
  --threads <n>               scan with n threads (default: the number of CPUs, at most 4)
  --list-rules                print the detection rules and exit
  -h, --help                  print this help
  --version                   print the version

exit status: 0 no token found, 1 tokens found, 2 usage error or a path given on the command line could not be read
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
  /** Honour ignore directives in files (false with `--no-inline-ignores`). */
  inlineIgnores: boolean;
  /** Threads for scanning (1 = in this thread only). */
  threads: number;
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

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BINARY_SAMPLE = 8192;

class UsageError extends Error {}

/** Parses `scan` arguments (after the `scan` word). Throws UsageError on bad input. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    paths: [], format: 'text', exclude: [], gitignore: true, minConfidence: 'medium', maxFileSize: 64 * 1024 * 1024, ignoredFingerprints: [], inlineIgnores: true,
    threads: Math.max(1, Math.min(4, os.availableParallelism())),
  };
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
      case '--no-inline-ignores': o.inlineIgnores = false; break;
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
      case '--threads': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 64) throw new UsageError('--threads needs a number from 1 to 64');
        o.threads = v;
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

/** A file to scan: absolute path, path to print, size in bytes, whether it was named on the command line. */
interface FileJob {
  abs: string;
  file: string;
  size: number;
  explicit: boolean;
}

/** Result of scanning some files: findings and skips in file order. */
type PartialReport = CliReport;

/** Options a scanning thread needs. */
type ScanFileOptions = Pick<CliOptions, 'maxFileSize' | 'minConfidence' | 'ignoredFingerprints' | 'inlineIgnores'>;

/** Runs of 40 or more hex characters (a token or a commit id) in a printed path. */
const HEX_RUN_RE = /[0-9a-fA-F]{40,}/g;

/** Masks each run of 40+ hex characters in a path as `****` and its last 4 characters (a file name can hold a token). */
export function maskPath(p: string): string {
  return p.replace(HEX_RUN_RE, (m) => `****${m.slice(-4)}`);
}

/**
 * Escapes a path for a line of text output: backslashes, C0/C1 control characters, DEL, line/paragraph separators
 * and bidi controls become JSON-style escapes (`\n`, `\u001b`), so a file name cannot forge or reorder log lines.
 */
export function escapePath(p: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return p.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/**
 * Walks the given paths and lists the files to scan. Files named explicitly are always listed; inside folders,
 * `.gitignore` rules (of the folder and its subfolders) and `--exclude` globs apply, symlinks are not followed and
 * of `.git/` only `config` is listed. Paths to print are relative to `cwd`, with `/`.
 * Throws UsageError when a path cannot be read.
 */
function collectFiles(o: CliOptions, cwd: string): { files: FileJob[]; skipped: CliSkip[] } {
  const files: FileJob[] = [];
  const skipped: CliSkip[] = [];
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs);
    return maskPath((rel === '' ? '.' : rel).split(path.sep).join('/'));
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
  const add = (abs: string, size: number, explicit = false): void => {
    files.push({ abs, file: display(abs), size, explicit });
  };

  const walk = (dir: string, root: string, layers: IgnoreLayer[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      const skip: CliSkip = { file: display(dir), reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'read error' };
      if (dir === root) skip.explicit = true;
      skipped.push(skip);
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
            if (st.isFile() && !excluded(cfg, root)) add(cfg, st.size);
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
        add(abs, size);
      }
    }
  };

  for (const p of o.paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(`cannot read ${escapePath(maskPath(p))}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (st.isDirectory()) walk(abs, abs, []);
    else if (st.isFile()) add(abs, st.size, true);
    else skipped.push({ file: display(abs), reason: 'not-a-file', detail: `not a regular file (${specialKind(st)})`, explicit: true });
  }
  return { files, skipped };
}

/** What kind of special file `st` describes, for skip messages. */
function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** The directive marker, any case; replaced (same length) to scan a text as if it had no directives. */
const MARKER_RE = /gogs-key-hygiene:/gi;

/** Scans listed files in this thread. */
function scanFileList(files: readonly FileJob[], o: ScanFileOptions): PartialReport {
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

/**
 * Scans the given paths in this thread (see {@link collectFiles} for what is scanned). Paths in the report are
 * relative to `cwd`, with `/`. Throws UsageError when a path cannot be read.
 */
export function scanPaths(o: CliOptions, cwd: string = process.cwd()): CliReport {
  const { files, skipped } = collectFiles(o, cwd);
  const r = scanFileList(files, o);
  return { findings: r.findings, skipped: [...skipped, ...r.skipped], filesScanned: r.filesScanned, bytesScanned: r.bytesScanned, suppressed: r.suppressed };
}

/** Below this many bytes in all, a scan stays in one thread (starting workers costs more than it saves). */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Like {@link scanPaths}, with the files split into `o.threads` contiguous shares of about equal size, one scanned
 * here and the others by worker threads (only when they hold `parallelMinBytes` bytes or more); the report keeps
 * file order.
 */
export async function scanPathsParallel(o: CliOptions, cwd: string = process.cwd(), parallelMinBytes = PARALLEL_MIN_BYTES): Promise<CliReport> {
  const { files, skipped } = collectFiles(o, cwd);
  const total = files.reduce((n, f) => n + f.size, 0);
  const threads = Math.min(o.threads, files.length);
  let parts: PartialReport[];
  if (threads <= 1 || total < parallelMinBytes) {
    parts = [scanFileList(files, o)];
  } else {
    const shares: FileJob[][] = [];
    let at = 0;
    for (let t = 0; t < threads; t++) {
      const share: FileJob[] = [];
      const goal = (total * (t + 1)) / threads;
      let acc = shares.reduce((n, sh) => n + sh.reduce((m, f) => m + f.size, 0), 0);
      while (at < files.length && (acc < goal || t === threads - 1)) {
        acc += files[at].size;
        share.push(files[at++]);
      }
      shares.push(share);
    }
    const opts: ScanFileOptions = { maxFileSize: o.maxFileSize, minConfidence: o.minConfidence, ignoredFingerprints: o.ignoredFingerprints, inlineIgnores: o.inlineIgnores };
    const pending = shares.slice(1).map(
      (share) =>
        new Promise<PartialReport>((resolve, reject) => {
          const w = new Worker(__filename, { workerData: { kind: WORKER_KIND, files: share, options: opts } });
          w.once('message', (m: PartialReport) => resolve(m));
          w.once('error', reject);
          w.once('exit', (code) => {
            if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
          });
        }),
    );
    const mine = scanFileList(shares[0], o);
    parts = [mine, ...(await Promise.all(pending))];
  }
  const report: CliReport = { findings: [], skipped: [...skipped], filesScanned: 0, bytesScanned: 0, suppressed: 0 };
  for (const p of parts) {
    for (const f of p.findings) report.findings.push(f);
    for (const k of p.skipped) report.skipped.push(k);
    report.filesScanned += p.filesScanned;
    report.bytesScanned += p.bytesScanned;
    report.suppressed += p.suppressed;
  }
  return report;
}

const WORKER_KIND = 'gogs-key-hygiene-scan';

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

function formatText(r: CliReport): string {
  const out: string[] = [];
  for (const f of r.findings) out.push(`${escapePath(f.file)}:${f.line}:${f.column}: ${f.confidence} ${f.ruleId}: ${f.message} [sha256:${f.fingerprint.slice(0, 12)}]`);
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}

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
  if (KEYCHAIN_COMMANDS.has(cmd)) return keychainMain(argv, stdout, stderr);
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

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  const data = workerData as { files: FileJob[]; options: ScanFileOptions };
  parentPort?.postMessage(scanFileList(data.files, data.options));
} else if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
