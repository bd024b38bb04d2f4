/** Command-line arguments of `gogs-key-hygiene scan`: the usage text, the parsed options and their parser. */
import * as os from 'node:os';
import { Confidence } from '../detection';
import { shown } from './printable';

export const USAGE = `usage: gogs-key-hygiene scan [options] <path>...

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

/** A bad command line: `main` prints its message (already escaped and masked) and exits with 2. */
export class UsageError extends Error {}

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
      if (v === undefined) throw new UsageError(`${shown(a)} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not ${shown(v)}`);
        o.format = v;
        break;
      }
      case '--exclude': o.exclude.push(value()); break;
      case '--no-gitignore': o.gitignore = false; break;
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
  if (o.paths.length === 0) throw new UsageError('no path to scan');
  return o;
}
