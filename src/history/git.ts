/**
 * Running git for the history scan. Every call goes through `src/util/safeGit.ts` (no network, no lazy fetch of
 * missing objects, no program named by the repository's config, no inherited `GIT_*`), with stderr collected
 * (bounded) for error messages. Pure Node, no `vscode`.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { safeGitArgs, safeGitEnv } from '../util/safeGit';

/** Git failed: its exit code and the start of its stderr (git's own message; never holds a token: none is passed). */
export class GitError extends Error {
  constructor(message: string, readonly code: number | null) {
    super(message);
  }
}

/** Most of git's stderr kept for an error message, in characters. */
const STDERR_CAP = 4096;

/** Starts `git <safe options> <args>` in `cwd`, stdin/stdout/stderr piped. */
export function startGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', safeGitArgs(...args), { cwd, env: safeGitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
}

/**
 * Waits for `child` to end; resolves with its stderr when it exits 0 (or with an allowed code), rejects with a
 * {@link GitError} otherwise or when it cannot start (git not installed).
 */
export function finished(child: ChildProcessWithoutNullStreams, what: string, allowed: readonly number[] = [0]): Promise<string> {
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (err.length < STDERR_CAP) err += d.slice(0, STDERR_CAP - err.length);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new GitError(`cannot run git ${what}: ${e.message}`, null)));
    child.once('close', (code) => {
      if (code !== null && allowed.includes(code)) resolve(err);
      else reject(new GitError(`git ${what} failed (exit ${code ?? 'signal'}): ${err.trim().split('\n')[0] ?? ''}`, code));
    });
  });
}

/**
 * Runs git and calls `onLine` for every line (split on `sep`, default LF) of its stdout, as it streams.
 * `input`, when given, is written to its stdin (then closed). Resolves when git exited with an allowed code.
 */
export async function gitLines(
  cwd: string,
  args: readonly string[],
  onLine: (line: string) => void,
  opts: { input?: string; sep?: string; allowed?: readonly number[] } = {},
): Promise<void> {
  const child = startGit(cwd, args);
  const done = finished(child, args[0] ?? '', opts.allowed);
  const sep = opts.sep ?? '\n';
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    const parts = (rest + d).split(sep);
    rest = parts.pop() ?? '';
    for (const p of parts) onLine(p);
  });
  child.stdin.on('error', () => undefined); // git may exit before reading all of it; its exit code tells
  child.stdin.end(opts.input ?? '');
  await done;
  if (rest !== '') onLine(rest);
}

/**
 * Reads `git cat-file --batch` answers from a stream: `<oid> <type> <size>[ <rest>]\n<size bytes>\n` per object,
 * `<name> missing\n` (or `ambiguous`) for objects git does not have. Calls `onObject` with the header fields and
 * the contents (a fresh Buffer, or `undefined` when `wantContents` said no and the bytes were skipped unread).
 */
export class BatchReader {
  private header = '';
  private pending: { oid: string; type: string; rest: string; size: number; buf: Buffer | undefined; at: number } | undefined;
  /** Bytes still to drop after the contents of an object: its trailing LF. */
  private skipLf = 0;

  constructor(
    private readonly onObject: (oid: string, type: string, rest: string, contents: Buffer | undefined) => void,
    private readonly onMissing: (name: string) => void,
    private readonly wantContents: (type: string, size: number, rest: string) => boolean,
  ) {}

  /** Feeds the next chunk of cat-file's stdout. Throws on output that is not cat-file's format. */
  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skipLf > 0) {
        i++;
        this.skipLf--;
        continue;
      }
      const p = this.pending;
      if (p !== undefined) {
        const take = Math.min(p.size - p.at, chunk.length - i);
        if (p.buf !== undefined) chunk.copy(p.buf, p.at, i, i + take);
        p.at += take;
        i += take;
        if (p.at === p.size) {
          this.pending = undefined;
          this.skipLf = 1;
          this.onObject(p.oid, p.type, p.rest, p.buf);
        }
        continue;
      }
      const nl = chunk.indexOf(10, i);
      if (nl === -1) {
        this.header += chunk.toString('utf8', i);
        return;
      }
      const line = this.header + chunk.toString('utf8', i, nl);
      this.header = '';
      i = nl + 1;
      this.startObject(line);
    }
  }

  private startObject(line: string): void {
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    const c = line.indexOf(' ', b + 1);
    const tail = b === -1 ? line.slice(a + 1) : line.slice(a + 1, b);
    if (b === -1 && (tail === 'missing' || tail === 'ambiguous')) {
      this.onMissing(line.slice(0, a));
      return;
    }
    const oid = line.slice(0, a);
    const type = line.slice(a + 1, b);
    const size = Number(c === -1 ? line.slice(b + 1) : line.slice(b + 1, c));
    const rest = c === -1 ? '' : line.slice(c + 1);
    if (a <= 0 || b === -1 || !Number.isSafeInteger(size) || size < 0) throw new GitError(`unexpected git cat-file output: ${line.slice(0, 80)}`, null);
    const buf = this.wantContents(type, size, rest) ? Buffer.allocUnsafe(size) : undefined;
    if (size === 0) {
      this.skipLf = 1;
      this.onObject(oid, type, rest, buf);
      return;
    }
    this.pending = { oid, type, rest, size, buf, at: 0 };
  }
}
