/**
 * Call arguments and array elements: env defaults (`env('GOGS_TOKEN', '<t>')`), header values
 * (`AuthenticationHeaderValue("token", "<t>")`), client constructors and credential setters
 * (`gogs.NewClient(url, "<t>")`, `client.SetToken("<t>")`), and lists under a credential key.
 */
import { isWordChar } from '../candidates';
import { RuleIds, Verdict } from './catalogue';
import {
  COLON, COMMA, DASH, DOLLAR, DOT, GT, BACKSLASH, LBRACE, LBRACKET, LPAREN, RBRACE, RBRACKET, RPAREN, isQuote, isSpace,
} from './chars';
import type { Ctx } from './context';
import { classifyKey, FORGE_WORD_RE } from './keys';
import { IDENTIFIER_LIKE_RE, Keyed, Lhs, parseLhsAt } from './lhs';
import { literalOf } from './scans';
import { headerVerdict } from './verdicts';

const SETTER_RE = /token|auth|login|credential|password|basic/i;
const CONSTRUCTOR_RE = /client|api|^new$|^gogs$|^gitea$|^forgejo$|connect|session|^open$|^init/i;
const HEADER_CALLEE_RE = /authenticationheadervalue|authorization/i;

/** The verdict on the candidate as an argument of a call or an element of an array (`lhs.op` is `,`, `(` or `[`). */
export function callArgument(ctx: Ctx, lhs: Lhs, keyed: Keyed): Verdict | null {
  const call = enclosing(ctx, lhs);
  if (call === null) return null;
  const { open, openChar, prevArg, argIndex } = call;
  if (openChar === '[') {
    // `tokens: ["<t>", …]`, `TOKENS = ['<t>']`
    const inner = parseLhsAt(ctx, open, '');
    if (inner === null || inner.key === undefined || inner.op === ',' || inner.op === '(' || inner.op === '[') return null;
    return keyed(ctx, inner.key, { ...inner, quote: lhs.quote, scheme: lhs.scheme });
  }
  let callee = calleeBefore(ctx, open);
  if (callee === '') {
    // `auth=("user", "<t>")`: a tuple assigned to a key
    const inner = parseLhsAt(ctx, open, '');
    if (inner !== null && inner.key !== undefined && (inner.op === '=' || inner.op === ':')) callee = inner.key;
  }
  if (callee === '') return null;
  const lastSeg = callee.split(/\.|::|->|:|\\/).pop() ?? callee;

  // header-valued calls: AuthenticationHeaderValue("token", "<t>")
  if (HEADER_CALLEE_RE.test(lastSeg) && argIndex <= 1) {
    const pa = (prevArg ?? '').toLowerCase();
    return headerVerdict(ctx, lhs.scheme || (pa === 'token' || pa === 'bearer' ? pa : ''), lhs.quote || undefined);
  }
  // key/value calls: env('GOGS_TOKEN', '<t>'), ENV.fetch("GITEA_TOKEN", "<t>"), Header.Set("Authorization", "token <t>")
  if (argIndex >= 1 && prevArg !== undefined && IDENTIFIER_LIKE_RE.test(prevArg)) {
    const kc = classifyKey(prevArg);
    if (kc !== 'none' || prevArg.toLowerCase() === 'sha1') {
      return keyed(ctx, prevArg, { op: '=', opPos: lhs.opPos, key: prevArg, quote: lhs.quote, scheme: lhs.scheme });
    }
  }
  if (lhs.quote === '') return null; // constructor arguments are string literals
  const forgeCallee = FORGE_WORD_RE.test(callee);
  const setter = SETTER_RE.test(lastSeg);
  if (forgeCallee && (setter || CONSTRUCTOR_RE.test(lastSeg))) {
    return { ruleId: RuleIds.constructor, confidence: 'high', context: 'constructor', host: ctx.host(), quote: lhs.quote, detail: `passed to ${callee}()` };
  }
  if (setter) {
    const ev = ctx.evidence();
    if (ev.forge === Infinity || ev.other < ev.forge) return null;
    return {
      ruleId: RuleIds.constructor,
      confidence: ev.forge <= 5 ? 'high' : 'medium',
      context: 'constructor',
      host: ctx.host(),
      quote: lhs.quote,
      detail: `passed to ${callee}() near a Gogs/Gitea server`,
    };
  }
  return null;
}

/** The callee before the `(` at `open`: an identifier chain (`gogs.NewClient`, `Gogs::Client.new`, `$this->client->setToken`). */
function calleeBefore(ctx: Ctx, open: number): string {
  const w = ctx.w;
  let c = open;
  while (c > ctx.ls && isSpace(w.charCodeAt(c - 1))) c--;
  let b = c;
  const bmin = Math.max(ctx.ls, c - 128);
  while (b > bmin) {
    const ch = w.charCodeAt(b - 1);
    if (isWordChar(ch) || ch === DOT || ch === DOLLAR || ch === COLON || ch === BACKSLASH
      || (ch === GT && b - 2 >= bmin && w.charCodeAt(b - 2) === DASH) || (ch === DASH && w.charCodeAt(b) === GT)) b--;
    else break;
  }
  return w.slice(b, c);
}

/** The `(`/`[` enclosing the candidate's argument, the argument index and the previous argument's literal value. */
function enclosing(ctx: Ctx, lhs: Lhs): { open: number; openChar: string; argIndex: number; prevArg?: string } | null {
  const w = ctx.w;
  if (lhs.op === '(' || lhs.op === '[') return { open: lhs.opPos, openChar: lhs.op, argIndex: 0 };
  // op ',': walk back over arguments, skipping string literals and balanced brackets
  let depth = 0;
  let argIndex = 1;
  let prevArg: string | undefined;
  let argEnd = lhs.opPos;
  let p = lhs.opPos;
  const min = Math.max(ctx.ls, lhs.opPos - 512);
  while (p > min) {
    const c = w.charCodeAt(p - 1);
    if (isQuote(c)) {
      const o = w.lastIndexOf(String.fromCharCode(c), p - 2);
      if (o < min) return null;
      p = o;
      continue;
    }
    if (c === RPAREN || c === RBRACKET || c === RBRACE) depth++;
    else if (c === LPAREN || c === LBRACKET || c === LBRACE) {
      if (depth === 0) {
        if (argIndex === 1) prevArg = literalOf(w.slice(p, argEnd));
        if (c === LBRACE) return null; // object literal: its keys are the assignment parse's business
        return { open: p - 1, openChar: c === LPAREN ? '(' : '[', argIndex, prevArg };
      }
      depth--;
    } else if (c === COMMA && depth === 0) {
      if (argIndex === 1) prevArg = literalOf(w.slice(p, argEnd));
      argIndex++;
      argEnd = p - 1;
    }
    p--;
  }
  return null;
}
