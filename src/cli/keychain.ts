/**
 * Dispatch of the keychain subcommands of `gogs-key-hygiene` (tokens, run, credential); `scan`
 * stays in ./index.ts, which dispatches here. PURE: no `vscode` import.
 */
import { KeychainError } from '../keychain/errors';
import { credentialCommand } from './credential';
import { runCommand } from './run';
import { CliError, CliStore, openCliStore } from './store';
import { readSecretFromUser, tokensCommand } from './tokens';
import { messageOf } from '../util/errors';

/** Subcommands handled here. */
export const KEYCHAIN_COMMANDS = new Set(['tokens', 'run', 'credential']);

/** Help text of the keychain subcommands. */
export const KEYCHAIN_USAGE = `usage: gogs-key-hygiene tokens list
       gogs-key-hygiene tokens add NAME [--server URL] [--username U]   (token on stdin or at a hidden prompt)
       gogs-key-hygiene tokens remove NAME
       gogs-key-hygiene run --token NAME [--token NAME2 ...] -- COMMAND [ARGS...]
       gogs-key-hygiene credential get|store|erase                       (git credential helper)

Tokens live in the OS keychain (service gogs-key-hygiene, account NAME); their details (never the
value) in tokens.json in your config folder.
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const c of stream) text += String(c);
  return text;
}

/**
 * Runs `tokens`, `run` or `credential`. Messages never contain a token value.
 * @returns the exit code (a signal the `run` command died of is re-raised on this process)
 */
export async function keychainMain(argv: readonly string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<number> {
  const [cmd, ...rest] = argv;
  let opened: CliStore | undefined;
  const open = (): CliStore => (opened ??= openCliStore());
  let code: number;
  try {
    if (rest[0] === '-h' || rest[0] === '--help') {
      stdout.write(KEYCHAIN_USAGE);
      return 0;
    }
    if (cmd === 'tokens') code = await tokensCommand(rest, open, stdout, stderr, readSecretFromUser);
    else if (cmd === 'credential') code = await credentialCommand(rest[0], await readAll(process.stdin), open, stdout);
    else {
      const r = await runCommand(rest, open, stdout, stderr);
      if (typeof r === 'object') {
        await new Promise((res) => setTimeout(res, 10));
        process.kill(process.pid, r.signal);
        code = 128 + 15;
      } else code = r;
    }
  } catch (err) {
    if (cmd === 'credential') {
      // git shows a helper's stderr; keep it to one line and go on to the next helper.
      stderr.write(`gogs-key-hygiene credential: ${messageOf(err, { firstLine: true })}\n`);
      code = 0;
    } else if (err instanceof CliError) {
      stderr.write(`gogs-key-hygiene: ${err.message}\n`);
      code = err.exitCode;
    } else if (err instanceof KeychainError) {
      stderr.write(`gogs-key-hygiene: ${err.message}\n`);
      code = 2;
    } else throw err;
  }
  if (opened?.backend.stuckCall) {
    // A call stuck in a hung keyring daemon blocks a thread that Node's exit would wait for.
    await new Promise<void>((res) => stdout.write('', () => stderr.write('', () => res())));
    process.kill(process.pid, 'SIGKILL');
  }
  return code;
}
