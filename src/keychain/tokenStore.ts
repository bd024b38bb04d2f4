import { randomUUID } from 'node:crypto';
import { fingerprint, last4 } from '../util/fingerprint';
import { Emitter, Event } from '../util/event';
import { maskHexRuns } from '../util/mask';
import { NS } from '../constants';
import { KeychainError } from './errors';
import {
  MetadataBackend,
  NewToken,
  SecretBackend,
  TokenMeta,
  TokenMetaPatch,
  TokenStoreChange,
} from './types';

/** `globalState` key of the metadata list (`TokenMeta[]`). */
export const METADATA_KEY = `${NS}.tokens`;
/** Prefix of each secret key in SecretStorage: `gogsKeyHygiene.token/<id>` (the OS keychain uses `TokenMeta.account`). */
export const SECRET_PREFIX = `${NS}.token/`;

/** SHA-256 hex of a token: the only form in which a token is ever compared or recorded (the detector's fingerprint). */
export const tokenFingerprint = fingerprint;

/**
 * Stored Gogs tokens: one secret per token in a {@link SecretBackend} (VS Code `SecretStorage`
 * by default), non-secret {@link TokenMeta} beside it in a {@link MetadataBackend}
 * (`globalState`). Mutations are serialized. The value never leaves the secret backend except
 * through {@link TokenStore.get}.
 */
export class TokenStore {
  private readonly changed = new Emitter<TokenStoreChange>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Fires after a token was added, updated or deleted. */
  readonly onDidChange: Event<TokenStoreChange> = this.changed.event;

  /**
   * @param secrets where values live
   * @param metadata where metadata lives (never values)
   * @param now clock, injectable for tests
   */
  constructor(
    private readonly secrets: SecretBackend,
    private readonly metadata: MetadataBackend,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The kind of store, for titles: "VS Code SecretStorage" when that is the backend in use (no OS
   * keychain answered, the setting says so, or the universal VSIX), else "OS keychain" (Secret
   * Service, macOS Keychain, Windows Credential Manager).
   */
  get storeKind(): string {
    return this.secrets.name.startsWith('VS Code SecretStorage') ? 'VS Code SecretStorage' : 'OS keychain';
  }

  /** Name of the secret backend, for messages. */
  get backendName(): string {
    return this.secrets.name;
  }

  /** Every stored token's metadata, oldest first. */
  list(): TokenMeta[] {
    const raw = this.metadata.get<TokenMeta[]>(METADATA_KEY);
    return Array.isArray(raw) ? raw.map((m) => ({ ...m })) : [];
  }

  /** Metadata of one token, or `undefined`. */
  meta(id: string): TokenMeta | undefined {
    return this.list().find((m) => m.id === id);
  }

  /** The stored token whose SHA-256 is `fingerprint`, if any. */
  findByFingerprint(fingerprint: string): TokenMeta | undefined {
    return this.list().find((m) => m.fingerprint === fingerprint);
  }

  /** Active (not pending revocation) token using `envVar`, if any. */
  findByEnvVar(envVar: string): TokenMeta | undefined {
    return this.list().find((m) => m.envVar === envVar && m.state !== 'pending-revocation');
  }

  /**
   * `base` if no active token uses it yet, else `base_2`, `base_3`, …
   */
  uniqueEnvVar(base: string): string {
    if (!this.findByEnvVar(base)) return base;
    for (let i = 2; ; i++) {
      const candidate = `${base}_${i}`;
      if (!this.findByEnvVar(candidate)) return candidate;
    }
  }

  /**
   * Stores a token: writes the secret, reads it back and compares, then records metadata.
   *
   * If a token with the same fingerprint is recorded already, its metadata is returned unchanged,
   * but only after its secret was read back and compared: metadata can outlive the secret (a
   * keyring reset, a failed delete, another profile's SecretStorage), so a missing or different
   * secret is written again and read back again. When this method resolves, the secret backend
   * returned exactly `input.value` for the token's key: callers may then remove the literal from
   * a file.
   * @returns the new (or existing) metadata
   * @throws KeychainError when the backend fails or returns another value; in that case nothing
   *   is left half-stored (the secret is removed again when the metadata write fails; an existing
   *   entry keeps its metadata, so the token stays visible in the panel).
   */
  add(input: NewToken): Promise<TokenMeta> {
    return this.serialize(async () => {
      if (!input.value) throw new TypeError('TokenStore.add: empty token value');
      const fingerprint = tokenFingerprint(input.value);
      const existing = this.findByFingerprint(fingerprint);
      if (existing) {
        await this.ensureSecret(this.keyOf(existing), input.value);
        return existing;
      }

      const id = randomUUID();
      const account = this.secrets.keying === 'account' ? await this.claimAccount(input.envVar, id, input.value) : undefined;
      const key = account ?? SECRET_PREFIX + id;
      try {
        await this.writeAndReadBack(key, input.value);
      } catch (err) {
        await this.tryDeleteSecret(key);
        throw err;
      }

      const meta: TokenMeta = {
        id,
        label: input.label ?? input.envVar,
        envVar: input.envVar,
        host: input.host,
        hostConfirmed: input.host && input.hostConfirmed === true ? true : undefined,
        username: input.username,
        createdAt: (input.createdAt ?? this.now()).toISOString(),
        fingerprint,
        last4: last4(input.value),
        foundIn: input.foundIn,
        state: input.state ?? 'active',
        replaces: input.replaces,
        serverName: input.serverName,
        account,
      };
      try {
        await this.metadata.update(METADATA_KEY, [...this.list(), storable(meta)]);
      } catch (err) {
        await this.tryDeleteSecret(key);
        throw new KeychainError('metadata', this.secrets.name, err, input.value);
      }
      this.changed.fire({ kind: 'added', id });
      return storable(meta);
    });
  }

  /**
   * Adds a token that already has metadata (same id, dates, state, links) — used to move tokens
   * between stores. Same write → read back → compare → metadata order as {@link add}; the item
   * goes to the account the token's state calls for (its env var, or `<ENV>.replaced.<id8>`),
   * or `<account>.<id8>` when another item holds that name.
   * @returns the stored metadata (the existing one when the fingerprint is stored already)
   * @throws KeychainError as {@link add}
   */
  importToken(source: TokenMeta, value: string): Promise<TokenMeta> {
    return this.serialize(async () => {
      if (tokenFingerprint(value) !== source.fingerprint) throw new TypeError('TokenStore.importToken: the value does not match the fingerprint');
      const existing = this.findByFingerprint(source.fingerprint);
      if (existing) return existing;
      let account: string | undefined;
      if (this.secrets.keying === 'account') {
        const want = TokenStore.desiredAccount(source);
        let occupied = this.list().some((m) => this.keyOf(m) === want);
        if (!occupied) {
          let foreign: string | undefined;
          try {
            foreign = await this.secrets.get(want);
          } catch (err) {
            throw new KeychainError('write', this.secrets.name, err, value);
          }
          occupied = foreign !== undefined && foreign !== value;
        }
        account = occupied ? `${want}.${source.id.slice(0, 8)}` : want;
      }
      const key = account ?? SECRET_PREFIX + source.id;
      try {
        await this.secrets.store(key, value);
      } catch (err) {
        throw new KeychainError('write', this.secrets.name, err, value);
      }
      let back: string | undefined;
      try {
        back = await this.secrets.get(key);
      } catch (err) {
        await this.tryDeleteSecret(key);
        throw new KeychainError('read-back', this.secrets.name, err, value);
      }
      if (back !== value) {
        await this.tryDeleteSecret(key);
        throw new KeychainError('read-back', this.secrets.name, 'the value read back differs from the value written');
      }
      const meta = stripUndefined({ ...source, account });
      try {
        await this.metadata.update(METADATA_KEY, [...this.list(), meta]);
      } catch (err) {
        await this.tryDeleteSecret(key);
        throw new KeychainError('metadata', this.secrets.name, err, value);
      }
      this.changed.fire({ kind: 'added', id: meta.id });
      return meta;
    });
  }

  /**
   * The token value of `id`, or `undefined` when the metadata or the secret is gone.
   * @throws KeychainError when the backend fails
   */
  async get(id: string): Promise<string | undefined> {
    const meta = this.meta(id);
    if (!meta) return undefined;
    try {
      return await this.secrets.get(this.keyOf(meta));
    } catch (err) {
      throw new KeychainError('read', this.secrets.name, err);
    }
  }

  /**
   * Changes metadata fields of `id`.
   * @throws Error when `id` is unknown; KeychainError('metadata') when globalState fails
   */
  update(id: string, patch: TokenMetaPatch): Promise<TokenMeta> {
    return this.serialize(async () => {
      const all = this.list();
      const i = all.findIndex((m) => m.id === id);
      if (i < 0) throw new Error(`No stored token with id ${id}.`);
      all[i] = storable({ ...all[i], ...patch });
      try {
        await this.metadata.update(METADATA_KEY, all);
      } catch (err) {
        throw new KeychainError('metadata', this.secrets.name, err);
      }
      if (this.secrets.keying === 'account') await this.reconcileAccount(id);
      this.changed.fire({ kind: 'updated', id });
      return this.meta(id) ?? all[i];
    });
  }

  /** Renames the label of `id`. */
  rename(id: string, label: string): Promise<TokenMeta> {
    return this.update(id, { label });
  }

  /**
   * Removes the secret and the metadata of `id` (no error when unknown).
   * @throws KeychainError when the backend cannot delete the secret (the metadata is kept then)
   */
  delete(id: string): Promise<void> {
    return this.serialize(async () => {
      const meta = this.meta(id);
      if (!meta && this.secrets.keying === 'account') return;
      try {
        await this.secrets.delete(meta ? this.keyOf(meta) : SECRET_PREFIX + id);
      } catch (err) {
        throw new KeychainError('delete', this.secrets.name, err);
      }
      const all = this.list();
      if (!all.some((m) => m.id === id)) return;
      try {
        await this.metadata.update(METADATA_KEY, all.filter((m) => m.id !== id));
      } catch (err) {
        throw new KeychainError('metadata', this.secrets.name, err);
      }
      this.changed.fire({ kind: 'deleted', id });
    });
  }

  /** Tells listeners that the whole list may have changed (the backend was switched). */
  notifyBackendChanged(): void {
    this.changed.fire({ kind: 'updated', id: '' });
  }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * Makes sure the backend holds `value` under `key`: reads it, and when it is missing or
   * different writes it again and reads it back again. Leaves a failing key as it was.
   * @throws KeychainError ('read' when the first read fails, else as {@link writeAndReadBack})
   */
  private async ensureSecret(key: string, value: string): Promise<void> {
    let current: string | undefined;
    try {
      current = await this.secrets.get(key);
    } catch (err) {
      throw new KeychainError('read', this.secrets.name, err, value);
    }
    if (current === value) return;
    await this.writeAndReadBack(key, value);
  }

  /**
   * Writes `value` under `key` and reads it back.
   * @throws KeychainError 'write' when the write fails, 'read-back' when the read fails or
   *   returns something else
   */
  private async writeAndReadBack(key: string, value: string): Promise<void> {
    try {
      await this.secrets.store(key, value);
    } catch (err) {
      throw new KeychainError('write', this.secrets.name, err, value);
    }
    let readBack: string | undefined;
    try {
      readBack = await this.secrets.get(key);
    } catch (err) {
      throw new KeychainError('read-back', this.secrets.name, err, value);
    }
    if (readBack !== value) {
      throw new KeychainError('read-back', this.secrets.name, 'the value read back differs from the value written');
    }
  }

  /** Key of `meta`'s secret in the current backend (see {@link SecretBackend.keying}). */
  private keyOf(meta: TokenMeta): string {
    return this.secrets.keying === 'account' ? (meta.account ?? meta.envVar) : SECRET_PREFIX + meta.id;
  }

  /**
   * The account a new token with `envVar` gets: `envVar` itself. A stored token still holding
   * that account (the one being rotated) is moved aside first to its pending-revocation name; an
   * item nobody's metadata claims, holding another value, is left alone and the new token gets
   * `<envVar>.<id8>` instead.
   * @throws KeychainError when moving the other token fails (it stays where it was)
   */
  private async claimAccount(envVar: string, id: string, value: string): Promise<string> {
    const holder = this.list().find((m) => this.keyOf(m) === envVar);
    if (holder) {
      await this.moveItem(holder, `${envVar}.replaced.${holder.id.slice(0, 8)}`);
      return envVar;
    }
    let foreign: string | undefined;
    try {
      foreign = await this.secrets.get(envVar);
    } catch (err) {
      throw new KeychainError('write', this.secrets.name, err, value);
    }
    return foreign === undefined || foreign === value ? envVar : `${envVar}.${id.slice(0, 8)}`;
  }

  /** Where `meta`'s item belongs: its env var while active, `<ENV>.replaced.<id8>` once pending revocation. */
  private static desiredAccount(meta: TokenMeta): string {
    return meta.state === 'pending-revocation' ? `${meta.envVar}.replaced.${meta.id.slice(0, 8)}` : meta.envVar;
  }

  /** After a rename or a state change: moves the item to {@link desiredAccount} when that account is free. */
  private async reconcileAccount(id: string): Promise<void> {
    const meta = this.meta(id);
    if (!meta) return;
    const want = TokenStore.desiredAccount(meta);
    if (this.keyOf(meta) === want) return;
    if (this.list().some((m) => m.id !== id && this.keyOf(m) === want)) return;
    await this.moveItem(meta, want);
  }

  /**
   * Moves a token's keychain item to `account`: write the new item, read it back and compare,
   * record the new account in the metadata, then delete the old item. A failure before the
   * metadata write leaves the token where it was (a stray new item is removed again).
   * @throws KeychainError
   */
  private async moveItem(meta: TokenMeta, account: string): Promise<void> {
    const from = this.keyOf(meta);
    let value: string | undefined;
    try {
      value = await this.secrets.get(from);
    } catch (err) {
      throw new KeychainError('read', this.secrets.name, err);
    }
    if (value === undefined) throw new KeychainError('read', this.secrets.name, `no item for ${from}`);
    try {
      await this.secrets.store(account, value);
    } catch (err) {
      throw new KeychainError('write', this.secrets.name, err, value);
    }
    let back: string | undefined;
    try {
      back = await this.secrets.get(account);
    } catch (err) {
      await this.tryDeleteSecret(account);
      throw new KeychainError('read-back', this.secrets.name, err, value);
    }
    if (back !== value) {
      await this.tryDeleteSecret(account);
      throw new KeychainError('read-back', this.secrets.name, 'the value read back differs from the value written');
    }
    const all = this.list().map((m) => (m.id === meta.id ? { ...m, account } : m));
    try {
      await this.metadata.update(METADATA_KEY, all);
    } catch (err) {
      await this.tryDeleteSecret(account);
      throw new KeychainError('metadata', this.secrets.name, err);
    }
    await this.tryDeleteSecret(from);
  }

  private async tryDeleteSecret(key: string): Promise<void> {
    try {
      await this.secrets.delete(key);
    } catch {
      // Best effort: the backend is already failing.
    }
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Metadata as it is stored: undefined fields dropped, and 40-hex runs masked ({@link maskHexRuns}) in the texts that
 * come from files or file names (label, host, the URI where the token was found), so a token in a file or host name
 * never reaches `globalState`.
 */
function storable(m: TokenMeta): TokenMeta {
  const s = stripUndefined(m);
  s.label = maskHexRuns(s.label);
  if (s.host !== undefined) s.host = maskHexRuns(s.host);
  if (s.foundIn) s.foundIn = { ...s.foundIn, uri: maskHexRuns(s.foundIn.uri) };
  return s;
}
