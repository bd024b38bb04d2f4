/**
 * The token API response rule: the `sha1` field of a Gogs/Gitea token object (`POST/GET
 * /api/v1/users/{username}/tokens` answer `{"name", "sha1"}`), told apart from commits, files and downloads.
 */
import { RuleIds, Verdict } from './catalogue';
import { LBRACE, LBRACKET, RBRACE } from './chars';
import type { Ctx } from './context';
import { hasFileLikeName } from './scans';

/** Keys of objects that have a `sha1` but are not tokens: commits, files and downloads. */
const OBJECT_COMMIT_KEYS_RE = /["']?\b(?:message|author|committer|tree|parents|html_url|files|stats|before|after|ref|commit|url|href|size|length|path|file|filename|download|browser_download_url|content_type|mime|checksum|md5)\b\\?["']?\s*:/i;
const OBJECT_NAME_KEY_RE = /(?:^|[\s{,])\\?["']?(?:name|token_last_eight)\\?["']?\s*:/i;

/** `"sha1": "<t>"` in an object that looks like a Gogs/Gitea token (has `name`, no commit fields), or null. */
export function apiResponse(ctx: Ctx, quote: string | undefined): Verdict | null {
  const w = ctx.w;
  const { s, e } = ctx;
  let open = -1;
  for (let p = s - 1, min = Math.max(ctx.ws, s - 600); p >= min; p--) {
    const c = w.charCodeAt(p);
    if (c === LBRACE) { open = p; break; }
    if (c === RBRACE) break;
  }
  let close = -1;
  for (let p = e, max = Math.min(ctx.we, e + 600); p < max; p++) {
    const c = w.charCodeAt(p);
    if (c === RBRACE) { close = p; break; }
    if (c === LBRACE || c === LBRACKET) break;
  }
  let obj: string;
  if (open !== -1 && close !== -1) obj = w.slice(open, close + 1);
  else obj = ctx.lines(3);
  if (!OBJECT_NAME_KEY_RE.test(obj) || OBJECT_COMMIT_KEYS_RE.test(obj) || hasFileLikeName(obj)) return null;
  return { ruleId: RuleIds.apiResponse, confidence: 'high', context: 'other', keyName: 'sha1', host: ctx.host(), quote, detail: 'in the sha1 field of a token object' };
}
