/** Command-line arguments of `gogs-key-hygiene scan`: the usage text, the parsed options and their parser. */
import * as os from 'node:os';
import { Confidence } from '../detection';
import { shown } from './printable';

export const USAGE = `usage: gogs-key-hygiene scan [options] <path>...
       gogs-key-hygiene scan --git [<revision>...] [--since <date>] [options]
       gogs-key-hygiene scan --staged [options]

Finds Gogs/Gitea/Forgejo access tokens in files and folders, or in a git repository's history or index.

options:
  --format text|json|sarif    output format (default: text; sarif: SARIF 2.1.0)
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

git modes (in the repository of the current directory):
  --git [<revision>...]       scan the history: every blob reachable from all refs (branches, remote-tracking
                              branches, tags, stashes) once, or from the given revisions (e.g. origin/main..HEAD);
                              one finding per token and path, at the earliest commit that put it there
  --since <date>              with --git: only commits newer than the date (git's --since)
  --staged                    scan the index: what \`git commit\` would record (for pre-commit hooks)
  with them: --format, --min-confidence, --max-file-size, --ignore-fingerprint, --no-inline-ignores

exit status: 0 no token found, 1 tokens found, 2 usage error, a path given on the command line could not be read,
or git could not scan (not a repository, unknown revision)
`;

/** Parsed command line. */
export interface CliOptions {
  /** `files`: scan `paths`; `git`: the history (`--git`); `staged`: the index (`--staged`). */
  mode: 'files' | 'git' | 'staged';
  /** Files and folders to scan (mode `files` only). */
  paths: string[];
  /** Revisions to walk (mode `git`; empty = all refs and the stash reflog). */
  revs: string[];
  /** Mode `git`: only commits newer than this date, as git's `--since` takes it. */
  since?: string;
  format: 'text' | 'json' | 'sarif';
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

/** A bad command line: `main` prints its message (already escaped and masked) and exits with 2. */
export class UsageError extends Error {}

/**
 * Parses `scan` arguments (after the `scan` word). With `--git`, words that are not options are revisions; with
 * `--staged`, none is allowed; `--exclude` and `--no-gitignore` apply to file scans only. Throws UsageError on bad
 * input (values in its message escaped and masked).
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    mode: 'files', paths: [], revs: [], format: 'text', exclude: [], gitignore: true, minConfidence: 'medium', maxFileSize: 64 * 1024 * 1024, ignoredFingerprints: [], inlineIgnores: true,
    threads: Math.max(1, Math.min(4, os.availableParallelism())),
  };
  let git = false;
  let staged = false;
  const fileOnly: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq !== -1) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${shown(a)} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not ${shown(v)}`);
        o.format = v;
        break;
      }
      case '--exclude': o.exclude.push(value()); fileOnly.push(name); break;
      case '--no-gitignore': o.gitignore = false; fileOnly.push(name); break;
      case '--git': git = true; break;
      case '--staged': staged = true; break;
      case '--since': {
        const v = value();
        if (v === '' || v.startsWith('-') || v.includes('\n')) throw new UsageError(`--since needs a date, not ${shown(v)}`);
        o.since = v;
        break;
      }
      case '--no-inline-ignores': o.inlineIgnores = false; break;
      case '--min-confidence': {
        const v = value();
        if (v !== 'low' && v !== 'medium' && v !== 'high') throw new UsageError(`--min-confidence must be low, medium or high, not ${shown(v)}`);
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
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${shown(a)}`);
        o.paths.push(a);
    }
  }
  if (git && staged) throw new UsageError('--git and --staged cannot be combined');
  if (git || staged) {
    if (fileOnly.length > 0) throw new UsageError(`${fileOnly[0]} is for file scans, not with ${git ? '--git' : '--staged'}`);
    o.mode = git ? 'git' : 'staged';
    o.revs = o.paths;
    o.paths = [];
    if (staged && o.revs.length > 0) throw new UsageError(`--staged takes no revision or path (${shown(o.revs[0])})`);
    if (staged && o.since !== undefined) throw new UsageError('--since needs --git');
    for (const r of o.revs) if (r.startsWith('-') || r.includes('\n')) throw new UsageError(`not a revision: ${shown(r)}`);
    return o;
  }
  if (o.since !== undefined) throw new UsageError('--since needs --git');
  if (o.paths.length === 0) throw new UsageError('no path to scan');
  return o;
}
