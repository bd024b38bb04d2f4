/**
 * The command-line scanner's output under hostile or huge input: findings stream with bounded memory (text and
 * JSON), a closed pipe ends the run quietly, every printed field is escaped and masked (text and JSON), and
 * `--max-file-size` bounds the bytes read, not only the size `stat` reports.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli';
import { randomToken } from './helpers';

/** The compiled CLI module (out/src/cli/index.js), run in a child process through its exported `main`. */
const CLI = require.resolve('../../../src/cli');
const SCRIPT = `require(${JSON.stringify(CLI)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;

/** Runs the CLI in a child `node` with a V8 heap of at most `heapMb` MiB. */
function runChild(cwd: string, heapMb: number, ...args: string[]): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '-e', SCRIPT, ...args], { cwd, maxBuffer: 512 * 1024 * 1024 });
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, out, err);
    return { code, out: out.text, err: err.text };
  } finally {
    process.chdir(prev);
  }
}

describe('CLI output: streaming, escaping, read caps', function () {
  this.timeout(60_000);

  describe('many findings', () => {
    const FILES = 100;
    const PER_FILE = 2000;
    let dir: string;
    const sample: string[] = [];

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-many-'));
      for (let f = 0; f < FILES; f++) {
        const lines: string[] = [];
        for (let i = 0; i < PER_FILE; i++) {
          const t = randomBytes(20).toString('hex');
          if (i === 0) sample.push(t);
          lines.push(`GITEA_TOKEN=${t}`);
        }
        fs.writeFileSync(path.join(dir, `f${String(f).padStart(3, '0')}.env`), lines.join('\n') + '\n');
      }
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    // 200,000 findings are ~80 MB of JSON and ~25 MB of text: building either as one string (with all findings in
    // memory) does not fit in a 48 MiB heap; streaming them does.
    it('streams 200,000 findings as valid JSON within a 48 MiB heap (with a worker thread: 11 MB of files)', () => {
      {
        const r = runChild(dir, 48, 'scan', '.', '--format', 'json', '--threads', '2');
        assert.equal(r.status, 1, r.stderr.toString().slice(-2000));
        const out = r.stdout.toString();
        const report = JSON.parse(out) as { version: number; findings: Array<{ file: string; line: number; last4: string }>; filesScanned: number; skipped: unknown[]; unreadable: number };
        assert.equal(report.version, 1);
        assert.equal(report.findings.length, FILES * PER_FILE);
        assert.equal(report.filesScanned, FILES);
        assert.deepEqual([report.skipped, report.unreadable], [[], 0]);
        // file order is kept, and lines in order within each file
        assert.deepEqual([report.findings[0].file, report.findings[0].line], ['f000.env', 1]);
        assert.deepEqual([report.findings[PER_FILE].file, report.findings.at(-1)?.file, report.findings.at(-1)?.line], ['f001.env', `f${String(FILES - 1).padStart(3, '0')}.env`, PER_FILE]);
        assert.equal(report.findings[PER_FILE].last4, sample[1].slice(-4));
        for (const t of sample.slice(0, 10)) assert.ok(!out.includes(t), 'a token in the output');
      }
    });

    it('streams 200,000 findings as text lines within a 48 MiB heap', () => {
      const r = runChild(dir, 48, 'scan', '.', '--threads', '1');
      assert.equal(r.status, 1, r.stderr.toString().slice(-2000));
      const lines = r.stdout.toString().split('\n');
      assert.equal(lines.pop(), '');
      assert.equal(lines.length, FILES * PER_FILE);
      assert.match(lines[0], /^f000\.env:1:13: high forge-key-assignment: /);
      assert.match(r.stderr.toString(), new RegExp(`^${FILES * PER_FILE} token finding\\(s\\) in ${FILES} file\\(s\\)`));
    });

    it('stops quietly when the reader closes the pipe (… | head)', async () => {
      const child = spawn(process.execPath, ['-e', SCRIPT, 'scan', '.', '--threads', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      let first = '';
      child.stdout.once('data', (d: Buffer) => {
        first = d.toString();
        child.stdout.destroy();
      });
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.match(first, /^f000\.env:1:13: /);
      assert.equal(err, '', 'nothing on stderr: no stack trace, no EPIPE message, no summary of a cut-short run');
      assert.equal(code, 1, 'findings were reported before the pipe closed');
      assert.ok(Date.now() - started < 15_000);
    });
  });

  it('waits for a slow output stream to drain instead of buffering the report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-drain-'));
    try {
      for (let f = 0; f < 20; f++) {
        fs.writeFileSync(path.join(dir, `f${f}.env`), Array.from({ length: 500 }, () => `GITEA_TOKEN=${randomToken()}\n`).join(''));
      }
      /** Consumes 16 KiB per event-loop turn and records how much the writer had queued at most. */
      class Slow extends Writable {
        bytes = 0;
        maxQueued = 0;
        text = '';
        constructor() {
          super({ highWaterMark: 16 * 1024 });
        }
        override _write(chunk: Buffer, _enc: string, done: () => void): void {
          this.maxQueued = Math.max(this.maxQueued, this.writableLength);
          this.bytes += chunk.length;
          this.text += chunk.toString();
          setImmediate(done);
        }
      }
      const out = new Slow();
      const prev = process.cwd();
      process.chdir(dir);
      let code: number;
      try {
        code = await main(['scan', '.', '--format', 'json', '--threads', '1'], out, new Sink());
      } finally {
        process.chdir(prev);
      }
      assert.equal(code, 1);
      assert.equal((JSON.parse(out.text) as { findings: unknown[] }).findings.length, 20 * 500);
      // one file's findings are written at once (~200 KB of JSON); the whole report is ~4 MB
      assert.ok(out.maxQueued < out.bytes / 8, `queued up to ${out.maxQueued} of ${out.bytes} bytes`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('JSON lists at most 10,000 skipped files and counts the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-skips-'));
    try {
      for (let i = 0; i < 10_003; i++) fs.writeFileSync(path.join(dir, `b${i}.bin`), '\0');
      fs.writeFileSync(path.join(dir, 'z.env'), `GITEA_TOKEN=${randomToken()}\n`);
      const r = await run(['scan', '.', '--format', 'json', '--threads', '1'], dir);
      assert.equal(r.code, 1);
      const j = JSON.parse(r.out) as { findings: Array<{ file: string }>; skipped: Array<{ file: string; reason: string }>; skippedNotListed?: number };
      assert.deepEqual(j.findings.map((f) => f.file), ['z.env']);
      assert.equal(j.skipped.length, 10_000);
      assert.equal(j.skippedNotListed, 3);
      assert.deepEqual(j.skipped[0], { file: 'b0.bin', reason: 'binary', detail: 'NUL bytes in the first 8 KiB (binary or UTF-16 without a BOM)' });
      const text = await run(['scan', '.', '--threads', '1'], dir);
      assert.match(text.err, /1 token finding\(s\) in 1 file\(s\), 0 suppressed by ignore directives; 1 file\(s\) scanned, 10003 skipped \(0 unreadable\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('hostile text in printed fields', () => {
    let dir: string;
    const inHost = randomToken();
    const token = randomToken();

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-esc-'));
      // a machine name with a colour escape, a C1 CSI, a right-to-left override and a token inside it
      fs.writeFileSync(path.join(dir, '.netrc'), `machine \u001b[31mevil\u009b2j\u202e${inHost}.example.test login bob password ${token}\n`);
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('text: escapes control and bidi characters and masks 40-hex runs in the message', async () => {
      const r = await run(['scan', '.netrc'], dir);
      assert.equal(r.code, 1);
      for (const raw of ['\u001b', '\u009b', '\u202e', inHost, token]) assert.ok(!r.out.includes(raw) && !r.err.includes(raw), `printed raw: ${JSON.stringify(raw)}`);
      assert.ok(r.out.includes(`entry for \\u001b[31mevil\\u009b2j\\u202e****${inHost.slice(-4)}.example.test (`), r.out);
      assert.equal(r.out.split('\n').length, 2, 'one line');
    });

    it('JSON: bidi and C1 characters as \\u escapes, 40-hex runs masked in message and host; still valid JSON', async () => {
      const r = await run(['scan', '.netrc', '--format', 'json'], dir);
      assert.equal(r.code, 1);
      for (const raw of ['\u001b', '\u009b', '\u202e', inHost, token]) assert.ok(!r.out.includes(raw), `printed raw: ${JSON.stringify(raw)}`);
      assert.ok(r.out.includes('\\u009b2j\\u202e****'), r.out);
      const f = (JSON.parse(r.out) as { findings: Array<{ message: string; host?: string }> }).findings;
      assert.equal(f.length, 1);
      const host = `\u001b[31mevil\u009b2j\u202e****${inHost.slice(-4)}.example.test`;
      assert.equal(f[0].host, host);
      assert.ok(f[0].message.includes(`entry for ${host}`), f[0].message);
    });
  });

  describe('--max-file-size on the bytes read', () => {
    it('skips a file whose content is larger than stat says (/proc/self/status is 0 bytes to stat)', async () => {
      assert.equal(fs.statSync('/proc/self/status').size, 0);
      const r = await run(['scan', '/proc/self/status', '--max-file-size', '64', '--format', 'json'], os.tmpdir());
      assert.equal(r.code, 0);
      const j = JSON.parse(r.out) as { filesScanned: number; skipped: Array<{ reason: string; detail: string }> };
      assert.equal(j.filesScanned, 0);
      assert.deepEqual(j.skipped.map((k) => [k.reason, k.detail]), [['too-large', 'more than 64 bytes, over --max-file-size 64']]);
    });

    it('reads at most the limit of /proc/self/pagemap (0 bytes to stat, gigabytes to read) and skips it', () => {
      const r = spawnSync(process.execPath, ['-e', SCRIPT, 'scan', '/proc/self/pagemap', '--format', 'json'], { cwd: os.tmpdir(), timeout: 20_000 });
      assert.equal(r.signal, null, 'finished in time');
      assert.equal(r.status, 0, r.stderr.toString());
      const j = JSON.parse(r.stdout.toString()) as { skipped: Array<{ reason: string; detail: string }> };
      assert.deepEqual(j.skipped.map((k) => [k.reason, k.detail]), [['too-large', 'more than 67108864 bytes, over --max-file-size 67108864']]);
    });
  });
});
