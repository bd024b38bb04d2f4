/**
 * The OS keychain backend: native keychain items through `@github/keytar` (GitHub's maintained
 * fork of keytar; macOS Keychain, Windows Credential Manager, the freedesktop Secret Service on
 * Linux through libsecret). PURE: no `vscode` import, so the CLI uses the very same items.
 *
 * Items: service {@link KEYCHAIN_SERVICE}, account = the token's environment variable name,
 * secret = the token and nothing else, so a person can read one without our code
 * (`secret-tool lookup service gogs-key-hygiene account GOGS_TOKEN`,
 * `security find-generic-password -s gogs-key-hygiene -a GOGS_TOKEN -w`).
 *
 * Every call is bounded by a timeout: keytar blocks ~50 s per call on a hung keyring daemon
 * (measured, shared/recipes/keychain.md). After one call timed out, later calls fail at once
 * until it settles, so a hung daemon holds at most one libuv thread.
 */
import * as path from 'node:path';
import { SecretBackend } from './types';
import { messageOf } from '../util/errors';

/** Keychain service name of every item this product writes. */
export const KEYCHAIN_SERVICE = 'gogs-key-hygiene';

/** Default bound of one keychain call, in ms. */
export const KEYCHAIN_TIMEOUT_MS = 3000;

/** The part of keytar's API (its native binding has the same functions) this backend uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Outcome of {@link loadKeytar}: the API, or why it could not be loaded (never both). */
export type KeytarLoad = { api: KeytarApi; from: string; error?: undefined } | { api?: undefined; error: string };

/**
 * Name of the OS keychain for messages, per platform: "macOS Keychain", "Windows Credential
 * Manager", else "OS keychain (Secret Service)" (freedesktop Secret Service through libsecret).
 */
export function osKeychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'OS keychain (Secret Service)';
}

/**
 * Loads keytar's native module. Looks first for `native/keytar.node` next to the bundle (the
 * VSIX layout: `dist/native/keytar.node`, one platform's binary), then for the `@github/keytar`
 * package (a clone with node_modules). Never throws: a missing libsecret (`libsecret-1.so.0:
 * cannot open shared object file`) or a binary for another platform is returned as `error`.
 * @param candidates override of the places to try (tests), each a path of a `.node` file or a module id
 */
export function loadKeytar(candidates?: string[]): KeytarLoad {
  const tries = candidates ?? [path.join(__dirname, 'native', 'keytar.node'), '@github/keytar'];
  const errors: string[] = [];
  for (const c of tries) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module found at run time
      const api = require(c) as KeytarApi;
      if (typeof api?.getPassword !== 'function') throw new Error('not a keytar module');
      return { api, from: c };
    } catch (err) {
      const msg = messageOf(err, { firstLine: true });
      if (!/Cannot find module/.test(msg) || tries.length === 1) errors.push(msg);
    }
  }
  return { error: errors.join('; ') || 'the native keychain module is not part of this build' };
}

/** Thrown by {@link KeytarBackend} when a keychain call did not answer within the bound. */
export class KeychainTimeoutError extends Error {
  override readonly name = 'KeychainTimeoutError';
}

/**
 * {@link SecretBackend} over keytar. Keys are keychain accounts (the store passes the token's
 * environment variable name). Returns `undefined` for a missing item — and for a locked
 * keyring, where keytar answers `null` too: {@link TokenStore.add}'s read-back catches that.
 */
export class KeytarBackend implements SecretBackend {
  readonly name: string;
  /** The store names items by account (env var name), not by id. */
  readonly keying = 'account' as const;
  private stuck?: Promise<unknown>;

  /**
   * @param api keytar (see {@link loadKeytar})
   * @param options `timeoutMs` bound of each call (default {@link KEYCHAIN_TIMEOUT_MS}),
   *   `service` (default {@link KEYCHAIN_SERVICE}), `name` for messages (default {@link osKeychainName})
   */
  constructor(
    private readonly api: KeytarApi,
    private readonly options: { timeoutMs?: number; service?: string; name?: string } = {},
  ) {
    this.name = options.name ?? osKeychainName();
  }

  /**
   * True while a call that timed out is still stuck in the keychain. Node's exit joins the
   * libuv thread it blocks, so a CLI should then end with a signal instead of `process.exit`.
   */
  get stuckCall(): boolean {
    return this.stuck !== undefined;
  }

  private get service(): string {
    return this.options.service ?? KEYCHAIN_SERVICE;
  }

  async get(account: string): Promise<string | undefined> {
    const v = await this.bounded(() => this.api.getPassword(this.service, account));
    return v === null || v === undefined ? undefined : v;
  }

  async store(account: string, value: string): Promise<void> {
    if (!account || !value) throw new TypeError('KeytarBackend.store: empty account or value');
    await this.bounded(() => this.api.setPassword(this.service, account, value));
  }

  async delete(account: string): Promise<void> {
    await this.bounded(() => this.api.deletePassword(this.service, account));
  }

  /** Account names of every item under the service (values are read and dropped at once). */
  async accounts(): Promise<string[]> {
    const creds = await this.bounded(() => this.api.findCredentials(this.service));
    return creds.map((c) => c.account);
  }

  private async bounded<T>(call: () => Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
    if (this.stuck) {
      throw new KeychainTimeoutError(`${this.name} still has not answered an earlier request (a hung keyring daemon?); try again later`);
    }
    const p = call();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const pending = p.then(
          () => undefined,
          () => undefined,
        );
        this.stuck = pending;
        void pending.then(() => {
          if (this.stuck === pending) this.stuck = undefined;
        });
        reject(new KeychainTimeoutError(`${this.name} did not answer within ${(timeoutMs / 1000).toFixed(0)} s (a hung or locked keyring daemon?)`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Result of {@link probeKeychain}: usable (with the round trip in ms), or why not. */
export type ProbeResult = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Write → read back → delete of a random throw-away item (account `gogs-key-hygiene-probe-<hex>`,
 * a random non-token value), within `timeoutMs` overall. `ok` only when the value read back
 * equals the value written (a locked keyring answers `null`).
 */
export async function probeKeychain(backend: KeytarBackend, timeoutMs = KEYCHAIN_TIMEOUT_MS): Promise<ProbeResult> {
  const started = Date.now();
  const rand = Math.random().toString(36).slice(2, 10);
  const account = `gogs-key-hygiene-probe-${rand}`;
  const value = `probe-${rand}`;
  let timer: NodeJS.Timeout | undefined;
  const work = (async (): Promise<ProbeResult> => {
    await backend.store(account, value);
    const back = await backend.get(account);
    await backend.delete(account).catch(() => undefined);
    if (back !== value) return { ok: false, reason: 'the keyring did not return the value just written (is it locked?)' };
    return { ok: true, ms: Date.now() - started };
  })();
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${(timeoutMs / 1000).toFixed(0)} s` }), timeoutMs);
  });
  try {
    return await Promise.race([work.catch((err: unknown) => ({ ok: false as const, reason: messageOf(err) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
