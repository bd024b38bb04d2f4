/** Which server software answers at a base URL. */
export type Flavor = 'gogs' | 'gitea' | 'forgejo';

/**
 * Options of {@link GogsClient}. Map VS Code settings onto these in the adapter:
 * `http.proxy` → `proxy`, `http.proxyStrictSSL` → `strictSSL`, `http.noProxy` → `noProxy`,
 * the extension's own CA setting → `ca`, its timeout setting → `timeoutMs`.
 */
export interface ClientOptions {
  /** Per-request timeout in milliseconds (whole request including the body). Default 10000. */
  timeoutMs?: number;
  /** Allow `http://` to hosts other than localhost/127.0.0.1/[::1]. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * The fetch to use when no `ca`/`proxy`/`strictSSL: false` is set. Default: the global
   * `fetch` (inside VS Code that one already follows `http.proxy` and the OS certificate store).
   */
  fetch?: typeof fetch;
  /**
   * Extra trusted CA certificate(s), PEM (one or more concatenated). Added to Node's bundled
   * roots, not replacing them. Setting it switches the client from the global `fetch` to its own
   * small fetch on Node's `https` module, which trusts these roots (see `NodeFetcher`).
   */
  ca?: string | Buffer;
  /**
   * HTTP(S) proxy URL, e.g. `http://proxy.internal:3128` (or `https://…`). Requests to hosts that
   * do not bypass it (see `noProxy`) go through an HTTP CONNECT tunnel, on Node's `http`/`https`
   * (see `NodeFetcher`); credentials in the URL are sent as `Proxy-Authorization: Basic`.
   */
  proxy?: string;
  /** Hosts that bypass `proxy`: exact names or `.suffix` / `*.suffix`; loopback always bypasses. */
  noProxy?: readonly string[];
  /** Verify the server certificate. Default true. `false` mirrors VS Code `http.proxyStrictSSL: false`. */
  strictSSL?: boolean;
  /** Known flavour of the server; skips detection where the client needs it (deleteToken). */
  flavor?: Flavor;
}

/** Per-call extras. */
export interface RequestExtras {
  /** Cancels the request (error kind `cancelled`). Combined with the client's timeout. */
  signal?: AbortSignal;
}

/** Extras of {@link GogsClient.createToken}. */
export interface CreateTokenExtras extends RequestExtras {
  /**
   * Gitea/Forgejo scopes for the new token, e.g. `['write:repository', 'read:user']`. Gitea ≥ 1.20
   * gives a token created without scopes no access to `/api/v1/user`; Gogs ignores the field.
   */
  scopes?: readonly string[];
}

/**
 * The account behind a token: `GET /api/v1/user`. Mirrors go-gogs-client `User`
 * (`{id, username, login, full_name, email, avatar_url}`, gogs/gogs
 * `internal/route/api/v1/user/user.go` `GetAuthenticatedUser`). Gitea adds more fields.
 */
export interface GogsUser {
  id: number;
  username: string;
  login?: string;
  full_name?: string;
  email?: string;
  avatar_url?: string;
}

/**
 * One element of `GET /api/v1/users/{username}/tokens`.
 * Gogs: `{name, sha1}` where `sha1` is SHA-256(token)[:40] (gogs/gogs
 * `internal/route/api/v1/user/app.go`, `internal/database/access_tokens.go`).
 * Gitea/Forgejo: `{id, name, sha1: "", token_last_eight, scopes}` (go-gitea/gitea
 * `routers/api/v1/user/app.go`).
 */
export interface ServerToken {
  id?: number;
  name: string;
  sha1?: string;
  token_last_eight?: string;
  scopes?: string[];
}

/**
 * A token just created: `POST /api/v1/users/{username}/tokens` → 201. The value comes in the
 * `sha1` field on both Gogs and Gitea (Gitea's `AccessToken.Token` is tagged `json:"sha1"`).
 * This is the only time the server ever shows it.
 */
export interface CreatedToken {
  name: string;
  /** The token value (40 lowercase hex). Secret: store it, never log it. */
  token: string;
  /** Gitea/Forgejo only. */
  id?: number;
}
