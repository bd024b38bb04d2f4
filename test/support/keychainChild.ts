/**
 * Child process for keychain tests: runs TokenStore / KeytarBackend operations against the
 * Secret Service of the D-Bus session in ITS environment (a private bus, see privateBus.ts).
 * libsecret binds to one bus per process, hence a child per bus. Operations come as JSON on
 * stdin (never argv); results go to stdout as one JSON array, one entry per operation:
 * `{ ok: true, value, ms }` or `{ ok: false, error, name, ms }`.
 */
import { FileMetadataBackend, metadataFile } from '../../src/keychain/fileMetadata';
import { KeytarBackend, loadKeytar, probeKeychain } from '../../src/keychain/keytarBackend';
import { TokenStore } from '../../src/keychain/tokenStore';

/** One operation. */
export type ChildOp =
  | { op: 'add'; value: string; envVar: string; host?: string; username?: string }
  | { op: 'get'; envVar: string }
  | { op: 'update'; envVar: string; patch: Record<string, unknown> }
  | { op: 'delete'; envVar: string }
  | { op: 'list' }
  | { op: 'probe'; timeoutMs?: number }
  | { op: 'rawGet'; account: string }
  | { op: 'rawSet'; account: string; value: string };

async function main(): Promise<void> {
  let input = '';
  for await (const c of process.stdin) input += String(c);
  const ops = JSON.parse(input) as ChildOp[];
  const timeoutMs = Number(process.env.KEYCHAIN_TIMEOUT_MS ?? 3000);
  const load = loadKeytar();
  if (!load.api) {
    process.stdout.write(JSON.stringify([{ ok: false, error: load.error, name: 'LoadError', ms: 0 }]));
    return;
  }
  const backend = new KeytarBackend(load.api, { timeoutMs });
  const store = new TokenStore(backend, new FileMetadataBackend(metadataFile(process.env)));
  const byEnv = (envVar: string): string => {
    const m = store.list().find((t) => t.envVar === envVar && t.state !== 'pending-revocation') ?? store.list().find((t) => t.envVar === envVar);
    if (!m) throw new Error(`no token ${envVar}`);
    return m.id;
  };
  const out: unknown[] = [];
  for (const o of ops) {
    const t0 = Date.now();
    try {
      let value: unknown;
      switch (o.op) {
        case 'add':
          value = await store.add({ value: o.value, envVar: o.envVar, host: o.host, username: o.username });
          break;
        case 'get':
          value = await store.get(byEnv(o.envVar));
          break;
        case 'update':
          value = await store.update(byEnv(o.envVar), o.patch);
          break;
        case 'delete':
          await store.delete(byEnv(o.envVar));
          break;
        case 'list':
          value = store.list();
          break;
        case 'probe':
          value = await probeKeychain(backend, o.timeoutMs);
          break;
        case 'rawGet':
          value = (await backend.get(o.account)) ?? null;
          break;
        case 'rawSet':
          await backend.store(o.account, o.value);
          break;
      }
      out.push({ ok: true, value, ms: Date.now() - t0 });
    } catch (err) {
      out.push({ ok: false, error: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error', ms: Date.now() - t0 });
    }
  }
  const stuck = backend.stuckCall;
  // A call stuck in a hung daemon blocks a libuv thread, and Node's exit joins those threads:
  // after a timeout, end with SIGKILL once the output is flushed.
  process.stdout.write(JSON.stringify(out), () => (stuck ? process.kill(process.pid, 'SIGKILL') : process.exit(0)));
}

void main();
