/**
 * Which server a token found in a file belongs to, and whether that is known or only guessed.
 * Pure (no `vscode` import), so unit tests check it on plain strings.
 *
 * The detector's `finding.host` is, for most rules, the nearest plausible host in a window of
 * text around the token, favouring names with "gitea"/"gogs" in them: a decoy URL a few lines
 * away can win over the real server. Such a host is a suggestion the user confirms before the
 * extension sends anything to it. The one exception is the host of the URL that carries the token
 * as its userinfo (`https://user:<t>@git.example.test:3000/…`): that is where the user's own git
 * or curl already sent it, so it counts as confirmed.
 */
import type { Finding } from '../detection';

/** What the quick fix records about a token's server. */
export interface FindingServer {
  /**
   * Base URL (`https://git.example.test:3000`, origin only) for a userinfo URL; otherwise the
   * detector's host name (`git.example.test`) or `undefined` when none was seen.
   */
  host?: string;
  /** True only for the host of the URL that carries the token as its userinfo. */
  confirmed: boolean;
}

/** Characters of a URL's userinfo before the token (`user:`): no separators, spaces or quotes. */
const USER_PART = /^(?:[^\s/@:'"`]{0,128}:)?$/;
/** URL scheme at the end of the text before `://`. */
const SCHEME_AT_END = /([A-Za-z][A-Za-z0-9+.-]{0,15})$/;
/** What follows the token: an optional `:password`, then `@host[:port]`. */
const AFTER_TOKEN = /^(?::[^\s/@'"`]{0,128})?@([A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?(?=$|[/?#\s'"`),;\]>])/;

/**
 * The server of `finding` in `text` (the text the finding was made on).
 * - `context === 'userinfo'` with an `http`/`https` (also `git+https`) URL whose host is the
 *   detector's: `{host: <origin of that URL>, confirmed: true}`.
 * - anything else: `{host: finding.host, confirmed: false}` (a guess, or nothing).
 */
export function serverOfFinding(text: string, finding: Pick<Finding, 'start' | 'end' | 'context' | 'host'>): FindingServer {
  const guess: FindingServer = { host: finding.host, confirmed: false };
  if (finding.context !== 'userinfo' || !finding.host) return guess;
  const { start, end } = finding;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl;
  const sep = text.lastIndexOf('://', start - 1);
  if (sep < lineStart || !USER_PART.test(text.slice(sep + 3, start))) return guess;
  const scheme = SCHEME_AT_END.exec(text.slice(lineStart, sep))?.[1].toLowerCase().replace(/^git\+/, '');
  if (scheme !== 'https' && scheme !== 'http') return guess;
  const after = AFTER_TOKEN.exec(text.slice(end, lineEnd));
  if (!after || after[1].toLowerCase() !== finding.host.toLowerCase()) return guess;
  const port = after[2] !== undefined ? Number(after[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return guess;
  try {
    return { host: new URL(`${scheme}://${after[1]}${port !== undefined ? `:${port}` : ''}`).origin, confirmed: true };
  } catch {
    return guess;
  }
}
