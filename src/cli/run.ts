/**
 * `gogs-key-hygiene run --token NAME [--token NAME2 …] -- COMMAND [ARGS…]`: runs COMMAND with the
 * named tokens in its environment (as `op run` does), never on a command line. Every occurrence
 * of a token in the command's stdout and stderr is shown as `****abcd` (the `gogs-token` task's
 * masking, src/inject/mask.ts). The exit code is passed through; a command killed by a signal
 * makes this process die of the same signal; SIGINT/SIGTERM/SIGHUP/SIGQUIT are forwarded.
 */
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { StreamMasker } from '../inject/mask';
import { CliError, CliStore, resolveToken } from './store';

const NAME_SHAPE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** Parsed `run` arguments. */
export interface RunArgs {
  tokens: string[];
  command: string;
  args: string[];
}

/** @throws CliError on a usage error */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const tokens: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '--token') {
      const v = argv[++i];
      if (v === undefined) throw new CliError('--token needs a NAME');
      tokens.push(v);
    } else if (a.startsWith('--token=')) tokens.push(a.slice(8));
    else throw new CliError(`unexpected ${a}; usage: gogs-key-hygiene run --token NAME [--token NAME2 …] -- COMMAND [ARGS…]`);
  }
  const [command, ...args] = argv.slice(i);
  if (!tokens.length || !command) throw new CliError('usage: gogs-key-hygiene run --token NAME [--token NAME2 …] -- COMMAND [ARGS…]');
  for (const t of tokens) if (!NAME_SHAPE.test(t)) throw new CliError(`--token takes a stored token's NAME (an environment variable name), not ${/^[0-9a-f]{40}$/.test(t) ? 'a token' : JSON.stringify(t)}`);
  return { tokens, command, args };
}

/**
 * Runs the command. Resolves with the exit code (127 when COMMAND cannot be started), or with
 * `{ signal }` when the command died of a signal (the caller re-raises it).
 */
export async function runCommand(
  argv: readonly string[],
  open: () => CliStore,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number | { signal: NodeJS.Signals }> {
  const o = parseRunArgs(argv);
  const cli = open();
  const env: NodeJS.ProcessEnv = { ...process.env };
  const secrets: string[] = [];
  for (const name of o.tokens) {
    const t = await resolveToken(cli, name);
    env[name] = t.value;
    secrets.push(t.value);
  }
  const child = spawn(o.command, o.args, { env, stdio: ['inherit', 'pipe', 'pipe'] });
  const pipe = (from: NodeJS.ReadableStream, to: NodeJS.WritableStream): Promise<void> => {
    const masker = new StreamMasker(secrets);
    const dec = new StringDecoder('utf8');
    from.on('data', (c: Buffer) => {
      const s = masker.push(dec.write(c));
      if (s) to.write(s);
    });
    return new Promise((resolve) =>
      from.on('end', () => {
        const s = masker.push(dec.end()) + masker.flush();
        if (s) to.write(s);
        resolve();
      }),
    );
  };
  const forward = (sig: NodeJS.Signals): void => {
    try {
      child.kill(sig);
    } catch {
      // gone
    }
  };
  for (const s of FORWARDED) process.on(s, forward);
  try {
    const streams = Promise.all([pipe(child.stdout!, out), pipe(child.stderr!, err)]);
    const result = await new Promise<number | { signal: NodeJS.Signals }>((resolve) => {
      child.once('error', (e: NodeJS.ErrnoException) => {
        err.write(`gogs-key-hygiene run: cannot run ${o.command}: ${e.code === 'ENOENT' ? 'command not found' : e.message}\n`);
        resolve(e.code === 'ENOENT' ? 127 : 126);
      });
      child.once('close', (code, signal) => resolve(signal ? { signal } : (code ?? 1)));
    });
    await Promise.race([streams, new Promise((r) => setTimeout(r, 100))]);
    return result;
  } finally {
    for (const s of FORWARDED) process.off(s, forward);
  }
}
