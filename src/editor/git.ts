import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { safeGitArgs, safeGitEnv } from '../util/safeGit';

/** How long answers about a file's tracked state are reused, in ms. */
const TRACKED_TTL_MS = 30_000;
/** Git calls give up after this long, in ms (a hung git must not hold diagnostics back). */
const GIT_TIMEOUT_MS = 5_000;

/**
 * What git knows about a file on disk, asked through the `git` CLI (no extension dependency):
 * whether the file is tracked (`git ls-files --error-unmatch`) and which 40-hex values are
 * objects of its repository (`git cat-file --batch-check`; the candidates are written to its
 * stdin, never to its command line). Every failure (no git, not a repository, timeout) answers
 * "not tracked" / "no objects", so detection never depends on git being there. Never used in an
 * untrusted workspace (the caller checks). Every call goes through `src/util/safeGit.ts`: it can
 * neither reach the network (no lazy fetch of a "missing object" in a partial clone, which would
 * send the candidate to the promisor remote) nor start a program the repository's config names.
 */
export class GitFacts {
  private readonly tracked = new Map<string, { at: number; value: Promise<boolean> }>();
  private readonly objects = new Map<string, boolean>();

  /** True when `fsPath` is tracked in its git repository. Cached for {@link TRACKED_TTL_MS}. */
  isTracked(fsPath: string): Promise<boolean> {
    const hit = this.tracked.get(fsPath);
    if (hit && Date.now() - hit.at < TRACKED_TTL_MS) return hit.value;
    const value = new Promise<boolean>((resolve) => {
      execFile(
        'git',
        safeGitArgs('ls-files', '--error-unmatch', '--', path.basename(fsPath)),
        { cwd: path.dirname(fsPath), env: safeGitEnv(), timeout: GIT_TIMEOUT_MS, windowsHide: true },
        (err) => resolve(!err),
      );
    });
    this.tracked.set(fsPath, { at: Date.now(), value });
    return value;
  }

  /** Forgets the tracked state of `fsPath` (after a save, a new file may have been added). */
  invalidate(fsPath: string): void {
    this.tracked.delete(fsPath);
  }

  /**
   * The subset of `candidates` (40 lowercase hex each) that are objects (commits, trees, blobs,
   * tags) of the repository containing `dir`. Answers are cached per repository directory and value.
   */
  async knownObjects(dir: string, candidates: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    const ask: string[] = [];
    for (const c of new Set(candidates)) {
      const cached = this.objects.get(`${dir}\0${c}`);
      if (cached === undefined) ask.push(c);
      else if (cached) known.add(c);
    }
    if (ask.length === 0) return known;
    const answer = await catFileBatchCheck(dir, ask);
    for (const c of ask) {
      const isObject = answer?.has(c) ?? false;
      if (answer) this.objects.set(`${dir}\0${c}`, isObject);
      if (isObject) known.add(c);
    }
    return known;
  }
}

/** Runs `git cat-file --batch-check` in `dir` with `ids` on stdin; the ids that exist, or undefined on any failure. */
function catFileBatchCheck(dir: string, ids: readonly string[]): Promise<Set<string> | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const done = (v: Set<string> | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    let child;
    try {
      child = spawn('git', safeGitArgs('cat-file', '--batch-check'), {
        cwd: dir,
        env: safeGitEnv(),
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: GIT_TIMEOUT_MS,
        windowsHide: true,
      });
    } catch {
      return done(undefined);
    }
    child.on('error', () => done(undefined));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return done(undefined);
      const found = new Set<string>();
      for (const line of out.split('\n')) {
        const [id, type] = line.split(' ');
        if (id && type && type !== 'missing' && type !== 'ambiguous') found.add(id);
      }
      done(found);
    });
    child.stdin.on('error', () => done(undefined));
    child.stdin.end(ids.join('\n') + '\n');
  });
}
