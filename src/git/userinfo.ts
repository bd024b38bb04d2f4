/**
 * Where a token found in a file was used as a git/HTTP credential: the server and the user name
 * next to it, so the quick fix can keep them in the token's metadata after it removed them from
 * the file (VS Code's git askpass asks credential providers only at git's *Username* prompt,
 * so a fixed remote URL keeps no userinfo, and the user name lives in the metadata). PURE.
 */

/** Server (`scheme://host[:port]`) and user name seen around a token, each when known. */
export interface CredentialSource {
  server?: string;
  username?: string;
}

const UI = "[^\\s/?#@'\"`<>\\\\]";
const HOSTPORT = "[^\\s/?#'\"`<>\\\\@]+";

/**
 * Looks around `text[start, end)` (the token): `scheme://user:TOKEN@host[:port]` gives server
 * and user; `scheme://TOKEN[:x]@host` the server only; a `.netrc` entry `machine H login U
 * password TOKEN` gives `https://H` and `U`. Only http(s) servers are returned. Reads at most
 * 2 KiB on each side and never returns (part of) the token.
 */
export function credentialSourceOf(text: string, start: number, end: number): CredentialSource {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const before = text.slice(Math.max(lineStart, start - 2048), start);
  const after = text.slice(end, Math.min(lineEnd, end + 2048));
  const b = new RegExp(`([A-Za-z][A-Za-z0-9+.-]*)://(${UI}*)$`).exec(before);
  const a = new RegExp(`^(${UI}*)@(${HOSTPORT})`).exec(after);
  if (b && a) {
    const scheme = b[1].toLowerCase();
    const server = scheme === 'https' || scheme === 'http' ? `${scheme}://${a[2].toLowerCase()}` : undefined;
    const pre = b[2];
    const username = pre.endsWith(':') && pre.length > 1 ? safeDecode(pre.slice(0, -1)) : undefined;
    return { server, username };
  }
  const netrc = /machine\s+(\S+)\s+(?:[\s\S]*?\s)?login\s+(\S+)\s+(?:[\s\S]*?\s)?password\s+$/.exec(text.slice(Math.max(0, start - 2048), start));
  if (netrc && !/\bmachine\s/.test(netrc[0].slice(7))) return { server: `https://${netrc[1].toLowerCase()}`, username: netrc[2] };
  return {};
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
