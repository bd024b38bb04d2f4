/**
 * `gogs-key-hygiene tokens list|add|remove`: the stored tokens, by name (env var name). Never
 * prints a value (at most its last 4 characters) and never takes one from argv: `add` reads it
 * from standard input, or from a hidden prompt on the terminal.
 */
import * as fs from 'node:fs';
import { fingerprint } from '../util/fingerprint';
import { CliError, CliStore } from './store';

const NAME_SHAPE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN_SHAPE = /^[0-9a-f]{40}$/;

/** Where `tokens` reads a secret from: stdin when it is not a terminal, else a hidden prompt. */
export type SecretReader = (prompt: string) => Promise<string>;

/** Normalizes a server URL: `https://host[:port][/path]` without a trailing slash; bare hosts get https. */
export function normalizeServer(text: string): string {
  const t = text.trim();
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--server must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new CliError('--server must not contain a user name or password');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Age in whole days from an ISO date to `now`. */
function ageDays(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000));
}

/**
 * Runs `tokens <sub> …`. Output on `out`, messages on `err`.
 * @returns exit code: 0 ok, 1 not found, 2 usage error or keychain failure
 */
export async function tokensCommand(
  args: readonly string[],
  open: () => CliStore,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  readSecret: SecretReader,
  now: Date = new Date(),
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const cli = open();
    const rows: string[][] = [['NAME', 'SERVER', 'USER', 'AGE', 'TOKEN', 'STATE']];
    const known = new Set<string>();
    for (const m of cli.store.list()) {
      known.add(m.account ?? m.envVar);
      rows.push([m.envVar, m.host ?? '-', m.username ?? '-', `${ageDays(m.rotatedAt ?? m.createdAt, now)} d`, `****${m.last4}`, m.state === 'pending-revocation' ? 'pending revocation' : 'active']);
    }
    for (const account of await cli.backend.accounts()) {
      if (known.has(account) || account.startsWith('gogs-key-hygiene-probe-')) continue;
      const v = await cli.backend.get(account);
      rows.push([account, '-', '-', '-', v ? `****${v.slice(-4)}` : '-', 'stored by hand']);
    }
    if (rows.length === 1) {
      err.write(`no tokens in the ${cli.backend.name} (details file: ${cli.file})\n`);
      return 0;
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) out.write(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
    return 0;
  }
  if (sub === 'add') {
    const o = parseAdd(rest);
    const cli = open();
    const value = (await readSecret(`Token for ${o.name} (input hidden): `)).trim();
    if (!TOKEN_SHAPE.test(value)) throw new CliError('that is not a Gogs access token (40 lowercase hex characters); nothing was stored');
    const clash = cli.store.findByEnvVar(o.name);
    if (clash && clash.fingerprint !== fingerprint(value)) throw new CliError(`${o.name} is already stored (****${clash.last4}); remove it first or pick another name`);
    const meta = await cli.store.add({ value, envVar: o.name, host: o.server, hostConfirmed: o.server ? true : undefined, username: o.username, label: o.server ? new URL(o.server).host : o.name });
    err.write(`stored ${meta.envVar} (****${meta.last4}) in the ${cli.backend.name}, account ${meta.account ?? meta.envVar}\n`);
    return 0;
  }
  if (sub === 'remove') {
    if (rest.length !== 1 || !NAME_SHAPE.test(rest[0])) throw new CliError('usage: gogs-key-hygiene tokens remove NAME');
    const cli = open();
    const name = rest[0];
    const metas = cli.store.list().filter((m) => m.envVar === name);
    if (metas.length) {
      for (const m of metas) await cli.store.delete(m.id);
      err.write(`removed ${name} from the ${cli.backend.name}\n`);
      return 0;
    }
    if (await cli.backend.get(name)) {
      await cli.backend.delete(name);
      err.write(`removed ${name} (stored by hand) from the ${cli.backend.name}\n`);
      return 0;
    }
    err.write(`no stored token named ${name}\n`);
    return 1;
  }
  throw new CliError(`usage: gogs-key-hygiene tokens list | add NAME [--server URL] [--username U] | remove NAME`);
}

function parseAdd(args: readonly string[]): { name: string; server?: string; username?: string } {
  let name: string | undefined;
  let server: string | undefined;
  let username: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = (): string => {
      const v = args[++i];
      if (v === undefined) throw new CliError(`${a} needs a value`);
      return v;
    };
    if (a === '--server') server = normalizeServer(val());
    else if (a.startsWith('--server=')) server = normalizeServer(a.slice(9));
    else if (a === '--username') username = val();
    else if (a.startsWith('--username=')) username = a.slice(11);
    else if (a === '--token' || a.startsWith('--token=') || TOKEN_SHAPE.test(a)) throw new CliError('the token is never taken from the command line (it would be visible in ps and your shell history): pipe it to standard input, or type it at the prompt');
    else if (a.startsWith('-')) throw new CliError(`unknown option ${a}`);
    else if (name === undefined) name = a;
    else throw new CliError(`unexpected argument ${a}`);
  }
  if (!name || !NAME_SHAPE.test(name)) throw new CliError('usage: gogs-key-hygiene tokens add NAME [--server URL] [--username U]   (NAME: an environment variable name, e.g. GOGS_TOKEN)');
  return { name, server, username };
}

/**
 * Reads a secret: all of stdin when it is not a terminal, else one line typed at a prompt on
 * the terminal with echo off. Never echoes the value.
 */
export const readSecretFromUser: SecretReader = async (prompt) => {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const c of process.stdin) text += String(c);
    return text;
  }
  const ttyOut = fs.createWriteStream('/dev/tty');
  ttyOut.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer): void => {
      for (const ch of c.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    const done = (e?: Error): void => {
      process.stdin.off('data', onData);
      process.stdin.setRawMode(false);
      process.stdin.pause();
      ttyOut.end('\n');
      if (e) reject(e);
      else resolve(buf);
    };
    process.stdin.on('data', onData);
  });
};
