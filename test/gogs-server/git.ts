/**
 * Git smart HTTP for the fake Gogs server: git's own CGI `git http-backend` (shared/recipes/
 * git-http-server.md) behind Basic auth that accepts, as Gogs does (gogs/gogs
 * `internal/route/repo/http.go` HTTPContexter: the account password first, then the username
 * as a token, then the password as a token), a live token as the Basic username or password.
 * A missing or wrong credential gets `401` with `WWW-Authenticate: Basic realm="."`, so git asks
 * its credential helpers. Repositories are bare `owner/name.git` folders under `root`.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

/** Path shapes git smart HTTP uses. */
export const GIT_PATH = /^\/[^/]+\/[^/]+\.git\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*)$/;

/** One git request the fake saw: what was asked and who got in (never the credential). */
export interface GitRequestRecord {
  method: string;
  path: string;
  status: number;
  /** `token-as-username`, `token-as-password`, `password` or `none`. */
  auth: string;
}

/** Who a Basic credential is (see the module comment), or `undefined`. */
export type GitAuthenticate = (username: string, password: string) => 'token-as-username' | 'token-as-password' | 'password' | undefined;

/**
 * Serves one git request with `git http-backend`. The request body is streamed to the CGI
 * (no size cap, binary); its output's headers become the response's.
 */
export function serveGit(req: http.IncomingMessage, res: http.ServerResponse, url: URL, root: string, authenticate: GitAuthenticate, log: GitRequestRecord[]): void {
  const record: GitRequestRecord = { method: req.method ?? 'GET', path: url.pathname, status: 0, auth: 'none' };
  log.push(record);
  const header = req.headers.authorization ?? '';
  const m = /^Basic\s+(\S+)$/.exec(header);
  let who: ReturnType<GitAuthenticate>;
  if (m) {
    const raw = Buffer.from(m[1], 'base64').toString('utf8');
    const i = raw.indexOf(':');
    who = authenticate(i < 0 ? raw : raw.slice(0, i), i < 0 ? '' : raw.slice(i + 1));
  }
  if (!who) {
    req.resume();
    record.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="."', 'Content-Type': 'text/plain' });
    res.end('Unauthorized\n');
    return;
  }
  record.auth = who;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: 'alice',
    REMOTE_ADDR: '127.0.0.1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: root,
  };
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  if (req.headers['content-length']) env.CONTENT_LENGTH = String(req.headers['content-length']);
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let started = false;
  cgi.stdout.on('data', (c: Buffer) => {
    if (started) {
      res.write(c);
      return;
    }
    head = Buffer.concat([head, c]);
    const text = head.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    if (end < 0) return;
    const sepLen = /\r?\n\r?\n/.exec(text.slice(end))![0].length;
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      if (k.toLowerCase() === 'status') status = parseInt(v, 10) || 200;
      else headers[k] = v;
    }
    record.status = status;
    res.writeHead(status, headers);
    started = true;
    res.write(head.subarray(end + sepLen));
  });
  cgi.on('close', () => {
    if (!started) {
      record.status = 500;
      res.writeHead(500);
    }
    res.end();
  });
}

/** Runs git (async: never block the loop of an in-process server) with safe switches. */
export function git(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.fsmonitor=false', '-c', 'protocol.allow=never', '-c', 'protocol.http.allow=always', '-c', 'protocol.file.allow=always', ...args], {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr }));
  });
}

/** Creates the bare repository `root/owner/name.git` accepting pushes over HTTP. */
export async function createBareRepo(root: string, fullName: string): Promise<string> {
  const dir = path.join(root, `${fullName}.git`);
  fs.mkdirSync(dir, { recursive: true });
  const r1 = await git(['init', '-q', '--bare', '-b', 'main', dir]);
  if (r1.code) throw new Error(r1.stderr);
  const r2 = await git(['-C', dir, 'config', 'http.receivepack', 'true']);
  if (r2.code) throw new Error(r2.stderr);
  return dir;
}
