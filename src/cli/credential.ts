/**
 * `gogs-key-hygiene credential get|store|erase`: a git credential helper (gitcredentials(7),
 * git-credential(1) "HELPER PROTOCOL"): attributes as `key=value` lines on stdin, ended by a
 * blank line or EOF. `get` answers `username` and `password` (the token) when `protocol` and
 * `host` — and `path`, when git sends one (credential.useHttpPath) and the token's server names
 * one — match a stored token's server. `store` and `erase` read their input and write nothing:
 * after a typed password git calls `store`, and capturing that would put an unknown secret in
 * our store; `erase` after a rejected token must not delete the user's token.
 *
 * Plain `http` is answered only for loopback hosts (the product never sends a token in clear
 * over a network).
 */
import { CliStore, resolveToken } from './store';
import { TokenMeta } from '../keychain/types';

/** Parses helper input: `key=value` lines until a blank line. Later keys win; `key[]` collects. */
export function parseCredentialInput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l === '') break;
    const eq = l.indexOf('=');
    if (eq <= 0) continue;
    out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** How well `meta`'s server matches the request: -1 no match, else the length of the matched path. */
export function matchScore(meta: TokenMeta, req: Record<string, string>): number {
  // A server guessed from text near the token is only a suggestion (see src/editor/serverHost.ts):
  // git gets the token only for a server the user typed, confirmed, or whose URL carried the token.
  if (!meta.host || meta.hostConfirmed !== true || meta.state === 'pending-revocation') return -1;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(meta.host) ? meta.host : `https://${meta.host}`);
  } catch {
    return -1;
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== req.protocol) return -1;
  if (url.host.toLowerCase() !== (req.host ?? '').toLowerCase()) return -1;
  if (protocol === 'http' && !LOOPBACK.has(url.hostname.toLowerCase())) return -1;
  if (req.username && meta.username && req.username !== meta.username) return -1;
  const base = url.pathname.replace(/^\/+|\/+$/g, '');
  if (!base) return 0;
  if (req.path === undefined) return 0;
  const p = req.path.replace(/^\/+/, '');
  return p === base || p.startsWith(`${base}/`) ? base.length : -1;
}

/**
 * Runs one helper action. `get` writes `username=…` / `password=…` when a token matches (else
 * nothing: git then asks the next helper or the user). Exit code 0 in every ordinary case.
 */
export async function credentialCommand(action: string | undefined, input: string, open: () => CliStore, out: NodeJS.WritableStream): Promise<number> {
  if (action !== 'get') return action === 'store' || action === 'erase' ? 0 : 2;
  const req = parseCredentialInput(input);
  if (!req.protocol || !req.host) return 0;
  const cli = open();
  const best = cli.store
    .list()
    .map((m) => ({ m, score: matchScore(m, req) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => b.score - a.score)[0];
  if (!best) return 0;
  const t = await resolveToken(cli, best.m.envVar);
  if (/[\n\0]/.test(t.value)) return 0;
  // Gogs takes the token as the Basic username or password, whatever the other one holds
  // (gogs/gogs internal/route/repo/http.go); keep the user's name when we know it.
  const username = req.username ?? best.m.username ?? 'gogs-key-hygiene';
  out.write(`username=${username}\npassword=${t.value}\n`);
  return 0;
}
