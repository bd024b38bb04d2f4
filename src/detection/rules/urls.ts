/**
 * Tokens inside URLs: the user name or password of `scheme://user:<t>@host` (userinfo) and the `token` /
 * `access_token` query parameter (also `&amp;`, `\u0026` and percent-encoded).
 */
import { isWordChar } from '../candidates';
import { Confidence } from '../types';
import { RuleIds, Verdict } from './catalogue';
import { AT, COLON, DASH, DOT, EQUALS, GT, LF, LOWER_D, LPAREN, LT, SLASH, UPPER_D, isQuote, isSpace } from './chars';
import type { Ctx } from './context';
import { FORGE_WORD_RE, isHostOther } from './keys';

const QUERY_PLAIN_RE = /(?:[?&;]|\\u0026)(?:access_)?token=$/;
const QUERY_ENCODED_RE = /%(?:3f|26)(?:access_)?token%3d$/i;

/**
 * The candidate as the password (`scheme://user:<t>@host`) or user name (`scheme://<t>@host`,
 * `scheme://<t>:x@host`) of a URL. `prev`/`prev2`/`next`: the char codes around the candidate (LF at the line's
 * edges). Null when it is not in a URL's userinfo or the host is another service's.
 */
export function userinfo(ctx: Ctx, prev: number, prev2: number, next: number): Verdict | null {
  const w = ctx.w;
  const { s, e, ls, le } = ctx;
  let asUser = false;
  if (prev === SLASH && prev2 === SLASH) {
    // scheme://<t>@host or scheme://<t>:x@host
    if (s - 3 < ls || w.charCodeAt(s - 3) !== COLON) return null;
    asUser = true;
  } else if (prev === COLON) {
    // scheme://user:<t>@host
    let p = s - 1;
    const min = Math.max(ls, s - 130);
    while (p > min) {
      const c = w.charCodeAt(p - 1);
      if (c === SLASH || c === AT || isSpace(c) || c === COLON || isQuote(c)) break;
      p--;
    }
    if (p - 3 < ls || w.charCodeAt(p - 1) !== SLASH || w.charCodeAt(p - 2) !== SLASH || w.charCodeAt(p - 3) !== COLON) return null;
  } else {
    return null;
  }
  // what follows: @host, or (token as user name) :password@host
  let q = e;
  if (next === COLON && asUser) {
    const max = Math.min(le, e + 130);
    q = e + 1;
    while (q < max) {
      const c = w.charCodeAt(q);
      if (c === AT || c === SLASH || isSpace(c) || isQuote(c)) break;
      q++;
    }
  }
  if (q >= le || w.charCodeAt(q) !== AT) return null;
  let h = q + 1;
  const hmax = Math.min(le, h + 253);
  while (h < hmax) {
    const c = w.charCodeAt(h);
    if (isWordChar(c) || c === DOT || c === DASH) h++;
    else break;
  }
  const host = w.slice(q + 1, h).toLowerCase();
  if (host === '' || isHostOther(host)) return null;
  const forge = FORGE_WORD_RE.test(host) || ctx.evidence().forge !== Infinity;
  return {
    ruleId: RuleIds.userinfo,
    confidence: forge ? 'high' : 'medium',
    context: 'userinfo',
    host,
    detail: asUser ? `as the user name of a URL for ${host}` : `as the password of a URL for ${host}`,
  };
}

/** The candidate as the value of a `token` / `access_token` query parameter, or null. */
export function query(ctx: Ctx): Verdict | null {
  const w = ctx.w;
  const { s, ls } = ctx;
  const p1 = s > ls ? w.charCodeAt(s - 1) : LF;
  if (p1 !== EQUALS && p1 !== UPPER_D && p1 !== LOWER_D) return null; // `=`, or `%3D` / `%3d`
  const before = w.slice(Math.max(ls, s - 24), s);
  let encoded = false;
  let m = QUERY_PLAIN_RE.exec(before);
  if (m === null) {
    m = QUERY_ENCODED_RE.exec(before);
    encoded = m !== null;
  }
  if (m === null) return null;
  // the URL (or path) holding the parameter: back to whitespace, a quote or a bracket
  let u = s;
  const umin = Math.max(ls, s - 2048);
  while (u > umin) {
    const c = w.charCodeAt(u - 1);
    if (isSpace(c) || isQuote(c) || c === LT || c === GT || c === LPAREN) break;
    u--;
  }
  const url = w.slice(u, s);
  const hostM = /^[a-z][a-z0-9+.-]{0,15}:\/\/(?:[^@/]{0,128}@)?([^/:?#]{1,253})/i.exec(url);
  const host = hostM ? hostM[1].toLowerCase() : undefined;
  if (host !== undefined && isHostOther(host)) return null;
  const param = /access_token/i.test(m[0]) ? 'access_token' : 'token';
  const apiPath = /\/api\/v1\/|%2Fapi%2Fv1%2F/i.test(url);
  let confidence: Confidence;
  if (apiPath) confidence = 'high';
  else {
    if (!ctx.forgeNearer()) return null;
    confidence = 'medium';
  }
  return {
    ruleId: RuleIds.query,
    confidence,
    context: 'query',
    keyName: param,
    host: host !== undefined && !host.includes('$') ? host : ctx.host(),
    detail: `in the ${encoded ? 'percent-encoded ' : ''}${param} query parameter${apiPath ? ' of an API URL' : ''}`,
  };
}
