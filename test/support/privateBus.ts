/**
 * A PRIVATE D-Bus session bus with (optionally) a fresh gnome-keyring for tests of the OS keychain
 * backend against the real freedesktop Secret Service (shared/recipes/keychain.md). Never touches
 * a developer's own keyring: the bus is our own `dbus-daemon` with no service directories (so
 * nothing is auto-started), and the keyring daemon runs with fresh HOME/XDG folders.
 *
 * Keychain tests run only when the test command says so: `GOGS_KEY_HYGIENE_KEYRING_TEST=1`
 * (set by `npm run test:unit` and by scripts/run-host-tests.mjs).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** True when the test command asked for keychain tests (see the module comment). */
export const KEYRING_TESTS = process.env.GOGS_KEY_HYGIENE_KEYRING_TEST === '1';

/** What runs on the private bus. */
export type KeyringMode = 'unlocked' | 'none';

/** A running private bus. */
export interface PrivateBus {
  /** Environment for child processes: DBUS_SESSION_BUS_ADDRESS, HOME, XDG_* of this bus. */
  env: NodeJS.ProcessEnv;
  /** Root of the fresh folders (HOME is `<root>/home`). */
  root: string;
  /** PID of gnome-keyring-daemon, when one runs. */
  keyringPid?: number;
  /** Runs `cmd args` with this bus's environment; resolves with exit code and output. */
  exec(cmd: string, args: string[], input?: string, timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Locks the login collection through the Secret Service's `Lock` method. */
  lock(): Promise<void>;
  /** Stops the keyring daemon and the bus, removes the folders. */
  stop(): Promise<void>;
}

const BUS_CONF = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${os.tmpdir()}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

/** The folders and environment of a fresh user (HOME, XDG_*), under `root`. */
export function freshUserEnv(root: string): NodeJS.ProcessEnv {
  const dirs = {
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
    XDG_DATA_HOME: path.join(root, 'home', '.local', 'share'),
    XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
    XDG_RUNTIME_DIR: path.join(root, 'run'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  return dirs;
}

/**
 * Starts a private bus; with `unlocked`, also a gnome-keyring-daemon (secrets component only)
 * whose fresh login keyring is unlocked with a throw-away password.
 * @param extraDirs existing HOME/XDG folders to use instead of fresh ones (the host runner's)
 */
export async function startPrivateBus(mode: KeyringMode, extraDirs?: NodeJS.ProcessEnv): Promise<PrivateBus> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-bus-'));
  const conf = path.join(root, 'bus.conf');
  fs.writeFileSync(conf, BUS_CONF);
  const userEnv = extraDirs ?? freshUserEnv(root);
  const bus = spawn('dbus-daemon', ['--config-file', conf, '--print-address=1', '--nofork'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not print its address within 5 s')), 5000);
    bus.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl).trim());
      }
    });
    bus.once('error', reject);
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  const base: NodeJS.ProcessEnv = { ...process.env, ...userEnv, DBUS_SESSION_BUS_ADDRESS: address };
  delete base.DISPLAY;
  delete base.WAYLAND_DISPLAY;
  let keyring: ChildProcess | undefined;

  const exec: PrivateBus['exec'] = (cmd, args, input, timeoutMs = 15_000) =>
    new Promise((resolve) => {
      const child = execFile(cmd, args, { env: base, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });

  if (mode === 'unlocked') {
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env: base, stdio: ['pipe', 'ignore', 'ignore'] });
    keyring.stdin!.end('test-keyring-password');
    const started = Date.now();
    for (;;) {
      const r = await exec('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']);
      if (/boolean true/.test(r.stdout)) break;
      if (Date.now() - started > 10_000) throw new Error('gnome-keyring-daemon did not take org.freedesktop.secrets within 10 s');
      await new Promise((r2) => setTimeout(r2, 50));
    }
  }

  return {
    env: base,
    root,
    keyringPid: keyring?.pid,
    exec,
    async lock() {
      const r = await exec('dbus-send', [
        '--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets',
        'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login',
      ]);
      if (r.code !== 0) throw new Error(`Lock failed: ${r.stderr}`);
    },
    async stop() {
      for (const p of [keyring, bus]) {
        if (p && p.exitCode === null && p.signalCode === null) {
          const gone = new Promise((r) => p.once('exit', r));
          try {
            p.kill('SIGCONT');
            p.kill('SIGTERM');
          } catch {
            // already gone
          }
          await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
          if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
        }
      }
      if (!extraDirs) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
