/**
 * Typed errors of the Gogs/Gitea/Forgejo REST client. Every message says what happened and what
 * to do, and never contains a token, a password or an OTP code: the client builds messages
 * only from the HTTP method, the URL path (which never carries a secret: tokens go in the
 * `Authorization` header, never in `?token=`), the status code and the server's own error text
 * after {@link redactSecrets}. No error keeps the underlying exception as `cause` (an undici
 * error may keep a reference to the request); only its `code` string is kept.
 */

/**
 * What went wrong, from the caller's point of view.
 * - `unauthorized` 401: token rejected, or wrong username/password on the Basic-auth routes
 * - `otp-required` 401 from Gitea/Forgejo asking for `X-Gitea-OTP` / `X-Forgejo-OTP`
 * - `forbidden` 403 (Gitea: another user's tokens, or a token scope too small)
 * - `not-found` 404 (no such user/token, or no Gogs API at that URL)
 * - `conflict` token name already used (Gogs 422, Gitea 400)
 * - `invalid-input` other 400/422 (for example an empty token name)
 * - `server` 5xx
 * - `timeout` no answer within `timeoutMs`
 * - `cancelled` the caller's AbortSignal fired
 * - `network` connection refused/reset/dropped, DNS failure
 * - `tls` certificate not trusted, expired, or for another host
 * - `bad-response` not JSON, unexpected JSON shape, or an unexpected redirect/status
 * - `insecure-url` `http://` to a host that is not loopback, without `allowInsecureHttp`
 * - `unsupported` the server has no such API (Gogs cannot delete tokens through its API)
 */
export type GogsApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid-input'
  | 'server'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'tls'
  | 'bad-response'
  | 'insecure-url'
  | 'otp-required'
  | 'unsupported';

/** Extra, non-secret facts attached to a {@link GogsApiError}. */
export interface GogsApiErrorDetails {
  /** HTTP status, when the server answered. */
  status?: number;
  /** HTTP method of the failed request, e.g. `POST`. */
  method?: string;
  /** URL path of the failed request, e.g. `/api/v1/users/alice/tokens` (never a query string). */
  path?: string;
  /** Low-level error code from Node/undici, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  code?: string;
}

/**
 * An error from {@link GogsClient}. `kind` is for code, `message` is for people (one or two
 * sentences: what happened, what to do). Safe to log and show: no secret is ever in it.
 */
export class GogsApiError extends Error {
  override readonly name: string = 'GogsApiError';
  readonly kind: GogsApiErrorKind;
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly code?: string;

  constructor(kind: GogsApiErrorKind, message: string, details: GogsApiErrorDetails = {}) {
    super(message);
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.method !== undefined) this.method = details.method;
    if (details.path !== undefined) this.path = details.path;
    if (details.code !== undefined) this.code = details.code;
  }

  /** Plain form for logs and telemetry-free diagnostics (no secrets, no stack). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      code: this.code,
    };
  }
}

/**
 * The server has no API for the operation. Thrown by `deleteToken` on Gogs, which has no token
 * delete route in any version (gogs/gogs `internal/route/api/v1/api.go` registers only `Get` and
 * `Post` on `/users/:username/tokens`; the web UI deletes at `/user/settings/applications`).
 */
export class UnsupportedError extends GogsApiError {
  override readonly name: string = 'UnsupportedError';
  constructor(message: string, details: GogsApiErrorDetails = {}) {
    super('unsupported', message, details);
  }
}

const LONG_HEX = /[0-9a-fA-F]{16,}/g;

/**
 * Removes secrets from text that came from elsewhere (a server's error message, a low-level
 * error): every exact occurrence of each given secret (and of its base64 forms, in case a server
 * echoes a Basic header), then any run of 16+ hex characters (a token or part of one).
 * @param text untrusted text
 * @param secrets values that must not survive (tokens, passwords, OTP codes, Basic credentials)
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of [s, Buffer.from(s, 'utf8').toString('base64'), encodeURIComponent(s)]) {
      if (form) out = out.split(form).join('[redacted]');
    }
  }
  return out.replace(LONG_HEX, '[redacted]');
}
