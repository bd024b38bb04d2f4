/**
 * Starts the fake Gogs/Gitea/Forgejo server from the command line (demo workspace, host tests in
 * another process):
 *
 *     node out/test/gogs-server/cli.js --port 0 --mode gogs
 *
 * prints ONE line of JSON on stdout and keeps serving until SIGINT/SIGTERM:
 *
 *     {"url":"http://127.0.0.1:41234","mode":"gogs","username":"alice","password":"…",
 *      "token":"<40 hex>","tokenName":"demo","applicationsUrl":"…/user/settings/applications",
 *      "controlUrl":"…/__test"}
 *
 * The password and token are made up for this process and die with it: they are test
 * credentials of a local fake server, never real ones.
 *
 * Options: --mode gogs|gitea|forgejo (default gogs), --port N (default 0 = any free port),
 * --host H (default 127.0.0.1), --username U (default alice), --password P (default random),
 * --otp CODE (Gitea/Forgejo 2FA), --token-name NAME (default demo), --tls-key FILE --tls-cert FILE,
 * --exit-with-parent (exit when stdin closes: for test runners that spawn it with a pipe).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startGogsServer, GogsServerOptions } from './server';
import type { ServerMode } from './state';

interface CliArgs {
  [key: string]: string | boolean | undefined;
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const key = a.slice(2);
    const eq = key.indexOf('=');
    if (eq >= 0) {
      out[key.slice(0, eq)] = key.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out[key] = argv[++i];
    } else {
      out[key] = true;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const mode = String(args.mode ?? 'gogs') as ServerMode;
  if (!['gogs', 'gitea', 'forgejo'].includes(mode)) throw new Error(`--mode must be gogs, gitea or forgejo (got ${mode})`);
  const opts: GogsServerOptions = {
    mode,
    port: args.port !== undefined ? Number(args.port) : 0,
    host: typeof args.host === 'string' ? args.host : '127.0.0.1',
    username: typeof args.username === 'string' ? args.username : 'alice',
    password: typeof args.password === 'string' ? args.password : randomBytes(9).toString('base64url'),
  };
  if (typeof args.otp === 'string') opts.otp = args.otp;
  if (typeof args['tls-key'] === 'string' && typeof args['tls-cert'] === 'string') {
    opts.tls = { key: readFileSync(args['tls-key']), cert: readFileSync(args['tls-cert']) };
  }
  const server = await startGogsServer(opts);
  const tokenName = typeof args['token-name'] === 'string' ? args['token-name'] : 'demo';
  const token = server.state.seedToken(tokenName);
  process.stdout.write(
    JSON.stringify({
      url: server.url,
      mode,
      username: server.state.defaultUser.username,
      password: server.state.defaultUser.password,
      token,
      tokenName,
      applicationsUrl: `${server.url}/user/settings/applications`,
      controlUrl: `${server.url}/__test`,
    }) + '\n',
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args['exit-with-parent']) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`gogs-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
