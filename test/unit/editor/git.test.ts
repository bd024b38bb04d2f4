/**
 * GitFacts against real git repositories someone else could have made: a partial clone whose
 * config names a program for every way git could fetch a "missing object" (the token candidate).
 * Each trap is first shown to fire under plain git, then GitFacts must not fire it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitFacts } from '../../../src/editor/git';
import { SAFE_GIT_ENV, safeGitArgs, safeGitEnv } from '../../../src/util/safeGit';

/** The test process's environment without inherited `GIT_*` (a hook running the tests sets GIT_DIR). */
function plainEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('GIT_')));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.test', ...args], { cwd, env: plainEnv(), encoding: 'utf8' }).trim();
}

/** How a repository's config makes a lazy fetch start a program: config to set, per trap path. */
const TRAPS: { name: string; config: (trap: string) => [string, string][] }[] = [
  { name: 'remote.origin.uploadpack (file://)', config: (trap) => [['remote.origin.uploadpack', trap]] },
  {
    name: 'remote.origin.uploadpack with protocol.file.allow=always in the repository',
    config: (trap) => [['remote.origin.uploadpack', trap], ['protocol.file.allow', 'always']],
  },
  {
    name: 'core.sshCommand (ssh:// promisor, protocol.ssh.allow=always)',
    config: (trap) => [['remote.origin.url', 'ssh://git.example.test/repo.git'], ['core.sshCommand', trap], ['protocol.ssh.allow', 'always']],
  },
  {
    name: 'an ext:: promisor URL (protocol.ext.allow=always)',
    config: (trap) => [['remote.origin.url', `ext::${trap}`], ['protocol.ext.allow', 'always']],
  },
];

describe('GitFacts in a partial clone never fetches and never runs a program the repository names', function () {
  this.timeout(30000);
  let tmp: string;
  let clone: string;
  let marker: string;
  let trap: string;
  let head: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-git-'));
    const origin = path.join(tmp, 'origin');
    fs.mkdirSync(origin);
    git(origin, 'init', '-q');
    fs.writeFileSync(path.join(origin, 'notes.txt'), 'hello\n');
    git(origin, 'add', 'notes.txt');
    git(origin, 'commit', '-qm', 'init');
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    clone = path.join(tmp, 'clone');
    git(tmp, 'clone', '-q', '--filter=blob:none', `file://${origin}`, clone);
    assert.equal(git(clone, 'config', 'remote.origin.promisor'), 'true', 'a partial clone');
    head = git(clone, 'rev-parse', 'HEAD');
    marker = path.join(tmp, 'trap-ran');
    trap = path.join(tmp, 'trap.sh');
    fs.writeFileSync(trap, `#!/bin/sh\necho "$@" >> '${marker}'\nexit 1\n`, { mode: 0o755 });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const t of TRAPS) {
    it(`trap: ${t.name}`, async () => {
      const settings = t.config(trap);
      const saved = settings.map(([k]) => [k, spawnSync('git', ['config', k], { cwd: clone, env: plainEnv(), encoding: 'utf8' }).stdout.trim()]);
      for (const [k, v] of settings) git(clone, 'config', k, v);
      try {
        // Positive control: plain git does fetch the missing "object" and runs the trap.
        const control = randomBytes(20).toString('hex');
        fs.rmSync(marker, { force: true });
        spawnSync('git', ['cat-file', '--batch-check'], { cwd: clone, env: plainEnv(), input: `${control}\n`, encoding: 'utf8' });
        assert.ok(fs.existsSync(marker), 'the trap fires under plain git (else this test proves nothing)');

        fs.rmSync(marker, { force: true });
        const candidate = randomBytes(20).toString('hex');
        const known = await new GitFacts().knownObjects(clone, [candidate, head]);
        assert.equal(fs.existsSync(marker), false, `GitFacts started the repository's program: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
        assert.deepEqual([...known], [head], 'the commit id is still known, the random value is not');
      } finally {
        for (const [k, v] of saved) {
          if (v) git(clone, 'config', k, v);
          else spawnSync('git', ['config', '--unset', k], { cwd: clone, env: plainEnv() });
        }
      }
    });
  }

  it('isTracked still answers in the partial clone', async () => {
    const facts = new GitFacts();
    assert.equal(await facts.isTracked(path.join(clone, 'notes.txt')), true);
    fs.writeFileSync(path.join(clone, 'new.txt'), 'x\n');
    assert.equal(await facts.isTracked(path.join(clone, 'new.txt')), false);
  });

  it('an inherited GIT_DIR does not point GitFacts at another repository', async () => {
    const other = path.join(tmp, 'other');
    fs.mkdirSync(other);
    git(other, 'init', '-q');
    const before = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(other, '.git');
    try {
      assert.deepEqual([...(await new GitFacts().knownObjects(clone, [head]))], [head]);
    } finally {
      if (before === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = before;
    }
  });
});

describe('safeGit', () => {
  it('drops every inherited GIT_* and SSH_ASKPASS variable and sets the safe ones', () => {
    const env = safeGitEnv({
      PATH: '/usr/bin',
      HOME: '/home/u',
      GIT_DIR: '/elsewhere/.git',
      GIT_SSH_COMMAND: 'evil',
      GIT_ASKPASS: 'evil',
      git_config_parameters: "'core.fsmonitor'='evil'",
      SSH_ASKPASS: 'evil',
      GIT_ALLOW_PROTOCOL: 'file:ext',
    });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', ...SAFE_GIT_ENV });
  });

  it('puts the switches before the subcommand', () => {
    const args = safeGitArgs('cat-file', '--batch-check');
    assert.deepEqual(args.slice(-2), ['cat-file', '--batch-check']);
    assert.ok(args.includes('protocol.allow=never') && args.includes('core.fsmonitor=false'));
  });
});
