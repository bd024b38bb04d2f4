/**
 * History-scan benchmark (part of `npm run bench`; alone: `node out/bench/history.js [<repository>]`).
 *
 * Generates (with `git fast-import`) a repository of 5,000 commits and more than 20,000 distinct blobs: 600 files
 * of code, logs, lockfiles and docs that evolve by small edits (5 files per commit), a few branches and tags, and
 * 20 random tokens committed and later removed. Then times, best of 3 after a warm-up:
 * - `node bin/gogs-key-hygiene.js scan --git --format json` (every blob of all refs once, the detector on each);
 * - `git log -p --all | rg -c '\b[0-9a-f]{40}\b'`: history the way patch-based scanners read it;
 * - `git cat-file --batch-all-objects --batch | rg -c '\b[0-9a-f]{40}\b'`: every object once, a lower bound.
 * With a repository path, the same three run on it (e.g. a mirror of gogs/gogs) and the findings are printed.
 * Every token is fresh randomness (crypto.randomBytes).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shown } from '../src/cli/printable';
import { scan } from '../src/detection';
import { generateCorpus } from './bench';

const ROOT = path.resolve(__dirname, '..', '..');
const MB = 1024 * 1024;

const COMMITS = 5000;
const FILES = 600;
const FILES_PER_COMMIT = 5;
const LEAKS = 20;

/** Small deterministic PRNG for the shape of the history (not for token values). */
let seed = 7;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}

/** The environment for the baseline git commands: no inherited GIT_*. */
function plainEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('GIT_')));
}

/** Lines of the bench corpus that hold no token finding (tokens are injected on purpose instead). */
function linePool(): string[] {
  const pool: string[] = [];
  for (const d of generateCorpus(6 * MB, 300)) {
    const lines = d.text.split('\n');
    const bad = new Set(scan(d.text, { fileName: d.name, maxBytes: 0 }).findings.map((f) => f.line - 1));
    lines.forEach((l, i) => {
      if (!bad.has(i) && l.length < 400) pool.push(l);
    });
  }
  return pool;
}

/** Writes the fast-import stream for the generated history to `file`; returns the number of blobs written. */
function writeStream(file: string): { blobs: number; leaks: number } {
  const pool = linePool();
  const pick = (): string => pool[Math.floor(rnd() * pool.length)];
  const exts = ['js', 'py', 'go', 'md', 'yml', 'log', 'env', 'lock'];
  const files = Array.from({ length: FILES }, (_, i) => ({
    path: `${['src', 'lib', 'docs', 'deploy', 'logs', 'config'][i % 6]}/m${Math.floor(i / 6) % 20}/f${i}.${exts[i % exts.length]}`,
    lines: Array.from({ length: 60 + Math.floor(rnd() * 80) }, pick),
  }));
  const fd = fs.openSync(file, 'w');
  const out = (s: string): void => {
    fs.writeSync(fd, s);
  };
  const data = (s: string): void => out(`data ${Buffer.byteLength(s)}\n${s}\n`);
  let mark = 0;
  let blobs = 0;
  const blob = (text: string): number => {
    out(`blob\nmark :${++mark}\n`);
    data(text);
    blobs++;
    return mark;
  };
  const leakAt = new Map<number, { file: number; removeAt: number }>();
  for (let k = 0; k < LEAKS; k++) leakAt.set(100 + k * 240, { file: Math.floor(rnd() * FILES), removeAt: 100 + k * 240 + 30 });
  const removals = new Map<number, number>();
  let prev = 0;
  const t0 = 1_600_000_000;
  for (let c = 0; c < COMMITS; c++) {
    const changes: string[] = [];
    const touched = new Set<number>();
    if (c === 0) {
      for (let f = 0; f < FILES; f++) changes.push(`M 100644 :${blob(files[f].lines.join('\n') + '\n')} ${files[f].path}`);
    } else {
      while (touched.size < FILES_PER_COMMIT) touched.add(Math.floor(rnd() * FILES));
      const leak = leakAt.get(c);
      if (leak) {
        touched.add(leak.file);
        removals.set(leak.removeAt, leak.file);
      }
      const removal = removals.get(c);
      if (removal !== undefined) touched.add(removal);
      for (const f of touched) {
        const lines = files[f].lines;
        if (leak && leak.file === f) lines.splice(Math.floor(rnd() * lines.length), 0, `GITEA_TOKEN=${randomBytes(20).toString('hex')}`);
        if (removal === f) files[f].lines = lines.filter((l) => !l.startsWith('GITEA_TOKEN='));
        const edits = 1 + Math.floor(rnd() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * (files[f].lines.length + 1));
          if (rnd() < 0.5 && files[f].lines.length > 20) files[f].lines.splice(at, 1, pick());
          else files[f].lines.splice(at, 0, pick());
        }
        changes.push(`M 100644 :${blob(files[f].lines.join('\n') + '\n')} ${files[f].path}`);
      }
    }
    const ts = t0 + c * 3600;
    out(`commit refs/heads/main\nmark :${++mark}\nauthor Bench <bench@bench.test> ${ts} +0000\ncommitter Bench <bench@bench.test> ${ts} +0000\n`);
    data(`change ${c}`);
    if (prev !== 0) out(`from :${prev}\n`);
    out(changes.join('\n') + '\n\n');
    prev = mark;
    if (c > 0 && c % 1000 === 0) {
      out(`reset refs/tags/v${c / 1000}.0\nfrom :${prev}\n\n`);
      out(`reset refs/heads/release-${c / 1000}\nfrom :${prev}\n\n`);
    }
  }
  out('done\n');
  fs.closeSync(fd);
  return { blobs, leaks: LEAKS };
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs `f` once to warm up, then `runs` times; the best wall time in ms and the last result. */
function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let value = f();
  let bestMs = Infinity;
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    value = f();
    bestMs = Math.min(bestMs, ms(t0));
  }
  return { ms: bestMs, value };
}

const fmt = (n: number, d = 1): string => n.toFixed(d);

/** Figures of one repository. */
export interface HistoryFigures {
  cliMs: number;
  logPatchMs: number;
  catFileMs: number;
  findings: number;
}

/** Times the three ways on `repo` and prints them; `verbose` prints every finding (path, line, commit, pushed). */
export function timeRepository(repo: string, verbose: boolean, runs = 3): HistoryFigures {
  const bin = path.join(ROOT, 'bin', 'gogs-key-hygiene.js');
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p)) ?? 'rg';
  const sh = (cmd: string): string => spawnSync('sh', ['-c', cmd], { cwd: repo, env: plainEnv(), maxBuffer: 64 * MB }).stdout.toString().trim();
  const cli = best(runs, () => spawnSync(process.execPath, [bin, 'scan', '--git', '--format', 'json'], { cwd: repo, maxBuffer: 256 * MB }));
  const report = JSON.parse(cli.value.stdout.toString()) as {
    findings: {
      file: string; line: number; ruleId: string; confidence: string; last4: string; fingerprint: string; commit?: string; authorDate?: string; pushed?: boolean;
      versions?: number; commits?: number; message: string;
    }[];
    blobsScanned: number; bytesScanned: number; binary: number; tooLarge: number; missing: number;
  };
  const logPatch = best(runs, () => sh(`git log -p --all | ${rg} -c '\\b[0-9a-f]{40}\\b'`));
  const catFile = best(runs, () => sh(`git cat-file --batch-all-objects --batch | ${rg} -c '\\b[0-9a-f]{40}\\b'`));
  const commits = sh('git rev-list --all | wc -l');
  const objects = sh('git cat-file --batch-all-objects --batch-check | wc -l');
  const blobs = sh("git cat-file --batch-all-objects --batch-check | grep -c ' blob '");
  console.log(`    repository: ${commits} commits, ${objects} objects, ${blobs} distinct blobs; the CLI read ${report.blobsScanned} text blobs (${fmt(report.bytesScanned / MB)} MB), ${report.binary} binary, ${report.tooLarge} too large, ${report.missing} missing`);
  const tokens = new Set(report.findings.map((f) => f.fingerprint)).size;
  const versions = report.findings.reduce((n, f) => n + (f.versions ?? 1), 0);
  console.log(`    node bin/gogs-key-hygiene.js scan --git --format json        : ${fmt(cli.ms, 0)} ms (best of ${runs}), exit ${cli.value.status}, ${report.findings.length} findings (${tokens} tokens, ${versions} versions), ${report.findings.filter((f) => f.pushed).length} pushed`);
  console.log(`    git log -p --all | rg -c '\\b[0-9a-f]{40}\\b'                  : ${fmt(logPatch.ms, 0)} ms (best of ${runs}), ${logPatch.value} matching lines`);
  console.log(`    git cat-file --batch-all-objects --batch | rg -c '\\b[0-9a-f]{40}\\b': ${fmt(catFile.ms, 0)} ms (best of ${runs}), ${catFile.value} matching lines`);
  if (verbose) {
    for (const f of report.findings) {
      // JSON.parse undid the \u escapes: print the repository's text through printable.ts again
      console.log(`      ${shown(f.file)}:${f.line} ${f.confidence} ${f.ruleId} …${f.last4} commit ${f.commit ?? '?'} ${f.authorDate ?? ''} ${f.pushed ? 'pushed' : 'not pushed'}, ${f.versions ?? 1} version(s) in ${f.commits ?? 0} commit(s) — ${shown(f.message)}`);
    }
  }
  return { cliMs: cli.ms, logPatchMs: logPatch.ms, catFileMs: catFile.ms, findings: report.findings.length };
}

/** Generates the repository, times it, removes it; returns the figures for the ratios. */
export function historyBench(): HistoryFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-bench-history-'));
  try {
    const t0 = process.hrtime.bigint();
    const stream = path.join(dir, 'stream.fi');
    const { blobs, leaks } = writeStream(stream);
    const repo = path.join(dir, 'repo.git');
    spawnSync('git', ['init', '-q', '--bare', repo], { env: plainEnv() });
    const imported = spawnSync('sh', ['-c', `git fast-import --quiet < '${stream}'`], { cwd: repo, env: plainEnv() });
    if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString()}`);
    fs.rmSync(stream);
    spawnSync('git', ['repack', '-adq'], { cwd: repo, env: plainEnv() });
    console.log(`\n[5] history: generated ${COMMITS} commits, ${blobs} blobs (${leaks} tokens committed, then removed) with git fast-import in ${fmt(ms(t0) / 1000)} s`);
    return timeRepository(repo, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the ratio lines of the history figures. */
export function historyRatios(h: HistoryFigures): string[] {
  return [
    `  scan --git / git log -p | rg     : ${fmt(h.cliMs / h.logPatchMs, 2)}x   (target < 1x)`,
    `  scan --git / cat-file --batch | rg: ${fmt(h.cliMs / h.catFileMs, 2)}x   (target <= 3x)`,
  ];
}

if (require.main === module) {
  const repo = process.argv[2];
  let h: HistoryFigures;
  if (repo !== undefined) {
    console.log(`history benchmark on ${repo}`);
    h = timeRepository(path.resolve(repo), true, 3);
  } else {
    h = historyBench();
  }
  console.log('\nratios');
  for (const l of historyRatios(h)) console.log(l);
}
