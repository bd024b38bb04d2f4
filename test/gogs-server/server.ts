/**
 * A local HTTP(S) server that answers the token-related routes the way Gogs, Gitea and Forgejo
 * do, for tests and the demo workspace. Each behaviour cites the upstream source it follows.
 * Read, not copied: the logic is re-expressed in TypeScript.
 *
 * Gogs sources (gogs/gogs):
 * - `internal/route/api/v1/api.go`: routes; `reqToken()` on `/user`, `reqBasicAuth()` on
 *   `/users/:username/tokens` (GET + POST only), catch-all `m.Any("/*")` → 404, no `/version`.
 * - `internal/context/auth.go`: `authenticatedUserID` reads `?token=`, `?access_token=` (removed
 *   in 0.14.2), then `Authorization` split into exactly two fields with the first exactly
 *   `token`; `authenticatedUser` falls back to Basic (`Basic` exactly) with username/password.
 * - `internal/route/api/v1/user/app.go`: list → `[{name, sha1}]`, create → `201 {name, sha1}`,
 *   duplicate name → 422 via `ErrorStatus` (`{"message", "url"}`).
 * - `internal/database/access_tokens.go`: token = SHA-1 of a UUID; stored `sha1 = sha256[:40]`
 *   and `sha256`; lookup hashes the presented value; `Touch` on every use.
 * - `internal/context/api.go`: `NotFound()` is a bare 404; `Error` → 500 with a generic message.
 * - `internal/route/user/setting.go`: web `Applications` page and `DeleteApplication` (`id`).
 *
 * Gitea/Forgejo sources (go-gitea/gitea):
 * - `routers/api/v1/user/app.go`: list → `[{id, name, sha1: "", token_last_eight, scopes}]`,
 *   create → `201 {id, name, sha1: <token>, token_last_eight}`, duplicate → 400
 *   "access token name has been used already", `DELETE /users/{u}/tokens/{id-or-name}` → 204,
 *   404 when unknown, 422 when a name matches several.
 * - `services/auth/oauth2.go` `parseToken`: `?token=`/`?access_token=` (unless disabled) and the
 *   `Authorization` header with `token` or `bearer` in any case.
 * - `services/auth/basic.go`: Basic with a token as password (or as username with an empty
 *   password), else username/password with `X-Gitea-OTP` validated when the user has 2FA.
 * - `routers/api/v1/api.go`: `reqBasicOrRevProxyAuth()` on the token routes, `reqToken()` on
 *   `/user`, `reqSelfOrAdmin()` (403 for another user's tokens).
 *
 * Test-only control endpoints (JSON bodies; for host tests in another process):
 * - `GET /__test/state` — users, token names/ids/scopes (no hashes, no values), request count, faults
 * - `POST /__test/faults {route, fault}` — set (or with `fault: null` clear) a {@link Fault}; `DELETE /__test/faults` clears all
 * - `POST /__test/seed-token {name, username?, scopes?}` → `{token}`
 * - `POST /__test/delete-token {name | id, username?}` → `{deleted}` (as the user would in the web UI)
 * - `POST /__test/accepted {token}` → `{accepted}` (does not count as a use)
 * - `POST /__test/down {ms}` — answer, then stop listening for `ms` (≤ 60000) and come back
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FakeGogsState, FakeUser, ServerMode, StoredToken } from './state';

export { FakeGogsState } from './state';
import { GIT_PATH, GitAuthenticate, GitRequestRecord, serveGit } from './git';
export { createBareRepo, git } from './git';
export type { GitRequestRecord } from './git';
export type { FakeUser, ServerMode, StoredToken, RequestRecord } from './state';

/** Routes a fault can target; `*` matches every API and web route (not `/__test/`). */
export type RouteKey = 'user' | 'tokens.list' | 'tokens.create' | 'tokens.delete' | 'version' | 'web' | '*';

/**
 * A fault switch for one route. Several effects combine in this order: `slowMs`, then
 * `dropConnection: true` / `status500` / `badJson` / `wrongShape` (first that is set wins), or
 * `dropConnection: 'after'` (handle the request, then drop the connection instead of answering).
 */
export interface Fault {
  /** Delay (ms) before handling. If the client goes away during the delay, the request is not handled. */
  slowMs?: number;
  /** Answer 500 like Gogs' `APIContext.Error`. */
  status500?: boolean;
  /** `true`: destroy the socket without handling. `'after'`: handle (e.g. create the token), then destroy. */
  dropConnection?: boolean | 'after';
  /** Answer 200 with truncated JSON. */
  badJson?: boolean;
  /** Answer 200 with valid JSON of the wrong shape. */
  wrongShape?: boolean;
  /** Let this many matching requests pass untouched first. Default 0. */
  skip?: number;
  /** Apply to this many requests (after `skip`), then remove the fault. Default: unlimited. */
  times?: number;
}

/** Options of {@link startGogsServer}. */
export interface GogsServerOptions {
  mode?: ServerMode;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Seeded user. Defaults: `alice` and a random password. */
  username?: string;
  password?: string;
  /**
   * Two-factor code of the seeded user. Gitea/Forgejo then require it in `X-Gitea-OTP`
   * (`X-Forgejo-OTP` too on Forgejo) for password Basic auth. Gogs' API ignores 2FA for Basic
   * auth (its `authenticatedUser` never checks it), and so does this fake in gogs mode.
   */
  otp?: string;
  /**
   * Accept `?token=` / `?access_token=`. Default: false in gogs mode (removed in Gogs 0.14.2),
   * true in gitea/forgejo mode (`DISABLE_QUERY_AUTH_TOKEN` defaults to false).
   */
  acceptQueryToken?: boolean;
  /** Serve HTTPS with this key/cert (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Version string for `/api/v1/version` (gitea/forgejo). */
  version?: string;
  /** Serve git smart HTTP for the bare repositories `owner/name.git` under this folder (test/gogs-server/git.ts). */
  gitRoot?: string;
}

/** Handle returned by {@link startGogsServer}. */
export interface GogsServerHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly mode: ServerMode;
  readonly port: number;
  readonly state: FakeGogsState;
  /** Sets (or with `undefined` clears) the fault of `route`. */
  setFault(route: RouteKey, fault: Fault | undefined): void;
  clearFaults(): void;
  /** Current faults (copies). */
  faults(): Partial<Record<RouteKey, Fault>>;
  /** Stops listening and drops open connections ("server down"), keeping the state. */
  suspend(): Promise<void>;
  /** Listens again on the same port with the same state. */
  resume(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
  /** Git requests served (with `gitRoot`). */
  readonly gitRequests: GitRequestRecord[];
}

const GOGS_DOC_URL = 'https://github.com/gogs/docs-api';
const GITEA_DOC_URL = 'https://docs.gitea.com/api';
const USER_SCOPES = new Set(['all', 'read:user', 'write:user']);

/** An answer, built before it is written (so a fault can drop it after the side effects). */
interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface AuthResult {
  user?: FakeUser;
  /** Authenticated by a token (header or query, or Gitea Basic-with-token). */
  viaToken?: StoredToken;
  /** Authenticated by Basic with username/password. */
  viaPassword?: boolean;
  /** Gitea: a password Basic auth that failed the OTP check. */
  otpFailed?: boolean;
}

/**
 * Starts the fake server. See the module comment for the upstream behaviour it follows.
 * @returns a handle with the base URL, the state and the fault switches
 */
export async function startGogsServer(options: GogsServerOptions = {}): Promise<GogsServerHandle> {
  const mode: ServerMode = options.mode ?? 'gogs';
  const state = new FakeGogsState(mode);
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`;
  state.addUser(options.username ?? 'alice', password, { otp: options.otp });
  const acceptQueryToken = options.acceptQueryToken ?? mode !== 'gogs';
  const version = options.version ?? (mode === 'forgejo' ? '9.0.3+gitea-1.22.0' : '1.22.6');
  const faults = new Map<RouteKey, Fault & { seen: number; applied: number }>();
  const sockets = new Set<Socket>();
  const gitRequests: GitRequestRecord[] = [];
  // gogs/gogs internal/route/repo/http.go: the account password, then the username as a token,
  // then the password as a token.
  const gitAuthenticate: GitAuthenticate = (u, p) => {
    const user = state.findUser(u);
    if (user && p && user.password === p) return 'password';
    if (state.lookup(u)) return 'token-as-username';
    if (state.lookup(p)) return 'token-as-password';
    return undefined;
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) write(res, json(500, { message: `fake server error: ${String(err)}` }));
      else res.destroy();
    });
  };
  const server: http.Server | https.Server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  let listening = true;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (options.gitRoot && GIT_PATH.test(url.pathname)) {
      return serveGit(req, res, url, options.gitRoot, gitAuthenticate, gitRequests);
    }
    const body = await readBody(req);
    const authHeader = req.headers.authorization ?? '';
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      authScheme: authHeader.trim().split(/\s+/)[0] || 'none',
      queryToken: url.searchParams.has('token') || url.searchParams.has('access_token'),
      status: 0,
    };
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    if (url.pathname.startsWith('/__test/')) {
      return testControl(req, res, url, body);
    }
    state.requests.push(record);

    const route = routeKey(req.method ?? 'GET', url.pathname);
    const fault = takeFault(route);
    if (fault?.slowMs) {
      const gone = await delay(fault.slowMs, req);
      if (gone) return;
    }
    if (fault?.dropConnection === true) {
      req.socket.destroy();
      return;
    }
    if (fault?.status500) {
      // gogs/gogs internal/context/api.go: APIContext.Error → 500 with a generic message.
      return write(res, json(500, { message: 'Something went wrong, please check the server logs for more information.', url: docUrl() }));
    }
    if (fault?.badJson) {
      return write(res, { status: 200, headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: '{"id": 1, "username": "ali' });
    }
    if (fault?.wrongShape) return write(res, json(200, { unexpected: true }));
    const reply = route_(req, url, body);
    if (fault?.dropConnection === 'after') {
      // Handled for real (side effects happened), but the answer is lost.
      req.socket.destroy();
      return;
    }
    write(res, reply);
  }

  function takeFault(route: RouteKey | undefined): Fault | undefined {
    if (!route) return undefined;
    for (const key of [route, '*'] as RouteKey[]) {
      const f = faults.get(key);
      if (!f) continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      f.applied++;
      if (f.times !== undefined && f.applied >= f.times) faults.delete(key);
      return f;
    }
    return undefined;
  }

  function route_(req: http.IncomingMessage, url: URL, body: string): Reply {
    const method = req.method ?? 'GET';
    const p = url.pathname.replace(/\/+$/, '') || '/';

    if (p === '/api/v1/version' && method === 'GET') {
      // Gogs: no such route → catch-all bare 404 (api.go `m.Any("/*", … c.NotFound())`).
      if (mode === 'gogs') return notFound();
      return json(200, { version });
    }
    if (p === '/api/forgejo/v1/version' && method === 'GET') {
      if (mode === 'forgejo') return json(200, { version });
      return notFound();
    }
    if (p === '/api/v1/user' && method === 'GET') return getAuthenticatedUser(req, url);

    const m = /^\/api\/v1\/users\/([^/]+)\/tokens(?:\/([^/]+))?$/.exec(p);
    if (m) {
      const pathUser = decodeURIComponent(m[1]);
      const tokenParam = m[2] !== undefined ? decodeURIComponent(m[2]) : undefined;
      if (tokenParam === undefined && method === 'GET') return listTokens(req, url, pathUser);
      if (tokenParam === undefined && method === 'POST') return createToken(req, url, pathUser, body);
      if (tokenParam !== undefined && method === 'DELETE') return deleteToken(req, url, pathUser, tokenParam);
      return notFound();
    }
    if (p.startsWith('/api/')) return notFound();

    if (p === '/user/settings/applications' && method === 'GET') return applicationsPage();
    if (p === '/user/settings/applications/delete' && method === 'POST') {
      // gogs/gogs internal/route/user/setting.go DeleteApplication: form field `id`, JSON {redirect}.
      // The real route needs a signed-in session and a CSRF token; the fake acts for the seeded user.
      const form = new URLSearchParams(body);
      const id = Number(form.get('id') ?? url.searchParams.get('id'));
      state.deleteToken(id);
      const redirect = '/user/settings/applications';
      if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') && !(req.headers.accept ?? '').includes('json')) {
        return { status: 303, headers: { Location: redirect } };
      }
      return json(200, { redirect });
    }
    if (p === '/' && method === 'GET') return applicationsPage();
    return { status: 404, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '<!DOCTYPE html><title>Page Not Found</title><h1>404</h1>' };
  }

  // ---- authentication --------------------------------------------------------------------

  function authenticate(req: http.IncomingMessage, url: URL): AuthResult {
    const header = req.headers.authorization ?? '';
    if (mode === 'gogs') {
      // internal/context/auth.go authenticatedUserID: query token first, then the header.
      let token = '';
      if (acceptQueryToken) token = url.searchParams.get('token') || url.searchParams.get('access_token') || '';
      if (!token && header) {
        const fields = header.trim().split(/\s+/);
        if (fields.length === 2 && fields[0] === 'token') token = fields[1];
      }
      if (token) {
        const t = state.lookup(token);
        if (t) {
          t.updatedUnix = Math.floor(Date.now() / 1000); // AccessTokens.Touch
          return { user: state.users.find((u) => u.id === t.uid), viaToken: t };
        }
        // An unknown token → not signed in; the Basic branch below only runs for a Basic header.
      }
      const fields = header.trim().split(/\s+/);
      if (fields.length === 2 && fields[0] === 'Basic') {
        const [uname, pw] = decodeBasic(fields[1]);
        const u = state.findUser(uname);
        if (u && u.password === pw) return { user: u, viaPassword: true };
      }
      return {};
    }

    // Gitea / Forgejo: services/auth/oauth2.go parseToken, then services/auth/basic.go.
    let token = '';
    if (acceptQueryToken) token = url.searchParams.get('token') || url.searchParams.get('access_token') || '';
    const sp = header.indexOf(' ');
    const scheme = sp > 0 ? header.slice(0, sp).toLowerCase() : '';
    const cred = sp > 0 ? header.slice(sp + 1).trim() : '';
    if (!token && (scheme === 'token' || scheme === 'bearer')) token = cred;
    if (token) {
      const t = state.lookup(token);
      if (t) {
        t.updatedUnix = Math.floor(Date.now() / 1000);
        return { user: state.users.find((u) => u.id === t.uid), viaToken: t };
      }
      return {};
    }
    if (scheme === 'basic') {
      const [uname, pw] = decodeBasic(cred);
      const asToken = pw === '' || pw === 'x-oauth-basic' ? uname : pw;
      const t = state.lookup(asToken);
      if (t) return { user: state.users.find((u) => u.id === t.uid), viaToken: t };
      const u = state.findUser(uname);
      if (u && u.password === pw) {
        if (u.otp) {
          const given = (req.headers['x-gitea-otp'] as string | undefined) ?? (mode === 'forgejo' ? (req.headers['x-forgejo-otp'] as string | undefined) : undefined);
          if (given !== u.otp) return { otpFailed: true };
        }
        return { user: u, viaPassword: true };
      }
    }
    return {};
  }

  /**
   * Auth for the token routes. Gogs: `reqBasicAuth()` → bare 401 unless Basic username/password.
   * Gitea/Forgejo: `reqBasicOrRevProxyAuth()` → 401 JSON; a token (even inside Basic) is refused
   * with "auth method not allowed" as Forgejo does on these routes; OTP failure → 401.
   * @returns the user, or undefined after answering
   */
  function requirePassword(req: http.IncomingMessage, url: URL, pathUser: string): FakeUser | Reply {
    const a = authenticate(req, url);
    if (mode === 'gogs') {
      if (!a.user || !a.viaPassword) return { status: 401 };
      // Gogs ignores :username here: ListAccessTokens/CreateAccessToken use c.User.ID.
      return a.user;
    }
    if (a.otpFailed) return json(401, { message: 'invalid provided OTP', url: docUrl() });
    if (a.viaToken) return json(401, { message: 'auth method not allowed', url: docUrl() });
    if (!a.user || !a.viaPassword) return json(401, { message: 'auth required', url: docUrl() });
    const target = state.findUser(pathUser);
    if (!target) return json(404, { message: 'user does not exist', url: docUrl() });
    if (target.id !== a.user.id) {
      return json(403, { message: 'doer should be the same as the context user or site admin', url: docUrl() });
    }
    return a.user;
  }

  // ---- handlers --------------------------------------------------------------------------

  function getAuthenticatedUser(req: http.IncomingMessage, url: URL): Reply {
    const a = authenticate(req, url);
    if (mode === 'gogs') {
      // api.go: the /user group has reqToken() → a bare 401 unless authenticated by a token.
      if (!a.user || !a.viaToken) return { status: 401 };
      return json(200, gogsUser(a.user));
    }
    if (a.otpFailed) return json(401, { message: 'invalid provided OTP', url: docUrl() });
    if (!a.user) return json(401, { message: 'token is required', url: docUrl() });
    if (a.viaToken && !a.viaToken.scopes.some((s) => USER_SCOPES.has(s))) {
      return json(403, {
        message: `token does not have at least one of required scope(s), required=[read:user], token scope=${a.viaToken.scopes.join(',')}`,
        url: docUrl(),
      });
    }
    return json(200, giteaUser(a.user));
  }

  function listTokens(req: http.IncomingMessage, url: URL, pathUser: string): Reply {
    const user = requirePassword(req, url, pathUser);
    if ('status' in user) return user;
    const mine = state.tokens.filter((t) => t.uid === user.id).sort((x, y) => x.id - y.id);
    if (mode === 'gogs') {
      // app.go ListAccessTokens: {name, sha1} where the stored sha1 column is sha256[:40].
      return json(200, mine.map((t) => ({ name: t.name, sha1: t.sha256.slice(0, 40) })));
    }
    // Gitea pages list routes: `page` (1-based) and `limit` (default 30, capped at 50), total in
    // X-Total-Count (routers/api/v1/utils GetListOptions, setting.API.DefaultPagingNum/MaxResponseItems).
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 30, 1), 50);
    const page = Math.max(Number(url.searchParams.get('page')) || 1, 1);
    const reply = json(
      200,
      mine
        .slice((page - 1) * limit, page * limit)
        .map((t) => ({ id: t.id, name: t.name, sha1: '', token_last_eight: t.lastEight, scopes: t.scopes })),
    );
    (reply.headers as Record<string, string>)['X-Total-Count'] = String(mine.length);
    return reply;
  }

  function createToken(req: http.IncomingMessage, url: URL, pathUser: string, body: string): Reply {
    const user = requirePassword(req, url, pathUser);
    if ('status' in user) return user;
    let form: { name?: unknown; scopes?: unknown } = {};
    const ctype = req.headers['content-type'] ?? '';
    if (ctype.includes('application/json')) {
      try {
        form = JSON.parse(body || '{}') as typeof form;
      } catch {
        // macaron binding: a JSON decode error is a 422 binding error.
        return json(422, [{ fieldNames: [], classification: 'DeserializationError', message: 'invalid JSON' }]);
      }
    } else {
      const f = new URLSearchParams(body);
      form = { name: f.get('name') ?? undefined };
    }
    const name = typeof form.name === 'string' ? form.name : '';
    if (!name) {
      // binding:"Required" on CreateAccessTokenOption.Name → 422 with the binding error list.
      return json(422, [{ fieldNames: ['Name'], classification: 'RequiredError', message: 'Required' }]);
    }
    const scopes = Array.isArray(form.scopes) ? form.scopes.filter((s): s is string => typeof s === 'string') : [];
    if (state.tokens.some((t) => t.uid === user.id && t.name === name)) {
      if (mode === 'gogs') {
        // app.go: ErrAccessTokenAlreadyExist → c.ErrorStatus(422, err).
        return json(422, { message: `access token already exists: map[name:${name} userID:${user.id}]`, url: docUrl() });
      }
      return json(400, { message: 'access token name has been used already', url: docUrl() });
    }
    const { token, stored } = state.createToken(user, name, mode === 'gogs' ? [] : scopes);
    if (mode === 'gogs') return json(201, { name: stored.name, sha1: token });
    return json(201, { id: stored.id, name: stored.name, sha1: token, token_last_eight: stored.lastEight });
  }

  function deleteToken(req: http.IncomingMessage, url: URL, pathUser: string, param: string): Reply {
    if (mode === 'gogs') return notFound(); // no DELETE route; the catch-all answers 404
    const user = requirePassword(req, url, pathUser);
    if ('status' in user) return user;
    // app.go DeleteAccessToken: ParseInt(token, 0, 64); 0 (not a number) → look up by name.
    const asId = /^\d+$/.test(param) ? Number(param) : 0;
    let target: StoredToken | undefined;
    if (asId === 0) {
      const byName = state.tokens.filter((t) => t.uid === user.id && t.name === param);
      if (byName.length === 0) return json(404, { message: "The target couldn't be found.", url: docUrl() });
      if (byName.length > 1) return json(422, { message: `multiple matches for token name '${param}'`, url: docUrl() });
      target = byName[0];
    } else {
      target = state.tokens.find((t) => t.id === asId && t.uid === user.id);
      if (!target) return json(404, { message: "The target couldn't be found.", url: docUrl() });
    }
    state.deleteToken(target.id, user.username);
    return { status: 204 };
  }

  function applicationsPage(): Reply {
    // gogs/gogs internal/route/user/setting.go Applications: the signed-in user's tokens, names only.
    const user = state.defaultUser;
    const rows = state.tokens
      .filter((t) => t.uid === user.id)
      .map(
        (t) =>
          `<li><strong>${escapeHtml(t.name)}</strong> ` +
          `<form method="post" action="/user/settings/applications/delete" style="display:inline">` +
          `<input type="hidden" name="id" value="${t.id}"><button type="submit">Delete</button></form></li>`,
      )
      .join('\n');
    const product = mode === 'gogs' ? 'Gogs' : mode === 'gitea' ? 'Gitea' : 'Forgejo';
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=UTF-8' },
      body:
        `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Applications - ${product} (local test server)</title></head>` +
        `<body><h1>Personal access tokens of ${escapeHtml(user.username)}</h1>` +
        `<p>Each token gives full access to your account via the API.</p><ul id="tokens">${rows}</ul>` +
        `<p><small>Local test server: no sign-in needed.</small></p></body></html>`,
    };
  }

  // ---- test control (another process can drive the faults) -------------------------------

  async function testControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): Promise<void> {
    const method = req.method ?? 'GET';
    let args: Record<string, unknown>;
    try {
      args = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return write(res, json(400, { message: 'body must be JSON' }));
    }
    const username = typeof args.username === 'string' ? args.username : undefined;
    switch (`${method} ${url.pathname}`) {
      case 'GET /__test/state':
        return write(res, json(200, { ...state.snapshot(), faults: handle.faults() }));
      case 'POST /__test/faults':
        handle.setFault(args.route as RouteKey, (args.fault ?? undefined) as Fault | undefined);
        return write(res, json(200, { faults: handle.faults() }));
      case 'DELETE /__test/faults':
        handle.clearFaults();
        return write(res, json(200, { faults: {} }));
      case 'POST /__test/seed-token': {
        const scopes = Array.isArray(args.scopes) ? (args.scopes as string[]) : undefined;
        const token = state.seedToken(String(args.name ?? 'seeded'), { username, scopes });
        return write(res, json(200, { token }));
      }
      case 'POST /__test/delete-token': {
        // As if the user deleted the token in the web UI.
        const idOrName = typeof args.id === 'number' ? args.id : String(args.name ?? '');
        return write(res, json(200, { deleted: state.deleteToken(idOrName, username) }));
      }
      case 'POST /__test/accepted':
        // Whether a token is accepted, asked without it counting as a use.
        return write(res, json(200, { accepted: state.isAccepted(String(args.token ?? '')) }));
      case 'POST /__test/down': {
        const ms = Math.min(Number(args.ms ?? 1000), 60_000);
        res.on('finish', () => {
          void handle.suspend().then(() => setTimeout(() => void handle.resume(), ms));
        });
        return write(res, json(200, { downForMs: ms }));
      }
      default:
        return write(res, json(404, { message: 'unknown test endpoint' }));
    }
  }

  function docUrl(): string {
    return mode === 'gogs' ? GOGS_DOC_URL : GITEA_DOC_URL;
  }

  function notFound(): Reply {
    // Gogs internal/context/api.go NotFound(): c.Status(404), empty body.
    if (mode === 'gogs') return { status: 404 };
    return json(404, { errors: null, message: 'not found', url: docUrl() });
  }

  function gogsUser(u: FakeUser): Record<string, unknown> {
    return { id: u.id, username: u.username, login: u.username, full_name: u.fullName, email: u.email, avatar_url: `${baseUrl}/avatars/${u.id}` };
  }

  function giteaUser(u: FakeUser): Record<string, unknown> {
    // Gitea's User JSON has `login` and, for Gogs compatibility, `username`.
    return {
      id: u.id,
      login: u.username,
      login_name: '',
      full_name: u.fullName,
      email: u.email,
      avatar_url: `${baseUrl}/avatars/${u.id}`,
      username: u.username,
      is_admin: false,
    };
  }

  const handle: GogsServerHandle = {
    url: baseUrl,
    mode,
    port,
    state,
    gitRequests,
    setFault(route, fault) {
      if (!fault) faults.delete(route);
      else faults.set(route, { ...fault, seen: 0, applied: 0 });
    },
    clearFaults() {
      faults.clear();
    },
    faults() {
      const out: Partial<Record<RouteKey, Fault>> = {};
      for (const [k, { seen: _s, applied: _a, ...f }] of faults) out[k] = f;
      return out;
    },
    async suspend() {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    async resume() {
      if (listening) return;
      await listen(server, port, host);
      listening = true;
    },
    async close() {
      await handle.suspend();
    },
  };
  return handle;
}

function routeKey(method: string, pathname: string): RouteKey | undefined {
  const p = pathname.replace(/\/+$/, '');
  if (p === '/api/v1/user') return 'user';
  if (p === '/api/v1/version' || p === '/api/forgejo/v1/version') return 'version';
  if (/^\/api\/v1\/users\/[^/]+\/tokens$/.test(p)) return method === 'POST' ? 'tokens.create' : 'tokens.list';
  if (/^\/api\/v1\/users\/[^/]+\/tokens\/[^/]+$/.test(p)) return 'tokens.delete';
  if (p.startsWith('/user/settings/applications')) return 'web';
  if (p.startsWith('/api/')) return '*';
  return undefined;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1_000_000) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('aborted', () => resolve(''));
  });
}

/** Waits `ms`; resolves true early when the client disconnects. */
function delay(ms: number, req: http.IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve(false);
    }, ms);
    req.socket.once('close', onClose);
  });
}

function decodeBasic(b64: string): [string, string] {
  const s = Buffer.from(b64, 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function json(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: JSON.stringify(value) };
}

function write(res: http.ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
  if (reply.body !== undefined) headers['Content-Length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
