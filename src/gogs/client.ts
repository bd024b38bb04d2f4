import { GogsApiError, UnsupportedError, redactSecrets } from './errors';
import { asServerToken, asUser, basic, errorCode, formatBytes, formatMs, hasVersion, isObject, presentServerText, readBodyCapped, serverText, TLS_CODE } from './responses';
import { FetchLike, Transport } from './transport';
import type {
  ClientOptions,
  CreateTokenExtras,
  CreatedToken,
  Flavor,
  GogsUser,
  RequestExtras,
  ServerToken,
} from './types';

/** Default per-request timeout (ms). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Largest response body the client reads, in bytes after decompression (1 MiB). The biggest
 * legitimate answer is a page of 50 tokens (a few KiB); a larger body (a compressed "bomb", a
 * proxy streaming something else) is stopped at this size and reported as `bad-response`.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const TOKEN_SHAPE = /^[0-9a-f]{40}$/;

type Operation = 'getUser' | 'listTokens' | 'createToken' | 'deleteToken' | 'detectFlavor';

interface RequestSpec {
  op: Operation;
  method: 'GET' | 'POST' | 'DELETE';
  /** URL path below the base URL; never carries a secret and never a query string. */
  path: string;
  /** Non-secret query string without `?` (paging only). */
  query?: string;
  /** `token <t>` or Basic credentials. */
  auth?: { token: string } | { username: string; password: string; otp?: string };
  body?: unknown;
  signal?: AbortSignal;
  /** Extra context for messages (e.g. the token name being created). */
  tokenName?: string;
}

interface RawResponse {
  status: number;
  text: string;
  /** `X-Total-Count` (Gitea/Forgejo list routes), when present and numeric. */
  totalCount?: number;
}

/** Page size asked of Gitea/Forgejo list routes (their default is 30; Gogs ignores paging and returns all). */
const PAGE_LIMIT = 50;
/** Upper bound on pages fetched by `listTokens` (50 × 20 = 1000 tokens). */
const MAX_PAGES = 20;

/**
 * REST client for Gogs, Gitea and Forgejo (`/api/v1`), on Node's `fetch` (or, with a CA, a proxy or
 * `strictSSL: false`, on a small fetch over Node's `https`, see `Transport`); no `vscode` import.
 *
 * Auth follows the servers' rules:
 * - `GET /api/v1/user` takes the token as `Authorization: token <t>` — the only form Gogs reads
 *   from a header (gogs/gogs `internal/context/auth.go` `authenticatedUserID`: exactly two fields,
 *   the first exactly `token`); never `?token=` (removed from Gogs in 0.14.2) and never `Bearer`
 *   (Gogs ignores it).
 * - the token routes `/api/v1/users/{username}/tokens` need Basic auth with the account password
 *   (gogs/gogs `internal/route/api/v1/api.go`: `reqBasicAuth()` on that group); a token there
 *   gets 401.
 *
 * Every error is a {@link GogsApiError}; none carries a token, password or OTP code.
 * Base URLs with `http://` are refused unless the host is loopback or `allowInsecureHttp` is set.
 */
export class GogsClient {
  /** Normalized base URL without trailing slash, e.g. `https://git.example.com/gogs`. */
  readonly baseUrl: string;
  private readonly base?: URL;
  private readonly urlProblem?: GogsApiError;
  private readonly timeoutMs: number;
  private readonly transport: Transport;
  private flavorCache?: Promise<Flavor>;

  /**
   * @param baseUrl the server's home page URL (`https://host[:port][/subpath]`); a trailing
   *   `/api/v1` is removed. Problems (bad URL, credentials in the URL, insecure `http://`) are
   *   reported by the first call, as a GogsApiError of kind `invalid-input` / `insecure-url`.
   * @param options see {@link ClientOptions}
   */
  constructor(baseUrl: string, private readonly options: ClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = new Transport(options);
    if (options.flavor) this.flavorCache = Promise.resolve(options.flavor);
    const trimmed = baseUrl.trim().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    let url: URL | undefined;
    try {
      url = new URL(trimmed);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      this.baseUrl = '';
      this.urlProblem = new GogsApiError(
        'invalid-input',
        'The server URL is not a valid http(s) URL. Use the address of the Gogs home page, e.g. https://git.example.com.',
      );
      return;
    }
    if (url.username || url.password) {
      this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
      this.urlProblem = new GogsApiError(
        'invalid-input',
        `The server URL ${this.baseUrl} was given with a user name or password in it. Remove them: the client sends credentials only in headers.`,
      );
      return;
    }
    url.search = '';
    url.hash = '';
    this.base = url;
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !options.allowInsecureHttp) {
      this.urlProblem = new GogsApiError(
        'insecure-url',
        `Refusing to send credentials to ${url.origin} over plain http://. Use https://, or allow insecure http in the settings if this network is trusted.`,
      );
    }
  }

  /**
   * The account behind `token`: `GET /api/v1/user` with `Authorization: token <t>`. Liveness
   * check; note that Gogs records every authenticated call as a use of the token
   * (`TouchAccessTokenByID` in gogs/gogs `internal/context/auth.go`).
   * @returns the user; `username` is filled from `login` when the server only sends that
   * @throws GogsApiError `unauthorized` (revoked/unknown token), `forbidden` (Gitea token
   *   without a user scope), network/timeout/tls/bad-response kinds
   */
  async getUser(token: string, extras: RequestExtras = {}): Promise<GogsUser> {
    const res = await this.request({ op: 'getUser', method: 'GET', path: '/api/v1/user', auth: { token }, signal: extras.signal });
    if (res.status !== 200) throw this.httpError({ op: 'getUser', method: 'GET', path: '/api/v1/user' }, res, [token]);
    const body = this.parseJson(res, 'GET', '/api/v1/user');
    const user = asUser(body);
    if (!user) throw this.badShape('GET', '/api/v1/user', res.status, 'a user object with id and username');
    return user;
  }

  /**
   * The user's tokens: `GET /api/v1/users/{username}/tokens` with Basic auth (password, not a
   * token). Gogs lists the tokens of the account the password belongs to, whatever the path says
   * (gogs/gogs `internal/route/api/v1/user/app.go` uses `c.User.ID`); Gitea answers 403 for
   * another user's path unless admin.
   * @param otp Gitea/Forgejo one-time code when the account has 2FA (sent as `X-Gitea-OTP` and `X-Forgejo-OTP`)
   * @throws GogsApiError `unauthorized`, `otp-required`, `forbidden`, `not-found`, …
   */
  async listTokens(username: string, password: string, otp?: string, extras: RequestExtras = {}): Promise<ServerToken[]> {
    const base = `/api/v1/users/${encodeURIComponent(username)}/tokens`;
    const secrets = [password, otp, basic(username, password)];
    const out: ServerToken[] = [];
    // Gitea/Forgejo page the list (X-Total-Count tells the total); Gogs returns everything at once
    // and sends no X-Total-Count, so one request is enough there.
    for (let page = 1; page <= MAX_PAGES; page++) {
      const spec: RequestSpec = {
        op: 'listTokens',
        method: 'GET',
        path: base,
        query: `page=${page}&limit=${PAGE_LIMIT}`,
        auth: { username, password, otp },
        signal: extras.signal,
      };
      const res = await this.request(spec);
      if (res.status !== 200) throw this.httpError(spec, res, secrets);
      const body = this.parseJson(res, 'GET', base);
      if (!Array.isArray(body)) throw this.badShape('GET', base, res.status, 'a JSON array of tokens');
      for (const item of body) {
        const t = asServerToken(item);
        if (!t) throw this.badShape('GET', base, res.status, 'token entries with a name');
        out.push(t);
      }
      if (res.totalCount === undefined || body.length === 0 || out.length >= res.totalCount) break;
    }
    return out;
  }

  /**
   * Creates a token named `name`: `POST /api/v1/users/{username}/tokens` `{"name": …}` with Basic
   * auth → `201 {name, sha1}` where `sha1` is the new token (gogs/gogs
   * `internal/route/api/v1/user/app.go` `CreateAccessToken`; Gitea the same plus `id`). The
   * value is shown once; the caller must store it.
   * @param extras.scopes Gitea/Forgejo token scopes (ignored by Gogs)
   * @throws GogsApiError `conflict` when the name is taken (Gogs 422, Gitea 400),
   *   `invalid-input` (empty name), `unauthorized`, `otp-required`, `bad-response` (201 without a
   *   40-hex token: a token may exist on the server then; the message says so), …
   */
  async createToken(
    username: string,
    password: string,
    name: string,
    otp?: string,
    extras: CreateTokenExtras = {},
  ): Promise<CreatedToken> {
    const path = `/api/v1/users/${encodeURIComponent(username)}/tokens`;
    const secrets = [password, otp, basic(username, password)];
    const body: Record<string, unknown> = { name };
    if (extras.scopes && extras.scopes.length > 0) body.scopes = [...extras.scopes];
    const spec: RequestSpec = { op: 'createToken', method: 'POST', path, auth: { username, password, otp }, body, signal: extras.signal, tokenName: name };
    const res = await this.request(spec);
    if (res.status !== 201 && res.status !== 200) throw this.httpError(spec, res, secrets);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      parsed = undefined;
    }
    const o = isObject(parsed) ? parsed : undefined;
    const token = o && typeof o.sha1 === 'string' ? o.sha1 : o && typeof o.token === 'string' ? o.token : undefined;
    if (!o || !token || !TOKEN_SHAPE.test(token)) {
      throw new GogsApiError(
        'bad-response',
        `The server answered ${res.status} to POST ${path} but without a usable token. A token named "${name}" may now exist on the server: ` +
          `delete it at ${this.applicationsPageUrl()} and try again.`,
        { status: res.status, method: 'POST', path },
      );
    }
    const created: CreatedToken = { name: typeof o.name === 'string' ? o.name : name, token };
    if (typeof o.id === 'number') created.id = o.id;
    return created;
  }

  /**
   * Deletes a token on Gitea/Forgejo: `DELETE /api/v1/users/{username}/tokens/{id-or-name}` with
   * Basic auth (+ OTP header when the account has 2FA) → 204 (go-gitea/gitea
   * `routers/api/v1/user/app.go` `DeleteAccessToken`: a number is an id, anything else a name).
   * Detects the flavour first unless `options.flavor` was given.
   * @throws UnsupportedError on Gogs, which has no such route (the user deletes the token at
   *   {@link applicationsPageUrl}); GogsApiError `not-found`, `unauthorized`, `otp-required`, …
   */
  async deleteToken(
    username: string,
    password: string,
    idOrName: string | number,
    otp?: string,
    extras: RequestExtras = {},
  ): Promise<void> {
    const flavor = await this.detectFlavor(extras);
    const path = `/api/v1/users/${encodeURIComponent(username)}/tokens/${encodeURIComponent(String(idOrName))}`;
    if (flavor === 'gogs') {
      throw new UnsupportedError(
        `Gogs has no API to delete a token. Delete it in the web UI at ${this.applicationsPageUrl()}.`,
        { method: 'DELETE', path },
      );
    }
    const secrets = [password, otp, basic(username, password)];
    const spec: RequestSpec = { op: 'deleteToken', method: 'DELETE', path, auth: { username, password, otp }, signal: extras.signal };
    const res = await this.request(spec);
    if (res.status !== 204 && res.status !== 200) throw this.httpError(spec, res, secrets);
  }

  /**
   * Which software answers: Gitea and Forgejo answer JSON at `GET /api/v1/version`; Forgejo also
   * at `GET /api/forgejo/v1/version`; Gogs has no version route (404 from the catch-all
   * `m.Any("/*", …)` in gogs/gogs `internal/route/api/v1/api.go`) but answers 401 at
   * `GET /api/v1/user` without a token. Unauthenticated; cached per client.
   * @throws GogsApiError `not-found` when nothing there looks like one of the three APIs
   */
  detectFlavor(extras: RequestExtras = {}): Promise<Flavor> {
    if (!this.flavorCache) {
      const p = this.detectFlavorUncached(extras);
      this.flavorCache = p;
      p.catch(() => {
        if (this.flavorCache === p) this.flavorCache = undefined;
      });
    }
    return this.flavorCache;
  }

  /** `<base>/user/settings/applications`: where a Gogs user deletes tokens (web UI). */
  applicationsPageUrl(): string {
    return `${this.baseUrl}/user/settings/applications`;
  }

  /** Releases pooled connections of the CA/proxy transport (no-op with the global fetch). */
  close(): Promise<void> {
    return this.transport.close();
  }

  private async detectFlavorUncached(extras: RequestExtras): Promise<Flavor> {
    const v1 = await this.request({ op: 'detectFlavor', method: 'GET', path: '/api/v1/version', signal: extras.signal });
    if (v1.status === 200 && hasVersion(v1.text)) {
      const fj = await this.request({ op: 'detectFlavor', method: 'GET', path: '/api/forgejo/v1/version', signal: extras.signal });
      return fj.status === 200 && hasVersion(fj.text) ? 'forgejo' : 'gitea';
    }
    if (v1.status === 404) {
      const user = await this.request({ op: 'detectFlavor', method: 'GET', path: '/api/v1/user', signal: extras.signal });
      if (user.status === 401 || user.status === 403) return 'gogs';
      throw new GogsApiError(
        'not-found',
        `No Gogs, Gitea or Forgejo API answers at ${this.baseUrl}/api/v1. Check the server URL: it should be the address of the home page.`,
        { status: user.status, method: 'GET', path: '/api/v1/user' },
      );
    }
    throw this.httpError({ op: 'detectFlavor', method: 'GET', path: '/api/v1/version' }, v1, []);
  }

  private async request(spec: RequestSpec): Promise<RawResponse> {
    if (this.urlProblem) throw this.urlProblem;
    const base = this.base as URL;
    const url = new URL(base.href.replace(/\/+$/, '') + spec.path + (spec.query ? `?${spec.query}` : ''));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.auth && 'token' in spec.auth) {
      headers.Authorization = `token ${spec.auth.token}`;
    } else if (spec.auth) {
      const cred = basic(spec.auth.username, spec.auth.password);
      headers.Authorization = `Basic ${cred}`;
      if (spec.auth.otp) {
        headers['X-Gitea-OTP'] = spec.auth.otp;
        headers['X-Forgejo-OTP'] = spec.auth.otp;
      }
    }
    let payload: string | undefined;
    if (spec.body !== undefined) {
      payload = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json';
    }

    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout;
    if (spec.signal?.aborted) throw this.cancelled(spec);
    const f: FetchLike = this.transport.fetchFor(url);
    let status: number;
    let text: string | undefined;
    let totalCount: number | undefined;
    try {
      const res = await f(url.href, { method: spec.method, headers, body: payload, signal, redirect: 'manual' });
      status = res.status;
      const total = Number(res.headers?.get?.('x-total-count') ?? NaN);
      if (Number.isFinite(total) && total >= 0) totalCount = total;
      if (status >= 300 && status < 400) {
        await res.body?.cancel().catch(() => undefined);
        throw new GogsApiError(
          'bad-response',
          `The server redirected ${spec.method} ${spec.path} (${status}). Set the server URL to the address it redirects to (for example https:// instead of http://, or the right subpath).`,
          { status, method: spec.method, path: spec.path },
        );
      }
      text = await readBodyCapped(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      if (err instanceof GogsApiError) throw err;
      throw this.transportError(spec, err, timeout);
    }
    if (text === undefined) {
      throw new GogsApiError(
        'bad-response',
        `The server's answer to ${spec.method} ${spec.path} (status ${status}) is larger than ${formatBytes(MAX_RESPONSE_BYTES)} once decompressed, ` +
          `far more than any Gogs, Gitea or Forgejo answer, so the client stopped reading it. Check that the server URL points at the Gogs server and not at something else.` +
          this.maybeCreatedHint(spec),
        { status, method: spec.method, path: spec.path },
      );
    }
    return totalCount === undefined ? { status, text } : { status, text, totalCount };
  }

  private cancelled(spec: Pick<RequestSpec, 'method' | 'path'>): GogsApiError {
    return new GogsApiError('cancelled', `Cancelled: ${spec.method} ${spec.path} was stopped before the server answered.`, {
      method: spec.method,
      path: spec.path,
    });
  }

  private transportError(spec: RequestSpec, err: unknown, timeout: AbortSignal): GogsApiError {
    const details = { method: spec.method, path: spec.path };
    const origin = this.base?.origin ?? this.baseUrl;
    if (spec.signal?.aborted) return this.cancelled(spec);
    const maybeCreated = this.maybeCreatedHint(spec);
    if (timeout.aborted) {
      return new GogsApiError(
        'timeout',
        `No answer from ${origin} within ${formatMs(this.timeoutMs)} (${spec.method} ${spec.path}). Check the network, or raise the timeout setting.${maybeCreated}`,
        { ...details, code: 'TIMEOUT' },
      );
    }
    const code = errorCode(err);
    if (code && TLS_CODE.test(code)) {
      return new GogsApiError(
        'tls',
        `The TLS certificate of ${origin} was not accepted (${code}). If the server uses an internal certificate authority, add its CA certificate (PEM) in the settings; otherwise check the URL.`,
        { ...details, code },
      );
    }
    return new GogsApiError(
      'network',
      `Could not reach ${origin} (${code ?? 'connection failed'}) for ${spec.method} ${spec.path}. Check the server URL, that the server is running, and the proxy settings.${maybeCreated}`,
      code ? { ...details, code } : details,
    );
  }

  /** A create whose answer never came (or could not be read) may still have made the token on the server. */
  private maybeCreatedHint(spec: RequestSpec): string {
    return spec.op === 'createToken' ? ` The token "${spec.tokenName}" may have been created anyway: check ${this.applicationsPageUrl()}.` : '';
  }

  private parseJson(res: RawResponse, method: string, path: string): unknown {
    try {
      return JSON.parse(res.text);
    } catch {
      throw new GogsApiError(
        'bad-response',
        `The server answered ${method} ${path} with something that is not JSON (status ${res.status}). Check that the server URL points at Gogs, Gitea or Forgejo and not at a proxy or login page.`,
        { status: res.status, method, path },
      );
    }
  }

  private badShape(method: string, path: string, status: number, expected: string): GogsApiError {
    return new GogsApiError(
      'bad-response',
      `The server answered ${method} ${path} with JSON of an unexpected shape (status ${status}; expected ${expected}). Is this a Gogs, Gitea or Forgejo server?`,
      { status, method, path },
    );
  }

  private httpError(spec: Pick<RequestSpec, 'op' | 'method' | 'path' | 'tokenName'>, res: RawResponse, secrets: (string | undefined)[]): GogsApiError {
    const { status } = res;
    const where = `${spec.method} ${spec.path}`;
    const details = { status, method: spec.method, path: spec.path };
    // The server's own text decides between kinds (2FA, name taken) but is shown only when the
    // request carried no password: a server or proxy that echoes credentials can encode them in
    // more ways than any redaction can undo (HTML entities, case, Unicode normalisation, …).
    const rawServerMsg = serverText(res.text);
    const serverMsg = redactSecrets(rawServerMsg, secrets);
    const basicRoute = spec.op === 'listTokens' || spec.op === 'createToken' || spec.op === 'deleteToken';
    const said = presentServerText(rawServerMsg, basicRoute, secrets);
    if (status === 401) {
      if (basicRoute && /\b(?:otp|2fa)\b|two[- ]factor/i.test(serverMsg)) {
        return new GogsApiError(
          'otp-required',
          `The account uses two-factor authentication: enter the current one-time code from your authenticator app (401 on ${where}).`,
          details,
        );
      }
      if (basicRoute) {
        return new GogsApiError(
          'unauthorized',
          `Wrong username or password (401 on ${where}). Creating and listing tokens needs the account password, not a token.`,
          details,
        );
      }
      return new GogsApiError(
        'unauthorized',
        `The server rejected the token (401 on ${where}): it was revoked or deleted, mistyped, or belongs to another server.`,
        details,
      );
    }
    if (status === 403) {
      return new GogsApiError(
        'forbidden',
        `The server refused ${where} (403).${said} On Gitea/Forgejo check the token's scopes, and that the username is the account the password belongs to.`,
        details,
      );
    }
    if (status === 404) {
      const hint =
        spec.op === 'deleteToken'
          ? 'The token is not on the server (already deleted?).'
          : 'Check the server URL (the address of the home page) and the username.';
      return new GogsApiError('not-found', `Not found (404 on ${where}). ${hint}`, details);
    }
    if (status === 405) {
      return new UnsupportedError(`The server does not support ${where} (405).`, details);
    }
    if (spec.op === 'createToken' && (status === 422 || status === 400)) {
      if (/\b(?:already|exists?|used)\b/i.test(serverMsg)) {
        return new GogsApiError(
          'conflict',
          `A token named "${spec.tokenName}" already exists for this account (${status} on ${where}). Pick another name.`,
          details,
        );
      }
      const scopes = /scope/i.test(serverMsg) ? ' Its answer is about the token scopes asked for: check them.' : '';
      return new GogsApiError('invalid-input', `The server refused the request (${status} on ${where}).${scopes}${said}`, details);
    }
    if (status === 400 || status === 422) {
      return new GogsApiError('invalid-input', `The server refused the request (${status} on ${where}).${said}`, details);
    }
    if (status >= 500) {
      const maybe =
        spec.op === 'createToken'
          ? ` The token "${spec.tokenName}" may or may not have been created: check ${this.applicationsPageUrl()}.`
          : '';
      return new GogsApiError(
        'server',
        `The server failed on ${where} (${status}). Try again later; the server's log has the cause.${maybe}`,
        details,
      );
    }
    return new GogsApiError('bad-response', `Unexpected answer ${status} to ${where}.${said}`, details);
  }
}

