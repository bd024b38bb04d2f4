/**
 * Typed errors of the Gogs/Gitea/Forgejo REST client. Every message says what happened and what
 * to do, and never contains a token, a password or an OTP code: the client builds messages
 * only from the HTTP method, the URL path (which never carries a secret: tokens go in the
 * `Authorization` header, never in `?token=`), the status code and, only for requests that
 * carried no password, the server's own error text when {@link revealsSecret} finds no secret in
 * it, after {@link redactSecrets}. No error keeps the underlying exception as `cause` (a fetch or
 * socket error may keep a reference to the request); only its `code` string is kept.
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
 * - `bad-response` not JSON, unexpected JSON shape, an unexpected redirect/status, or a body
 *   larger than `MAX_RESPONSE_BYTES` (1 MiB) once decompressed
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
  /** Low-level error code from Node or its `fetch`, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
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

/** Named HTML entities a server's error page or escaped JSON may use for password characters. */
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', sol: '/', bsol: '\\', colon: ':',
  num: '#', percnt: '%', plus: '+', equals: '=', excl: '!', quest: '?', commat: '@', dollar: '$',
  lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lcub: '{', rcub: '}',
  verbar: '|', vert: '|', grave: '`', hat: '^', tilde: '~', ast: '*', comma: ',', period: '.',
  semi: ';', lowbar: '_', hyphen: '-', dash: '-',
};

/** At most this many characters of a server's text are examined by {@link revealsSecret} (longer text counts as revealing). */
const REVEAL_CHECK_MAX_CHARS = 4096;
/** Decoding rounds of {@link revealsSecret}: catches a value encoded twice, e.g. HTML-escaped then percent-encoded. */
const REVEAL_DECODE_ROUNDS = 3;
/** At most this many decoded views are compared (bounds the work of a hostile text). */
const REVEAL_MAX_VIEWS = 200;

function fromCodePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** `&lt;`, `&#60;`, `&#x3c;` (semicolon optional, as browsers read them) → the character. */
function decodeHtml(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});?/g, (m, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      return fromCodePoint(parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10), m);
    }
    return HTML_ENTITIES[body.toLowerCase()] ?? m;
  });
}

/** Runs of `%XX` (either case) → their UTF-8 text; `+` → space (form encoding). */
function decodePercent(s: string): string {
  return s
    .replace(/\+/g, ' ')
    .replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** `\uXXXX`, `\u{X…}`, `\xXX` (JSON or JavaScript escapes left in a string encoded twice) → the character. */
function decodeBackslash(s: string): string {
  return s.replace(/\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (m, a?: string, b?: string, c?: string) =>
    fromCodePoint(parseInt((a ?? b ?? c) as string, 16), m),
  );
}

/** Every run that may be base64 (standard or URL-safe, 8+ characters) → its bytes read as UTF-8. */
function decodeBase64Runs(s: string): string {
  return s.replace(/[A-Za-z0-9+/_-]{8,}={0,2}/g, (run) => Buffer.from(run, 'base64').toString('utf8'));
}

const DECODERS: readonly ((s: string) => string)[] = [decodeHtml, decodePercent, decodeBackslash, decodeBase64Runs];

/**
 * The form text is compared in: compatibility-decomposed (NFKD, so `ﬁ`, full-width letters and a
 * precomposed `é` all break into base characters), without combining marks and invisible format
 * characters (an accent-stripped or zero-width-split echo), upper-cased then lower-cased (so
 * `ß` and `SS` meet).
 */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\p{M}\p{Cf}]/gu, '').toUpperCase().toLowerCase();
}

/** {@link fold}ed text with everything but letters and digits removed (an echo split by spaces, dashes or tags). */
function compact(s: string): string {
  return s.replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * True when `text` (untrusted: a server's error message) may show one of `secrets` in any form a
 * server or proxy plausibly echoes it: as is, HTML-escaped (named or numeric entities),
 * percent-encoded, base64 (also inside a longer base64 string such as a Basic credential),
 * JSON/JS-escaped, or encoded several times over (up to {@link REVEAL_DECODE_ROUNDS} decodings),
 * and in another case, Unicode normalisation (NFC/NFD/NFKC/NFKD), without accents, or split by
 * separators. Text longer than {@link REVEAL_CHECK_MAX_CHARS} counts as revealing. A caller that
 * gets `true` must show none of the text (redacting what it can find leaves the rest of an
 * encoded echo). False positives only hide a server message.
 *
 * This cannot catch every transformation (a server could reverse the password); so the client
 * never shows a server's text on a request that carried the account password, and uses this
 * check for requests that carried only a token.
 * @param text untrusted text
 * @param secrets values that must not be shown (tokens, passwords, OTP codes, Basic credentials)
 */
export function revealsSecret(text: string, secrets: readonly (string | undefined)[]): boolean {
  const wanted = secrets.filter((s): s is string => Boolean(s));
  if (wanted.length === 0 || text.length === 0) return false;
  if (text.length > REVEAL_CHECK_MAX_CHARS) return true;
  const views = new Set([text]);
  let frontier = [text];
  for (let round = 0; round < REVEAL_DECODE_ROUNDS && frontier.length > 0; round++) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const decode of DECODERS) {
        const d = decode(v);
        if (!views.has(d) && views.size < REVEAL_MAX_VIEWS) {
          views.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  const folded = [...views].map(fold);
  const compacted = folded.map(compact);
  return wanted.some((secret) => {
    const f = fold(secret);
    const c = compact(f);
    return folded.some((v) => f.length > 0 && v.includes(f)) || (c.length >= 4 && compacted.some((v) => v.includes(c)));
  });
}
