/**
 * How the Gogs client reads server answers: the user and token shapes of `/api/v1` (gogs/gogs
 * `internal/route/api/v1/user/app.go`; Gitea `routers/api/v1/user/app.go` adds `id`, `scopes`,
 * `token_last_eight`), the server's own error text and how much of it may be shown, error codes
 * on a `cause` chain, and a capped body read. PURE: no `vscode` import.
 */
import { redactSecrets, revealsSecret } from './errors';
import type { GogsUser, ServerToken } from './types';

/** TLS failure codes of Node/OpenSSL (certificate, handshake, protocol). */
export const TLS_CODE = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_|ERR_OSSL_|HOSTNAME_MISMATCH|INVALID_CA|EPROTO$)/;

/** Basic credentials `username:password` as base64 (UTF-8). */
export function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `GET /api/v1/user` answer as {@link GogsUser}, or `undefined` when it lacks `id`/`username` (Gitea also sends `login`). */
export function asUser(v: unknown): GogsUser | undefined {
  if (!isObject(v) || typeof v.id !== 'number') return undefined;
  const username = typeof v.username === 'string' && v.username ? v.username : typeof v.login === 'string' ? v.login : undefined;
  if (!username) return undefined;
  const user: GogsUser = { id: v.id, username };
  if (typeof v.login === 'string') user.login = v.login;
  if (typeof v.full_name === 'string') user.full_name = v.full_name;
  if (typeof v.email === 'string') user.email = v.email;
  if (typeof v.avatar_url === 'string') user.avatar_url = v.avatar_url;
  return user;
}

/** One entry of a token list as {@link ServerToken}, or `undefined` without a `name`. */
export function asServerToken(v: unknown): ServerToken | undefined {
  if (!isObject(v) || typeof v.name !== 'string') return undefined;
  const t: ServerToken = { name: v.name };
  if (typeof v.id === 'number') t.id = v.id;
  if (typeof v.sha1 === 'string') t.sha1 = v.sha1;
  if (typeof v.token_last_eight === 'string') t.token_last_eight = v.token_last_eight;
  if (Array.isArray(v.scopes) && v.scopes.every((s) => typeof s === 'string')) t.scopes = v.scopes as string[];
  return t;
}

/** Whether `text` is a `GET /api/v1/version` answer (`{"version": "…"}`). */
export function hasVersion(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) && typeof v.version === 'string';
  } catch {
    return false;
  }
}

/**
 * How a server's error text (`msg`, not yet redacted) appears in a message:
 * ` The server said: "…".` (through {@link redactSecrets}, at most 200 characters) when the
 * request carried no password and the text shows no secret in any form {@link revealsSecret}
 * decodes; otherwise a note that it is not shown (nothing when there was no text).
 */
export function presentServerText(msg: string, carriedPassword: boolean, secrets: readonly (string | undefined)[]): string {
  if (!msg) return '';
  if (carriedPassword) return " (The server's own explanation is not shown: this request carried your password, and servers may repeat it.)";
  if (revealsSecret(msg, secrets)) return " (The server's own explanation is not shown: it repeated the token.)";
  const shown = redactSecrets(msg, secrets);
  return ` The server said: "${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}".`;
}

/** The server's own error text (`{"message": …}`, or the messages of a Gogs binding-error array), whitespace collapsed; not redacted, never shown as is. */
export function serverText(text: string): string {
  let msg = '';
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v) && typeof v.message === 'string') msg = v.message;
    else if (Array.isArray(v) && isObject(v[0]) && typeof v[0].message === 'string') {
      msg = v.map((e) => (isObject(e) && typeof e.message === 'string' ? e.message : '')).filter(Boolean).join('; ');
    }
  } catch {
    msg = '';
  }
  return msg.replace(/\s+/g, ' ').trim();
}

/** First `code` found on the error or its `cause` chain (Node's `fetch` wraps the socket error in a `TypeError`). */
export function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur; depth++) {
    if (typeof cur === 'object' && cur !== null) {
      const c = (cur as { code?: unknown }).code;
      if (typeof c === 'string' && c && c !== 'UND_ERR') {
        // Prefer a more specific code deeper down for fetch's generic socket errors (`UND_ERR_SOCKET`).
        const deeper = errorCode((cur as { cause?: unknown }).cause);
        return deeper && TLS_CODE.test(deeper) ? deeper : c;
      }
      const errors = (cur as { errors?: unknown }).errors;
      if (Array.isArray(errors) && errors.length > 0) {
        const inner = errorCode(errors[0]);
        if (inner) return inner;
      }
      cur = (cur as { cause?: unknown }).cause;
    } else {
      break;
    }
  }
  return undefined;
}

/** `10 s` or `250 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** `1 MiB`, `64 KiB` or `n bytes`. */
export function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/**
 * The body of `res` as UTF-8 text (a BOM is dropped and invalid bytes become U+FFFD, as
 * `Response.text()` does), or `undefined` once more than `limit` bytes arrived; the rest is then
 * not read and the stream is cancelled, so memory stays at about `limit`. `fetch` (and the
 * transport's `NodeFetcher`) decompresses `Content-Encoding: gzip/deflate/br` before the body
 * stream, so `limit` counts decompressed bytes. A response without a body is the empty string.
 */
export async function readBodyCapped(res: Response, limit: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
