import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Which server the fake behaves as. */
export type ServerMode = 'gogs' | 'gitea' | 'forgejo';

/** A user account of the fake server. */
export interface FakeUser {
  id: number;
  username: string;
  password: string;
  email: string;
  fullName: string;
  /** Gitea/Forgejo 2FA: the one-time code the server expects (static, for tests). */
  otp?: string;
}

/**
 * A stored token. Like Gogs ≥ 0.13 (gogs/gogs `internal/database/access_tokens.go`: columns
 * `sha1` = sha256[:40] and `sha256`), only hashes are kept: the raw value exists only in the
 * create response.
 */
export interface StoredToken {
  id: number;
  uid: number;
  name: string;
  sha256: string;
  /** Gitea's `token_last_eight` (go-gitea/gitea `models/auth/access_token.go`). */
  lastEight: string;
  /** Gitea scopes; Gogs tokens have none. */
  scopes: string[];
  createdUnix: number;
  updatedUnix: number;
}

/** What the server saw, without any header value or query string. */
export interface RequestRecord {
  method: string;
  path: string;
  /** Authorization scheme word as sent (`token`, `Bearer`, `Basic`, …) or `none`. */
  authScheme: string;
  /** Whether `token` / `access_token` was in the query string. */
  queryToken: boolean;
  status: number;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/**
 * In-memory data of the fake server, shared by the HTTP handlers and the test handle.
 * Never keeps a raw token.
 */
export class FakeGogsState {
  readonly users: FakeUser[] = [];
  readonly tokens: StoredToken[] = [];
  readonly requests: RequestRecord[] = [];
  private nextUserId = 1;
  private nextTokenId = 1;

  constructor(readonly mode: ServerMode) {}

  /** The first user (seeded by `startGogsServer`). */
  get defaultUser(): FakeUser {
    const u = this.users[0];
    if (!u) throw new Error('fake server has no user');
    return u;
  }

  /** Adds an account. */
  addUser(username: string, password: string, opts: { email?: string; fullName?: string; otp?: string } = {}): FakeUser {
    const user: FakeUser = {
      id: this.nextUserId++,
      username,
      password,
      email: opts.email ?? `${username}@example.test`,
      fullName: opts.fullName ?? username.charAt(0).toUpperCase() + username.slice(1),
    };
    if (opts.otp) user.otp = opts.otp;
    this.users.push(user);
    return user;
  }

  /** Case-insensitive lookup, as Gogs (`lower_name`) and Gitea do. Also by e-mail (Gogs `AuthenticateUser`). */
  findUser(login: string): FakeUser | undefined {
    const l = login.toLowerCase();
    return this.users.find((u) => u.username.toLowerCase() === l || u.email.toLowerCase() === l);
  }

  /**
   * Creates a token for `user` the way the server would and returns the raw value (the only
   * time it exists). Gogs: SHA-1 hex of a random UUID (gogs/gogs `internal/database/access_tokens.go`
   * `Create`); Gitea: hex of 20 random bytes. Both 40 lowercase hex.
   * @throws Error('duplicate') when the user already has a token with that name
   */
  createToken(user: FakeUser, name: string, scopes: string[] = []): { token: string; stored: StoredToken } {
    if (this.tokens.some((t) => t.uid === user.id && t.name === name)) throw new Error('duplicate');
    const token =
      this.mode === 'gogs'
        ? createHash('sha1').update(randomUUID()).digest('hex')
        : randomBytes(20).toString('hex');
    const now = Math.floor(Date.now() / 1000);
    const stored: StoredToken = {
      id: this.nextTokenId++,
      uid: user.id,
      name,
      sha256: sha256Hex(token),
      lastEight: token.slice(-8),
      scopes: [...scopes],
      createdUnix: now,
      updatedUnix: 0,
    };
    this.tokens.push(stored);
    return { token, stored };
  }

  /**
   * Test helper: creates a token for `username` (default: the first user) and returns its value.
   * In gitea/forgejo mode the default scopes are `['all']` so the token can call `/api/v1/user`.
   */
  seedToken(name: string, opts: { username?: string; scopes?: string[] } = {}): string {
    const user = opts.username ? this.findUser(opts.username) : this.defaultUser;
    if (!user) throw new Error(`no user ${opts.username}`);
    const scopes = opts.scopes ?? (this.mode === 'gogs' ? [] : ['all']);
    return this.createToken(user, name, scopes).token;
  }

  /** The stored token whose hash matches `token`, if any (Gogs `GetBySHA1` hashes the presented value). */
  lookup(token: string): StoredToken | undefined {
    if (!token) return undefined;
    const h = sha256Hex(token);
    return this.tokens.find((t) => t.sha256 === h);
  }

  /** Whether the server currently accepts `token`. Does not count as a use. */
  isAccepted(token: string): boolean {
    return this.lookup(token) !== undefined;
  }

  /** Names of `username`'s tokens (default: the first user), oldest first. */
  tokenNames(username?: string): string[] {
    const user = username ? this.findUser(username) : this.defaultUser;
    return this.tokens.filter((t) => user && t.uid === user.id).map((t) => t.name);
  }

  /** Deletes a token by id or name, as the user would in the web UI. @returns whether one was deleted */
  deleteToken(idOrName: number | string, username?: string): boolean {
    const user = username ? this.findUser(username) : this.defaultUser;
    if (!user) return false;
    const i = this.tokens.findIndex(
      (t) => t.uid === user.id && (typeof idOrName === 'number' ? t.id === idOrName : t.name === idOrName),
    );
    if (i < 0) return false;
    this.tokens.splice(i, 1);
    return true;
  }

  /** Non-secret summary (what the test control endpoint returns). */
  snapshot(): { mode: ServerMode; users: { id: number; username: string; twoFactor: boolean }[]; tokens: Omit<StoredToken, 'sha256'>[]; requests: number } {
    return {
      mode: this.mode,
      users: this.users.map((u) => ({ id: u.id, username: u.username, twoFactor: Boolean(u.otp) })),
      tokens: this.tokens.map(({ sha256: _h, ...rest }) => rest),
      requests: this.requests.length,
    };
  }
}
