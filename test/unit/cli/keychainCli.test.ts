/**
 * The keychain commands of the CLI (tokens, run, credential) as a user runs them — the bundled
 * dist/cli.js, its own dist/native/keytar.node — against a real gnome-keyring on a private D-Bus
 * session, and git pushing through `credential.helper='!node …/dist/cli.js credential'` to a real
 * git smart-HTTP server (git http-backend behind Gogs-style Basic auth). Runs only when the test
 * command set GOGS_KEY_HYGIENE_KEYRING_TEST=1.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBareRepo, GogsServerHandle, startGogsServer } from '../../gogs-server/server';
import { KEYRING_TESTS, PrivateBus, startPrivateBus } from '../../support/privateBus';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const newToken = (): string => randomBytes(20).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Every regular file below `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const d of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!d.isFile()) continue;
    const p = path.join(d.parentPath, d.name);
    try {
      if (fs.readFileSync(p).includes(needle)) hits.push(p);
    } catch {
      // sockets, vanished files
    }
  }
  return hits;
}

(KEYRING_TESTS ? describe : describe.skip)('CLI keychain commands (real gnome-keyring, private D-Bus)', function () {
  this.timeout(90_000);
  let bus: PrivateBus;
  const cli = (args: string[], input?: string) => bus.exec(process.execPath, [CLI, ...args], input ?? '', 30_000);

  before(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'ignore' });
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'native', 'keytar.node')), 'the build puts keytar.node beside the bundle');
    bus = await startPrivateBus('unlocked');
  });
  after(async () => bus?.stop());

  it('tokens add (from stdin) / list / remove: the item is readable by secret-tool; nothing prints the value', async () => {
    const token = newToken();
    const add = await cli(['tokens', 'add', 'CLI_TOKEN', '--server', 'https://git.example.test', '--username', 'deploy'], `${token}\n`);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /stored CLI_TOKEN \(\*\*\*\*.{4}\) in the OS keychain \(Secret Service\)/);
    const look = await bus.exec('secret-tool', ['lookup', 'service', 'gogs-key-hygiene', 'account', 'CLI_TOKEN']);
    assert.equal(look.stdout, token);
    const list = await cli(['tokens', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^CLI_TOKEN\s+https:\/\/git\.example\.test\s+deploy\s+0 d\s+\*\*\*\*[0-9a-f]{4}\s+active$/m);
    for (const r of [add, list]) assert.ok(!(r.stdout + r.stderr).includes(token.slice(0, 8)));
    const rm = await cli(['tokens', 'remove', 'CLI_TOKEN']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal((await bus.exec('secret-tool', ['lookup', 'service', 'gogs-key-hygiene', 'account', 'CLI_TOKEN'])).stdout, '');
    assert.doesNotMatch((await cli(['tokens', 'list'])).stdout, /CLI_TOKEN/);
  });

  it('tokens add refuses a token on the command line', async () => {
    const token = newToken();
    const r = await cli(['tokens', 'add', 'ARGV_TOKEN', token]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /never taken from the command line/);
    assert.ok(!r.stderr.includes(token));
  });

  it('run: an item stored by hand (account only) is found by name; env only, output masked, fingerprint intact, exit code and signal passed', async () => {
    const token = newToken();
    await bus.exec('secret-tool', ['store', '--label=by hand', 'xdg:schema', 'org.freedesktop.Secret.Generic', 'service', 'gogs-key-hygiene', 'account', 'HAND_TOKEN'], token);
    const list = await cli(['tokens', 'list']);
    assert.match(list.stdout, new RegExp(`^HAND_TOKEN\\s+-\\s+-\\s+-\\s+\\*\\*\\*\\*${token.slice(-4)}\\s+stored by hand$`, 'm'));
    const fp = await cli(['run', '--token', 'HAND_TOKEN', '--', 'sh', '-c', 'printf %s "$HAND_TOKEN" | sha256sum']);
    assert.equal(fp.code, 0, fp.stderr);
    assert.equal(fp.stdout.split(/\s/)[0], sha256(token));
    const echo = await cli(['run', '--token', 'HAND_TOKEN', '--', 'sh', '-c', 'echo "out $HAND_TOKEN"; echo "err $HAND_TOKEN" >&2; printf %s "$HAND_TOKEN" | cut -c1-20; printf %s "$HAND_TOKEN" | cut -c21-40']);
    assert.equal(echo.stdout.split('\n')[0], `out ****${token.slice(-4)}`);
    assert.equal(echo.stderr, `err ****${token.slice(-4)}\n`);
    assert.ok(!echo.stdout.includes(token) && !echo.stderr.includes(token));
    assert.equal((await cli(['run', '--token', 'HAND_TOKEN', '--', 'sh', '-c', 'exit 7'])).code, 7);
    const killed = await new Promise<NodeJS.Signals | null>((resolve) => {
      const c = spawn(process.execPath, [CLI, 'run', '--token', 'HAND_TOKEN', '--', 'sh', '-c', 'kill -TERM $$'], { env: bus.env, stdio: 'ignore' });
      c.on('exit', (_code, sig) => resolve(sig));
    });
    assert.equal(killed, 'SIGTERM', 'a command killed by a signal kills run with the same signal');
    const missing = await cli(['run', '--token', 'NO_SUCH', '--', 'true']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no stored token named NO_SUCH/);
  });

  describe('credential helper and git push over smart HTTP', () => {
    let server: GogsServerHandle;
    let gitRoot: string;
    let work: string;
    let token: string;
    const gitEnv = (): NodeJS.ProcessEnv => ({ GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' });
    const git = (args: string[], cwd = work) =>
      bus.exec('git', ['-c', 'core.fsmonitor=false', '-c', 'protocol.allow=never', '-c', 'protocol.http.allow=always', '-C', cwd, ...args], undefined, 30_000);

    before(async () => {
      Object.assign(bus.env, gitEnv(), { GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' });
      gitRoot = path.join(bus.root, 'srv');
      await createBareRepo(gitRoot, 'alice/site');
      server = await startGogsServer({ gitRoot });
      token = server.state.seedToken('deploy');
      work = path.join(bus.env.HOME!, 'site');
      fs.mkdirSync(work);
      for (const a of [['init', '-q', '-b', 'main'], ['commit', '-q', '--allow-empty', '-m', 'first'], ['remote', 'add', 'origin', `${server.url}/alice/site.git`]]) {
        const r = await git(a);
        assert.equal(r.code, 0, r.stderr);
      }
    });
    after(async () => server?.close());

    it('credential get answers only a matching server; store and erase write nothing', async () => {
      assert.equal((await cli(['tokens', 'add', 'SITE_TOKEN', '--server', server.url, '--username', 'alice'], token)).code, 0);
      const host = new URL(server.url).host;
      const get = await cli(['credential', 'get'], `protocol=http\nhost=${host}\npath=alice/site.git\n\n`);
      assert.equal(get.stdout, `username=alice\npassword=${token}\n`);
      assert.equal((await cli(['credential', 'get'], `protocol=https\nhost=${host}\n\n`)).stdout, '', 'another protocol');
      assert.equal((await cli(['credential', 'get'], 'protocol=http\nhost=other.example.test\n\n')).stdout, '', 'another host');
      const meta = path.join(bus.env.XDG_CONFIG_HOME!, 'gogs-key-hygiene', 'tokens.json');
      const before = fs.readFileSync(meta, 'utf8');
      const typed = newToken();
      for (const action of ['store', 'erase']) {
        const r = await cli(['credential', action], `protocol=http\nhost=${host}\nusername=alice\npassword=${typed}\n\n`);
        assert.equal(r.code, 0);
        assert.equal(r.stdout, '');
      }
      assert.equal(fs.readFileSync(meta, 'utf8'), before, 'store/erase change no metadata');
      assert.equal((await bus.exec('secret-tool', ['search', '--all', 'service', 'gogs-key-hygiene'])).stdout.includes(typed), false, 'nor any keychain item');
      assert.equal((await cli(['credential', 'get'], `protocol=http\nhost=${host}\n\n`)).stdout, `username=alice\npassword=${token}\n`, 'the stored token is still the answer');
    });

    it(`git push with credential.helper='!node <cli> credential' succeeds; with a wrong token it fails; no file holds the token`, async () => {
      const helper = `!${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} credential`;
      const push = await git(['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'push', '-q', 'origin', 'main']);
      assert.equal(push.code, 0, push.stderr);
      const head = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      const remote = await bus.exec('git', ['--git-dir', path.join(gitRoot, 'alice', 'site.git'), 'rev-parse', 'main']);
      assert.equal(remote.stdout.trim(), head, 'the bare repository has the commit');
      assert.ok(server.gitRequests.some((r) => r.path.endsWith('/git-receive-pack') && r.status === 200 && r.auth === 'token-as-password'));

      // A wrong (revoked) token: git fails, and asks us to erase it, which changes nothing.
      const wrong = newToken();
      assert.equal((await cli(['tokens', 'remove', 'SITE_TOKEN'])).code, 0);
      assert.equal((await cli(['tokens', 'add', 'SITE_TOKEN', '--server', server.url, '--username', 'alice'], wrong)).code, 0);
      assert.equal((await git(['commit', '-q', '--allow-empty', '-m', 'second'])).code, 0);
      const denied = await git(['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'push', '-q', 'origin', 'main']);
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /Authentication failed|401|could not read Username/i);
      assert.equal((await cli(['credential', 'get'], `protocol=http\nhost=${new URL(server.url).host}\n\n`)).stdout, `username=alice\npassword=${wrong}\n`, 'erase did not delete the stored token');

      assert.ok(!fs.existsSync(path.join(bus.env.HOME!, '.git-credentials')));
      for (const t of [token, wrong]) {
        const hits = filesContaining(bus.root, t).filter((f) => !f.includes(`${path.sep}keyrings${path.sep}`));
        assert.deepEqual(hits, [], 'the token is in no file written during the run (HOME, tokens.json, git config, the repositories)');
      }
      // The keyring file itself is encrypted: the token is not in it as plain text either.
      assert.deepEqual(filesContaining(path.join(bus.env.XDG_DATA_HOME!, 'keyrings'), token), []);
    });
  });
});
