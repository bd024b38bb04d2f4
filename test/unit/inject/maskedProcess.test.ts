import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maskedForm } from '../../../src/inject/mask';
import { MaskedProcess, toTerminalNewlines } from '../../../src/inject/maskedProcess';

const newToken = (): string => randomBytes(20).toString('hex');

/** Runs `command` with `GOGS_TOKEN=token` and collects what the terminal would show. */
function run(command: string, token: string, cwd?: string): Promise<{ out: string; code: number; writes: number }> {
  return new Promise((resolve) => {
    const p = new MaskedProcess({ command, cwd, env: { GOGS_TOKEN: token }, secrets: [token], banner: 'start\n' });
    let out = '';
    let writes = 0;
    p.onDidWrite((t) => {
      out += t;
      writes++;
    });
    p.onDidClose((code) => resolve({ out, code, writes }));
    p.open();
  });
}

describe('inject/maskedProcess (real /bin/sh)', function () {
  this.timeout(10_000);
  if (process.platform === 'win32') return;

  it('gives the command the token in its environment, not on its command line', async () => {
    const t = newToken();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-mp-'));
    try {
      const r = await run('printf %s "$GOGS_TOKEN" | sha256sum > fp.txt; cat /proc/$$/cmdline | tr "\\0" " " > argv.txt', t, dir);
      assert.equal(r.code, 0);
      const fp = fs.readFileSync(path.join(dir, 'fp.txt'), 'utf8').split(' ')[0];
      assert.equal(fp, createHash('sha256').update(t).digest('hex'));
      const argv = fs.readFileSync(path.join(dir, 'argv.txt'), 'utf8');
      assert.ok(argv.includes('$GOGS_TOKEN') && !argv.includes(t), 'the shell argv holds the reference, not the token');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('masks the token in stdout and stderr, also when it is written in two pieces', async () => {
    const t = newToken();
    const cmd =
      'echo "full=$GOGS_TOKEN"; ' +
      'printf %s "$GOGS_TOKEN" | head -c 17; sleep 0.3; printf "%s\\n" "$GOGS_TOKEN" | tail -c +18; ' +
      'echo "err=$GOGS_TOKEN" >&2; exit 3';
    const r = await run(cmd, t);
    assert.equal(r.code, 3);
    assert.ok(!r.out.includes(t), 'token shown');
    assert.ok(!r.out.includes(t.slice(0, 17)), 'first piece shown');
    assert.ok(r.out.includes(`full=${maskedForm(t)}\r\n`));
    assert.ok(r.out.includes(`\r\n${maskedForm(t)}\r\n`), `split token not masked as one: ${JSON.stringify(r.out.replace(t, '<T>'))}`);
    assert.ok(r.out.includes(`err=${maskedForm(t)}`));
    assert.ok(r.out.startsWith('start\r\n'));
  });

  it('reports a command that fails to run with its exit code', async () => {
    const r = await run('exit 7', newToken());
    assert.equal(r.code, 7);
  });

  it('stops the process group when the terminal is closed', async () => {
    const p = new MaskedProcess({ command: 'sleep 30', env: {}, secrets: [] });
    const started = Date.now();
    const closed = new Promise<number>((resolve) => p.onDidClose(resolve));
    p.open();
    setTimeout(() => p.close(), 200);
    await closed;
    assert.ok(Date.now() - started < 5000);
  });

  it('converts newlines for the terminal', () => {
    assert.equal(toTerminalNewlines('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});
