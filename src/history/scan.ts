/**
 * Scans a git repository's history (every blob reachable from the chosen refs, each read once) or its index (what
 * `git commit` would record) with the CLI's file policy ({@link scanBytes} of src/detection/filePolicy.ts: binary sniff, UTF-16
 * and BOM decoding, file kind by path, directives, minimum confidence), the same one the file scan applies.
 *
 * History, in three git passes, all through `src/util/safeGit.ts`:
 * 1. `git rev-list --objects --filter=object:type=blob --missing=print <revs>` lists each reachable blob once with
 *    the first path it was seen at; its output streams (with backpressure) into `git cat-file --batch --buffer`,
 *    whose output streams into the detector blob by blob (nothing is held but the blob being read). Objects a
 *    partial clone does not have (`?<oid>` from rev-list, `missing` from cat-file) are counted, never fetched.
 * 2. Only when something was found: `git log <revs> --raw --diff-merges=first-parent --no-renames` (the tree diff
 *    of every walked commit, streamed and filtered here; not `--find-object`, which makes git read blobs a partial
 *    clone lacks, and fail) names, for each blob with a finding and each path it was added at, the commits that
 *    added it there. Every edit of a file that keeps the token is another blob, so findings are then collapsed to
 *    one per (token fingerprint, path): reported at the earliest commit that wrote a version with the token to that
 *    path (smallest committer date), which is what "since when is it out" asks, with the number of versions (blobs)
 *    and of commits that wrote one of them. Later commits that carry a version unchanged are not counted: they are
 *    descendants, reachability covers them. A merge is diffed against its first parent only: a merge that brings a
 *    version in counts, and a stash commit is not taken to add every tracked file again because its untracked-files
 *    parent lacks them.
 * 3. `git rev-list --remotes` (streamed, only the commits of step 2 are kept) tells whether any commit that wrote a
 *    version with the token to that path is reachable from a remote-tracking ref: then it was pushed, and every
 *    clone has it.
 *
 * Default revisions: `--all` (branches, remote-tracking branches, tags, `refs/stash`, HEAD) plus every entry of
 * the stash reflog (`git log -g refs/stash`: older stashes live only there). A rev range replaces them.
 * `since` limits the commits walked (`--since`): blobs of those commits' trees are scanned even when older.
 * Pure Node, no `vscode`.
 */
import { Confidence, Finding, FindingContext } from '../detection';
import { ContentScanOptions, scanBytes } from '../detection/filePolicy';
import { BatchReader, finished, gitLines, GitError, startGit } from './git';

export { GitError } from './git';

/**
 * Options of {@link scanHistory} and {@link scanStaged}: those of the file policy (`minConfidence`,
 * `ignoredFingerprints`, `inlineIgnores`, see src/cli/file.ts) and a size cap.
 */
export interface HistoryScanOptions extends ContentScanOptions {
  /** Blobs larger than this many bytes are not read (counted in `tooLarge`); 0 = no limit. */
  maxFileSize: number;
}

/** Options of {@link scanHistory} only. */
export interface HistoryRevOptions {
  /**
   * Revisions as `git rev-list` takes them (`main`, `v1..v2`, `origin/main..HEAD`); default: all refs and the stash
   * reflog. None may start with `-` (a {@link GitError} is thrown before git runs).
   */
  revs?: readonly string[];
  /** Only commits newer than this (`git rev-list --since`: `2024-01-31`, `2 weeks ago`). */
  since?: string;
}

/**
 * One token found in the repository: with {@link scanHistory} one per (token fingerprint, path) whatever the number
 * of versions of the file that hold it; with {@link scanStaged} one per finding in a staged blob. Never the token:
 * SHA-256 fingerprint and last 4 characters. Text fields are the detector's and git's, not masked or escaped (a
 * printer masks and escapes them, see src/cli/printable.ts).
 */
export interface HistoryFinding {
  /** Path of the file in the repository (`/`-separated, as git stores it; not masked or escaped). */
  path: string;
  /** 1-based line and column (UTF-16 units) in `blob`. */
  line: number;
  column: number;
  ruleId: string;
  confidence: Confidence;
  message: string;
  fingerprint: string;
  last4: string;
  keyName?: string;
  host?: string;
  context?: FindingContext;
  /** The blob (git object id, hex) holding the token: history: the version `commit` wrote. */
  blob: string;
  /**
   * History only: the earliest commit that wrote a version of the file holding the token to this path (see the
   * module comment); undefined when none was found (the versions are only in commits outside the walked revisions,
   * e.g. cut off by `since`).
   */
  commit?: string;
  /** History only: author date of `commit`, ISO 8601 UTC (`2024-03-05T09:12:44.000Z`). */
  authorDate?: string;
  /** History only: some commit that wrote a version with the token to this path is reachable from a remote-tracking ref. */
  pushed?: boolean;
  /** History only: versions (distinct blobs) of the file at this path that hold the token (≥ 1). */
  versions?: number;
  /**
   * History only: commits that wrote one of those versions to this path (added the file or changed it while the
   * token stayed; a merge that brought a version in counts too); 0 when `commit` is undefined. Not the number of
   * commits whose snapshot holds it (every later commit that leaves the file alone does too).
   */
  commits?: number;
}

/** Result of a scan. Counts are of blobs (each read once), not of paths or commits. */
export interface HistoryReport {
  findings: HistoryFinding[];
  /** Blobs read and scanned (text). */
  blobsScanned: number;
  /** Bytes of those blobs. */
  bytesScanned: number;
  /** Blobs not scanned because binary (a NUL in the first 8 KiB). */
  binary: number;
  /** Blobs not read because over `maxFileSize`. */
  tooLarge: number;
  /** Objects git could not read (a partial clone's missing blobs or trees): counted, never fetched. */
  missing: number;
  /** Findings silenced by ignore directives (0 with `inlineIgnores: false`). */
  suppressed: number;
}

/** A blob with findings, before attribution to commits. */
interface Hit {
  oid: string;
  path: string;
  findings: Finding[];
}

/** Scans blobs named by `lines` (each `<oid>` or `<oid> <path>`) through one `git cat-file --batch`. */
class BlobScanner {
  readonly report: HistoryReport = { findings: [], blobsScanned: 0, bytesScanned: 0, binary: 0, tooLarge: 0, missing: 0, suppressed: 0 };
  readonly hits: Hit[] = [];
  private readonly child;
  private readonly done: Promise<string>;
  private readonly paths: string[] | undefined;
  /** A failure while reading cat-file's output (not its format), thrown by {@link end}. */
  private failure: Error | undefined;

  /**
   * `pathsByOrder`: when given, the path of the n-th blob is its n-th element (for paths with spaces or newlines,
   * which `%(rest)` cannot carry); otherwise each input line carries its path after the oid.
   */
  constructor(cwd: string, private readonly o: HistoryScanOptions, pathsByOrder?: string[]) {
    this.paths = pathsByOrder;
    this.child = startGit(cwd, ['cat-file', '--batch=%(objectname) %(objecttype) %(objectsize) %(rest)', '--buffer']);
    this.done = finished(this.child, 'cat-file');
    // handled here as well, so that a cat-file killed after a rev-list failure is no unhandled rejection (which
    // would end the CLI with a stack trace instead of its message and exit code 2); end() still gets the error
    this.done.catch(() => undefined);
    let n = 0;
    const reader = new BatchReader(
      (oid, type, rest, contents) => {
        const at = n++;
        if (type !== 'blob' || contents === undefined) return;
        this.scanBlob(oid, this.paths !== undefined ? this.paths[at] : rest, contents);
      },
      () => {
        n++;
        this.report.missing++;
      },
      (type, size) => {
        if (type !== 'blob') return false;
        if (this.o.maxFileSize > 0 && size > this.o.maxFileSize) {
          this.report.tooLarge++;
          return false;
        }
        return true;
      },
    );
    this.child.stdout.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (err) {
        this.child.kill();
        this.failure = err as Error;
      }
    });
    this.child.stdin.on('error', () => undefined); // an early exit of cat-file shows in its exit code
  }

  /** Writes one request line; false when the caller should wait for {@link drain}. */
  write(line: string): boolean {
    return this.child.stdin.write(line + '\n');
  }

  /** Resolves when cat-file's stdin can take more. */
  drain(): Promise<void> {
    return new Promise((resolve) => this.child.stdin.once('drain', resolve));
  }

  /** Closes the input and waits for every answer. */
  async end(): Promise<void> {
    this.child.stdin.end();
    await this.done.catch((err: unknown) => {
      throw this.failure ?? err;
    });
    if (this.failure) throw this.failure;
  }

  /** Stops cat-file (after a failure elsewhere). */
  kill(): void {
    this.child.kill();
  }

  private scanBlob(oid: string, path: string, contents: Buffer): void {
    const r = scanBytes(contents, path, this.o);
    if (r.kind !== 'scanned') {
      // binary, or decoded and refused by the detector (the file scan reports both as skipped)
      this.report.binary++;
      return;
    }
    this.report.blobsScanned++;
    this.report.bytesScanned += contents.length;
    this.report.suppressed += r.suppressed;
    if (r.findings.length > 0) this.hits.push({ oid, path, findings: r.findings });
  }
}

function toHistoryFinding(f: Finding, oid: string, path: string): HistoryFinding {
  const h: HistoryFinding = {
    path, line: f.line, column: f.column, ruleId: f.ruleId, confidence: f.confidence, message: f.message, fingerprint: f.fingerprint, last4: f.last4, blob: oid,
  };
  if (f.keyName !== undefined) h.keyName = f.keyName;
  if (f.host !== undefined) h.host = f.host;
  if (f.context !== undefined) h.context = f.context;
  return h;
}

/** Throws when a revision could be read as an option by git. */
function checkRevs(revs: readonly string[]): void {
  for (const r of revs) if (r === '' || r.startsWith('-') || r.includes('\n')) throw new GitError(`not a revision: ${JSON.stringify(r.slice(0, 80))}`, null);
}

/** Commits of the stash reflog (`refs/stash@{0}`, `@{1}`, …); none when there is no stash. */
async function stashCommits(cwd: string): Promise<string[]> {
  const out: string[] = [];
  await gitLines(cwd, ['log', '-g', '--format=%H', 'refs/stash', '--'], (l) => {
    if (/^[0-9a-f]{40,64}$/.test(l)) out.push(l);
  }, { allowed: [0, 128] }).catch(() => undefined);
  return out;
}

/** The revision arguments (argv part, stdin part) for rev-list/log. */
async function revisions(cwd: string, r: HistoryRevOptions): Promise<{ args: string[]; stdin: string }> {
  const args: string[] = [];
  if (r.since !== undefined) {
    if (r.since.startsWith('-') || r.since.includes('\n')) throw new GitError(`not a date: ${JSON.stringify(r.since.slice(0, 80))}`, null);
    args.push(`--since=${r.since}`);
  }
  if (r.revs !== undefined && r.revs.length > 0) {
    checkRevs(r.revs);
    return { args: [...args, '--stdin'], stdin: r.revs.join('\n') + '\n' };
  }
  const stash = await stashCommits(cwd);
  return { args: [...args, '--all', '--stdin'], stdin: stash.map((c) => `${c}\n`).join('') };
}

/**
 * Scans the history of the repository at `cwd` (any folder inside its work tree, or a bare repository).
 * Rejects with a {@link GitError} when git cannot run there (not a repository, an unknown revision); a missing
 * object is counted in `missing`, not an error.
 */
export async function scanHistory(cwd: string, o: HistoryScanOptions, r: HistoryRevOptions = {}): Promise<HistoryReport> {
  const revs = await revisions(cwd, r);
  const scanner = new BlobScanner(cwd, o);
  const list = startGit(cwd, ['rev-list', '--objects', '--filter=object:type=blob', '--missing=print', ...revs.args]);
  const listed = finished(list, 'rev-list');
  list.stdin.on('error', () => undefined);
  list.stdin.end(revs.stdin);
  let rest = '';
  list.stdout.setEncoding('utf8');
  list.stdout.on('data', (d: string) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop() ?? '';
    let more = true;
    for (const l of lines) {
      if (l.startsWith('?')) {
        scanner.report.missing++;
        continue;
      }
      // commits come without a path; blobs (the filter keeps no trees) as `<oid> <path>`
      if (l.indexOf(' ') === -1) continue;
      more = scanner.write(l) && more;
    }
    if (!more) {
      list.stdout.pause();
      void scanner.drain().then(() => list.stdout.resume());
    }
  });
  try {
    await listed;
  } catch (err) {
    scanner.kill();
    throw err;
  }
  await scanner.end();
  const report = scanner.report;
  if (scanner.hits.length > 0) await attribute(cwd, revs, scanner.hits, report);
  report.findings.sort((a, b) => (a.authorDate ?? '\uffff').localeCompare(b.authorDate ?? '\uffff') || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  return report;
}

interface Introduction {
  commit: string;
  committed: number;
  authored: number;
}

/** Steps 2 and 3 of the module comment: commits, dates and pushed state for the blobs with findings. */
async function attribute(cwd: string, revs: { args: string[]; stdin: string }, hits: Hit[], report: HistoryReport): Promise<void> {
  const wanted = new Set(hits.map((h) => h.oid));
  /** `<blob>\0<path>` → commits that added that blob at that path. */
  const added = new Map<string, Introduction[]>();
  let commit: Introduction | undefined;
  let raw: string | undefined;
  // no signature check (it would run gpg.program), no external diff or textconv: only git itself runs
  const args = ['log', ...revs.args, '--raw', '--no-abbrev', '--no-renames', '--diff-merges=first-parent', '--no-show-signature', '--no-ext-diff', '--no-textconv', '-z', '--format=%x01%H %ct %at'];
  await gitLines(cwd, args, (tok) => {
    const t = tok.startsWith('\n') ? tok.slice(1) : tok;
    if (t.startsWith('\x01')) {
      const [c, ct, at] = t.slice(1).split(' ');
      commit = { commit: c, committed: Number(ct), authored: Number(at) };
      raw = undefined;
    } else if (t.startsWith(':')) {
      raw = t;
    } else if (raw !== undefined && commit !== undefined) {
      // `:<old mode> <new mode> <old oid> <new oid> <status>` then the path
      const f = raw.split(' ');
      const blob = f[3];
      if (wanted.has(blob) && f[4] !== 'D') {
        const key = `${blob}\0${t}`;
        const list = added.get(key) ?? [];
        if (!list.some((x) => x.commit === commit?.commit)) list.push(commit);
        added.set(key, list);
      }
      raw = undefined;
    }
  }, { input: revs.stdin, sep: '\0' });

  const introducers = new Set<string>();
  for (const list of added.values()) for (const i of list) introducers.add(i.commit);
  const pushed = new Set<string>();
  if (introducers.size > 0) {
    await gitLines(cwd, ['rev-list', '--remotes'], (l) => {
      if (introducers.has(l)) pushed.add(l);
    });
  }

  for (const f of collapse(hits, added, pushed)) report.findings.push(f);
}

/** One (token fingerprint, path) of {@link collapse}, while its versions are gathered. */
interface Row {
  /** The finding to report: from the earliest version (first in text order within it). */
  finding: Finding;
  oid: string;
  path: string;
  /** The earliest commit that wrote a version with the token to the path; undefined when none is known. */
  first: Introduction | undefined;
  versions: Set<string>;
  commits: Set<string>;
  pushed: boolean;
}

/** Whether introduction `a` comes before `b` (committer date, then commit id for a stable order; none is last). */
function earlier(a: Introduction | undefined, b: Introduction | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return a.committed < b.committed || (a.committed === b.committed && a.commit < b.commit);
}

/**
 * The findings of `hits` collapsed to one per (token fingerprint, path): at the earliest commit that wrote a version
 * holding the token to that path, with the number of such versions and commits and whether any of those commits was
 * pushed. A blob no commit of the walk added (cut off by `since`) counts as a version at the path rev-list gave.
 */
function collapse(hits: readonly Hit[], added: ReadonlyMap<string, Introduction[]>, pushed: ReadonlySet<string>): HistoryFinding[] {
  const pathsOf = new Map<string, string[]>();
  for (const key of added.keys()) {
    const nul = key.indexOf('\0');
    const oid = key.slice(0, nul);
    pathsOf.set(oid, [...(pathsOf.get(oid) ?? []), key.slice(nul + 1)]);
  }
  const rows = new Map<string, Row>();
  for (const h of hits) {
    for (const p of pathsOf.get(h.oid) ?? [h.path]) {
      const list = added.get(`${h.oid}\0${p}`) ?? [];
      const first = list.reduce<Introduction | undefined>((a, b) => (earlier(b, a) ? b : a), undefined);
      for (const f of h.findings) {
        const key = `${f.fingerprint}\0${p}`;
        let row = rows.get(key);
        if (row === undefined) {
          row = { finding: f, oid: h.oid, path: p, first, versions: new Set(), commits: new Set(), pushed: false };
          rows.set(key, row);
        } else if (row.oid !== h.oid && earlier(first, row.first)) {
          row.finding = f;
          row.oid = h.oid;
          row.first = first;
        }
        row.versions.add(h.oid);
        for (const i of list) {
          row.commits.add(i.commit);
          if (pushed.has(i.commit)) row.pushed = true;
        }
      }
    }
  }
  const out: HistoryFinding[] = [];
  for (const row of rows.values()) {
    const hf = toHistoryFinding(row.finding, row.oid, row.path);
    if (row.first !== undefined) {
      hf.commit = row.first.commit;
      hf.authorDate = new Date(row.first.authored * 1000).toISOString();
      hf.pushed = row.pushed;
    }
    hf.versions = row.versions.size;
    hf.commits = row.commits.size;
    out.push(hf);
  }
  return out;
}

/**
 * Scans the index of the repository at `cwd`: every staged blob (`git ls-files -s`), i.e. what `git commit` would
 * record, not the work tree (an unstaged edit is not seen). Submodule entries are skipped. Rejects with a
 * {@link GitError} when `cwd` is not in a repository.
 */
export async function scanStaged(cwd: string, o: HistoryScanOptions): Promise<HistoryReport> {
  const entries: { oid: string; path: string }[] = [];
  const seen = new Set<string>();
  await gitLines(cwd, ['ls-files', '-s', '-z', '--full-name', '--', ':/'], (entry) => {
    // `<mode> <oid> <stage>\t<path>`
    const tab = entry.indexOf('\t');
    if (tab === -1) return;
    const [mode, oid] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (mode === '160000' || seen.has(`${oid}\0${path}`)) return;
    seen.add(`${oid}\0${path}`);
    entries.push({ oid, path });
  }, { sep: '\0' });
  // one read per blob; a blob staged at several paths is reported at each
  const byOid = new Map<string, string[]>();
  for (const e of entries) byOid.set(e.oid, [...(byOid.get(e.oid) ?? []), e.path]);
  const order = [...byOid.keys()];
  const scanner = new BlobScanner(cwd, o, order.map((oid) => byOid.get(oid)?.[0] ?? ''));
  for (const oid of order) if (!scanner.write(oid)) await scanner.drain();
  await scanner.end();
  for (const h of scanner.hits) for (const p of byOid.get(h.oid) ?? [h.path]) for (const f of h.findings) scanner.report.findings.push(toHistoryFinding(f, h.oid, p));
  scanner.report.findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  return scanner.report;
}
