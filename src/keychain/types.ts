/**
 * Where a secret value lives: VS Code's `SecretStorage` (`ExtensionContext.secrets`, keys
 * `gogsKeyHygiene.token/<id>`) or the OS keychain through keytar (`KeytarBackend`, keys = keychain
 * accounts = env var names). Every method may throw (no keyring daemon, locked keychain).
 */
export interface SecretBackend {
  /**
   * Human name of the store for messages, e.g. "OS keychain (Secret Service)", "macOS Keychain",
   * "Windows Credential Manager", "VS Code SecretStorage (this browser only)".
   */
  readonly name: string;
  /**
   * How `TokenStore` names a token's secret: `id` (default) → `gogsKeyHygiene.token/<id>`;
   * `account` → the token's keychain account (`TokenMeta.account`, normally its env var name).
   */
  readonly keying?: 'id' | 'account';
  /** The value stored under `key`, or `undefined` when there is none. */
  get(key: string): PromiseLike<string | undefined>;
  /** Store `value` under `key`, replacing any earlier value. */
  store(key: string, value: string): PromiseLike<void>;
  /** Remove the value under `key` (no error when absent). */
  delete(key: string): PromiseLike<void>;
}

/**
 * Key/value store for non-secret metadata; structurally a subset of `vscode.Memento`
 * (`ExtensionContext.globalState`).
 */
export interface MetadataBackend {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Where a token was first found: a document URI (string form) and a 1-based line. */
export interface FoundIn {
  uri: string;
  line: number;
}

/** Lifecycle state of a stored token: in use, or replaced by rotation and waiting to be revoked on the server. */
export type TokenState = 'active' | 'pending-revocation';

/**
 * Non-secret metadata of one stored token, kept in `globalState` under
 * `gogsKeyHygiene.tokens`. Never holds the value. Dates are ISO-8601 strings (UTC).
 */
export interface TokenMeta {
  /** Stable random id; the secret key is `gogsKeyHygiene.token/<id>`. */
  id: string;
  /** Human label shown in the panel, e.g. "git.example.test (alice)". */
  label: string;
  /** Environment variable name used for references and injection, e.g. "GOGS_TOKEN". */
  envVar: string;
  /** Gogs/Gitea base URL or host, when known (e.g. "https://git.example.test"). */
  host?: string;
  /**
   * True when the user stands behind `host`: they typed it (Add Token, the server prompt),
   * confirmed it in the prompt shown before the first network use, or it is the host of the URL
   * that carried the token as its userinfo (`https://user:<t>@host/`, where their own git or curl
   * sent it). Absent or false: `host` is only a guess from text near the token and nothing is
   * sent to it before the user confirmed it.
   */
  hostConfirmed?: boolean;
  /** Account name on that host, when known. */
  username?: string;
  /** When the token was created (stored, unless the user set it). ISO-8601. */
  createdAt: string;
  /** When the token last replaced an older one through rotation. ISO-8601. */
  rotatedAt?: string;
  /** SHA-256 hex of the token value. */
  fingerprint: string;
  /** Last 4 characters of the token; the most of it ever shown. */
  last4: string;
  /** Where it was first found, if it came from a file. */
  foundIn?: FoundIn;
  /** Lifecycle state; absent means 'active'. */
  state?: TokenState;
  /** Id of the token this one replaced (rotation). */
  replaces?: string;
  /** Id of the token that replaced this one (rotation). */
  replacedBy?: string;
  /** Name of the token on the server, when known (set by rotation). */
  serverName?: string;
  /**
   * OS keychain account holding the value (service `gogs-key-hygiene`), when the store keys by
   * account: the env var name for an active token, `<ENV>.replaced.<id8>` for one pending
   * revocation, `<ENV>.<id8>` when a foreign item already used the name. Absent in SecretStorage.
   */
  account?: string;
}

/** What `TokenStore.add` needs; `value` is the secret and never leaves the store's backend. */
export interface NewToken {
  value: string;
  label?: string;
  envVar: string;
  host?: string;
  /** See {@link TokenMeta.hostConfirmed}; only meaningful with `host`. */
  hostConfirmed?: boolean;
  username?: string;
  foundIn?: FoundIn;
  /** Defaults to now. */
  createdAt?: Date;
  state?: TokenState;
  replaces?: string;
  serverName?: string;
}

/** Fields of `TokenMeta` a caller may change after creation. */
export type TokenMetaPatch = Partial<Omit<TokenMeta, 'id' | 'fingerprint' | 'last4' | 'account'>>;

/** Payload of `TokenStore.onDidChange`. */
export interface TokenStoreChange {
  kind: 'added' | 'updated' | 'deleted';
  id: string;
}
