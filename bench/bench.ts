/**
 * Detector benchmark (`npm run bench`): prints figures, asserts nothing.
 *
 * 1. Throughput on a generated ~64 MB mixed corpus (2,000 documents of common kinds: code, lockfiles, logs, docs,
 *    configs, git logs, minified bundles) next to a bare V8 `/\b[0-9a-f]{40}\b/g` scan of the same documents.
 * 2. Incremental rescan after single-character edits in a 5 MB document (p50/p95), and a full scan of it.
 * 3. Peak RSS of this process.
 * 4. The CLI (`bin/gogs-key-hygiene.js scan <dir> --format json`) over the same 2,000 documents written to disk,
 *    next to ripgrep `rg -c --hidden '\b[0-9a-f]{40}\b' <dir>`.
 * 5. History (bench/history.ts): `scan --git` on a generated 5,000-commit repository next to `git log -p | rg` and
 *    `git cat-file --batch-all-objects --batch | rg`.
 * Ratios are printed last. Every token-like value is fresh randomness (crypto.randomBytes).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { rescan, scan, ScanResult } from '../src/detection';
import { historyBench, historyRatios } from './history';

// a collector to call between timed edits, so that peak RSS reflects what is live, not 1,000 dead 5 MB strings
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ROOT = path.resolve(__dirname, '..', '..');
const MB = 1024 * 1024;

// ------------------------------------------------------------------------------------------ generation

/** Pool of random hex, drawn in bulk (random 40-hex values are what tokens and commit ids both are). */
class Hex {
  private buf = '';
  private at = 0;
  next(): string {
    if (this.at + 40 > this.buf.length) {
      this.buf = randomBytes(20 * 4096).toString('hex');
      this.at = 0;
    }
    const v = this.buf.slice(this.at, this.at + 40);
    this.at += 40;
    return v;
  }
}

/** Small deterministic PRNG for the shape of the corpus (not for token values). */
let seed = 42;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];

const WORDS = 'the a to of and in for is on that by this with you it not or be are from at as your all have new more an was we will can about if page my has free but our one other do no information time they site he up may what which their news out use any there see only so his when contact here business who web also now help get pm view online first am been would how were me services some these click its like service than find'.split(' ');
const sentence = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');

type Kind = 'js' | 'lock' | 'log' | 'md' | 'yaml' | 'gitlog' | 'env' | 'min' | 'py' | 'go';
const KINDS: Array<[Kind, string, number]> = [
  ['js', 'src/file.js', 3], ['lock', 'yarn.lock', 2], ['log', 'access.log', 3], ['md', 'README.md', 2], ['yaml', 'config.yml', 2],
  ['gitlog', 'git-log.txt', 1], ['env', '.env', 1], ['min', 'bundle.min.js', 1], ['py', 'tool.py', 2], ['go', 'main.go', 2],
];
const KIND_BAG: Array<[Kind, string]> = KINDS.flatMap(([k, f, w]) => Array.from({ length: w }, () => [k, f] as [Kind, string]));

/**
 * One line of a document of `kind`. Tokens in real contexts appear in about 1 line in 400; commit ids and checksums
 * at the rates such files have them (every yarn.lock entry and git-log header, a few percent of log and doc lines,
 * about one code line in 60).
 */
function line(kind: Kind, hex: Hex): string {
  const token = rnd() < 0.0025;
  const sha = rnd() < 1 / 60;
  switch (kind) {
    case 'js':
      if (token) return `const GITEA_TOKEN = process.env.GITEA_TOKEN || '${hex.next()}';`;
      if (sha) return `// regression from https://gitea.bench.test/o/r/commit/${hex.next()}`;
      return pick([
        `  const ${pick(WORDS)}Value = await fetch(\`\${base}/api/v1/repos/\${owner}/${pick(WORDS)}\`, { headers });`,
        `function ${pick(WORDS)}${Math.floor(rnd() * 100)}(a, b) { return a.${pick(WORDS)}(b) + ${Math.floor(rnd() * 1000)}; }`,
        `// ${sentence(10)}`,
        `  if (!${pick(WORDS)}) throw new Error('${sentence(5)}');`,
        `export const ${pick(WORDS).toUpperCase()}_VERSION = '${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}.0';`,
      ]);
    case 'py':
      if (token) return `GITEA_URL = "https://gitea.bench.test"\nTOKEN = "${hex.next()}"`;
      if (sha) return `    assert blob_id(data) == "${hex.next()}"`;
      return pick([
        `    ${pick(WORDS)} = self.${pick(WORDS)}(${pick(WORDS)}, timeout=${Math.floor(rnd() * 60)})`,
        `def ${pick(WORDS)}_${pick(WORDS)}(self, ${pick(WORDS)}):`,
        `    # ${sentence(9)}`,
        `    return {"${pick(WORDS)}": ${Math.floor(rnd() * 1e6)}, "${pick(WORDS)}": "${sentence(3)}"}`,
      ]);
    case 'go':
      if (token) return `\tclient := gogs.NewClient("https://gogs.bench.test", "${hex.next()}")`;
      if (sha) return `\tconst commit = "${hex.next()}"`;
      return pick([
        `\t${pick(WORDS)}, err := c.${pick(WORDS)}(ctx, ${pick(WORDS)})`,
        `\tif err != nil {\n\t\treturn fmt.Errorf("${sentence(4)}: %w", err)\n\t}`,
        `// ${sentence(12)}`,
      ]);
    case 'lock':
      return `${pick(WORDS)}-${pick(WORDS)}@^${Math.floor(rnd() * 9)}.0.0:\n  version "${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}.1"\n  resolved "https://registry.yarnpkg.com/${pick(WORDS)}/-/${pick(WORDS)}-1.0.0.tgz#${hex.next()}"\n  integrity sha512-${randomBytes(48).toString('base64')}\n`;
    case 'log': {
      const ip = `10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`;
      if (token) return `${ip} - - [14/Mar/2024:03:22:00 +0100] "GET /api/v1/repos/ops/${pick(WORDS)}/issues?state=open&token=${hex.next()} HTTP/1.1" 200 5310 "-" "python-requests/2.31.0"`;
      const path = rnd() < 0.05 ? `/${pick(WORDS)}/${pick(WORDS)}/commit/${hex.next()}` : `/${pick(WORDS)}/${pick(WORDS)}/src/branch/main/${pick(WORDS)}.go`;
      return `${ip} - - [14/Mar/2024:00:00:27 +0100] "GET ${path} HTTP/1.1" 200 ${Math.floor(rnd() * 50000)} "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/123.0" rt=0.${Math.floor(rnd() * 999)}`;
    }
    case 'md':
      if (token) return '```bash\nexport GITEA_TOKEN=' + hex.next() + '\n```';
      if (rnd() < 1 / 15) return `* ${sentence(8)} ([${hex.next().slice(0, 7)}](https://gitea.bench.test/o/r/commit/${hex.next()}))`;
      return pick([sentence(18), `## ${sentence(4)}`, `| ${pick(WORDS)} | ${pick(WORDS)} | ${Math.floor(rnd() * 100)} |`]);
    case 'yaml':
      if (token) return `gitea:\n  url: https://gitea.bench.test\n  token: "${hex.next()}"`;
      if (rnd() < 1 / 20) return `  - uses: actions/${pick(WORDS)}@${hex.next()} # v4`;
      return pick([
        `  ${pick(WORDS)}: ${pick(WORDS)}`,
        `    - name: ${pick(WORDS)}\n      image: registry.bench.test/${pick(WORDS)}:${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 9)}`,
        `# ${sentence(7)}`,
      ]);
    case 'gitlog':
      return `commit ${hex.next()}\nAuthor: ${pick(WORDS)} <${pick(WORDS)}@bench.test>\nDate:   Tue Mar 5 09:12:44 2024 +0100\n\n    ${sentence(8)}\n`;
    case 'env':
      if (token) return `GOGS_TOKEN=${hex.next()}`;
      return `${pick(WORDS).toUpperCase()}_${pick(WORDS).toUpperCase()}=${rnd() < 1 / 30 ? hex.next() : pick([sentence(1), String(Math.floor(rnd() * 1e5))])}`;
    case 'min':
      return Array.from({ length: 40 }, () => (token && rnd() < 0.05 ? `headers:{Authorization:"token ${hex.next()}"}` : `var ${pick(WORDS)}=function(a,b){return a.${pick(WORDS)}(b)||${Math.floor(rnd() * 100)}};`)).join('');
  }
}

export interface Doc { name: string; text: string }

/** Generates `docs` documents of about `totalBytes` in all (exported for profiling). */
export function generateCorpus(totalBytes: number, docs: number, bag: ReadonlyArray<[Kind, string]> = KIND_BAG): Doc[] {
  const hex = new Hex();
  const per = Math.floor(totalBytes / docs);
  const out: Doc[] = [];
  for (let i = 0; i < docs; i++) {
    const [kind, file] = pick(bag);
    const lines: string[] = [];
    let size = 0;
    while (size < per) {
      const l = line(kind, hex);
      lines.push(l);
      size += l.length + 1;
    }
    out.push({ name: `d${String(i % 50).padStart(2, '0')}/${i}-${file.replace('/', '-')}`, text: lines.join('\n') + '\n' });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ helpers

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let bestMs = Infinity;
  let value!: T;
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    value = f();
    bestMs = Math.min(bestMs, ms(t0));
  }
  return { ms: bestMs, value };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (n: number, d = 1): string => n.toFixed(d);

/**
 * Bare regex scan and detector scan of the same documents: one warm-up pass each, then 5 interleaved timed passes
 * (so that load from other processes hits both alike); the best pass of each counts.
 */
function throughput(docs: readonly Doc[], bytes: number): { bareMs: number; detMs: number; bareMBs: number; detMBs: number; candidates: number; findings: number } {
  const bareOnce = (): number => {
    let n = 0;
    for (const d of docs) {
      const re = /\b[0-9a-f]{40}\b/g;
      while (re.exec(d.text) !== null) n++;
    }
    return n;
  };
  const detOnce = (): number => {
    let n = 0;
    for (const d of docs) n += scan(d.text, { fileName: d.name, maxBytes: 0 }).findings.length;
    return n;
  };
  const candidates = bareOnce();
  const findings = detOnce();
  let bareMs = Infinity;
  let detMs = Infinity;
  for (let k = 0; k < 5; k++) {
    bareMs = Math.min(bareMs, best(1, bareOnce).ms);
    detMs = Math.min(detMs, best(1, detOnce).ms);
  }
  return { bareMs, detMs, bareMBs: bytes / MB / (bareMs / 1000), detMBs: bytes / MB / (detMs / 1000), candidates, findings };
}

// ------------------------------------------------------------------------------------------ main

function main(): void {
  const started = process.hrtime.bigint();
  console.log(`gogs-key-hygiene detector benchmark — node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // 1. throughput
  const t0 = process.hrtime.bigint();
  const corpus = generateCorpus(64 * MB, 2000);
  const bytes = corpus.reduce((n, d) => n + d.text.length, 0);
  console.log(`\n[1] generated ${corpus.length} documents, ${fmt(bytes / MB)} MB, in ${fmt(ms(t0) / 1000)} s`);

  const mixed = throughput(corpus, bytes);
  console.log(`    ${fmt(mixed.candidates / (bytes / 1024), 2)} standalone 40-hex values per KiB`);
  console.log(`    bare V8 /\\b[0-9a-f]{40}\\b/g : ${fmt(mixed.bareMs, 0)} ms, ${fmt(mixed.bareMBs, 0)} MB/s, ${mixed.candidates} matches (best of 5, after a warm-up)`);
  console.log(`    detector scan()            : ${fmt(mixed.detMs, 0)} ms, ${fmt(mixed.detMBs, 0)} MB/s, ${mixed.findings} findings (best of 5, after a warm-up)`);
  {
    const dense = generateCorpus(16 * MB, 500, [['lock', 'yarn.lock'], ['gitlog', 'git-log.txt'], ['lock', 'Cargo.lock'], ['gitlog', 'blame.txt']]);
    const dBytes = dense.reduce((n, d) => n + d.text.length, 0);
    const d = throughput(dense, dBytes);
    console.log(`    (commit-id-dense 16 MB corpus of lockfiles and git logs, ${fmt(d.candidates / (dBytes / 1024), 1)} values per KiB: bare ${fmt(d.bareMBs, 0)} MB/s, detector ${fmt(d.detMBs, 0)} MB/s, ${fmt(d.detMBs / d.bareMBs, 2)}x)`);
  }
  const detMBs = mixed.detMBs;
  const bareMBs = mixed.bareMBs;

  const rssAfter1 = process.resourceUsage().maxRSS / 1024;

  // 2. incremental edits in a 5 MB document
  const big = generateCorpus(5 * MB, 160).map((d) => d.text).join('\n');
  const options = { fileName: 'big.log', maxBytes: 0 };
  const full = best(3, () => scan(big, options));
  console.log(`\n[2] 5 MB document (${fmt(big.length / MB, 2)} MB, ${full.value.findings.length} findings): full scan ${fmt(full.ms)} ms (best of 3)`);
  let text = big;
  let prev: ScanResult = full.value;
  const times: number[] = [];
  const cpu: number[] = [];
  const EDITS = 1000;
  const edits = [...'abcdef0123456789xyz=:"\n '];
  for (let k = 0; k < EDITS; k++) {
    const at = Math.floor(rnd() * (text.length - 1)) + 1;
    const del = rnd() < 0.3 ? 1 : 0;
    const ins = del === 1 && rnd() < 0.5 ? '' : pick(edits);
    const next = text.slice(0, at) + ins + text.slice(at + del);
    // an editor hands over a flat string (TextDocument.getText()); flatten the rope outside the timing
    next.indexOf('\u0001');
    if (k % 10 === 9) gc();
    const c0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    prev = rescan(prev, text, next, [{ rangeOffset: at, rangeLength: del, text: ins }], options);
    times.push(ms(t));
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    text = next;
  }
  const check = scan(text, options);
  const same = JSON.stringify(check) === JSON.stringify(prev);
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(`    ${EDITS} single-character edits via rescan(): p50 ${fmt(percentile(times, 50), 3)} ms, p95 ${fmt(percentile(times, 95), 3)} ms, max ${fmt(times[times.length - 1], 2)} ms wall (the first edit builds the line index); equals a full scan afterwards: ${same}`);
  console.log(`    process CPU time per rescan (less sensitive to other load on the machine): p50 ${fmt(percentile(cpu, 50), 3)} ms, p95 ${fmt(percentile(cpu, 95), 3)} ms`);

  // 3. memory
  const rssMB = process.resourceUsage().maxRSS / 1024;
  gc();
  const heapMB = process.memoryUsage().heapUsed / MB;
  console.log(`\n[3] peak RSS of this process: ${fmt(rssMB, 0)} MB (${fmt(rssAfter1, 0)} MB at the end of [1], which holds the 64 MB corpus as strings; the rest is [2]'s 5 MB text copies awaiting GC); V8 heap live after a GC ${fmt(heapMB, 0)} MB`);

  // 4. CLI vs ripgrep over the same documents on disk
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-bench-'));
  let cliMs = NaN;
  let rgMs = NaN;
  try {
    for (const d of corpus) {
      const p = path.join(dir, d.name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, d.text);
    }
    const files = corpus.length;
    console.log(`\n[4] wrote ${files} files (${fmt(bytes / MB)} MB) to ${dir}`);
    const bin = path.join(ROOT, 'bin', 'gogs-key-hygiene.js');
    const rgPath = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
    const runCli = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [bin, 'scan', dir, '--format', 'json'], { maxBuffer: 256 * MB });
    const runRg = (): ReturnType<typeof spawnSync> => spawnSync(rgPath ?? 'rg', ['-c', '--hidden', '\\b[0-9a-f]{40}\\b', dir], { maxBuffer: 64 * MB });
    // warm the page cache, then interleave 5 timed runs of each (best counts)
    const cliOut = runCli();
    const rgOut = rgPath ? runRg() : undefined;
    for (let k = 0; k < 5; k++) {
      cliMs = Math.min(Number.isNaN(cliMs) ? Infinity : cliMs, best(1, runCli).ms);
      if (rgPath) rgMs = Math.min(Number.isNaN(rgMs) ? Infinity : rgMs, best(1, runRg).ms);
    }
    const cli1Ms = Math.min(...[0, 1, 2].map(() => best(1, () => spawnSync(process.execPath, [bin, 'scan', dir, '--format', 'json', '--threads', '1'], { maxBuffer: 256 * MB })).ms));
    const report = JSON.parse(cliOut.stdout.toString()) as { findings: unknown[]; filesScanned: number };
    console.log(`    node bin/gogs-key-hygiene.js scan <dir> --format json : ${fmt(cliMs, 0)} ms wall (best of 5; ${fmt(cli1Ms, 0)} ms with --threads 1), exit ${cliOut.status}, ${report.findings.length} findings in ${report.filesScanned} files`);
    if (rgPath && rgOut) {
      const count = rgOut.stdout.toString().split('\n').filter(Boolean).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(':') + 1)), 0);
      console.log(`    rg -c --hidden '\\b[0-9a-f]{40}\\b' <dir>              : ${fmt(rgMs, 0)} ms wall (best of 5), ${count} matching lines`);
    } else {
      console.log('    ripgrep not found (apt-get install ripgrep): no comparison');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // 5. history: scan --git next to patch-based and object-based ripgrep pipelines
  const hist = historyBench();

  console.log(`\nbenchmark ran ${fmt(ms(started) / 1000)} s`);
  console.log('\nratios');
  console.log(`  detector / bare regex throughput : ${fmt(detMBs / bareMBs, 2)}x   (target >= 1.2x)`);
  console.log(`  incremental single-char edit p95 : ${fmt(percentile(times, 95), 3)} ms (target < 2 ms)`);
  console.log(`  CLI / ripgrep wall time          : ${Number.isNaN(rgMs) ? 'n/a' : `${fmt(cliMs / rgMs, 2)}x`}   (target <= 3x)`);
  for (const l of historyRatios(hist)) console.log(l);
}

if (require.main === module) main();
