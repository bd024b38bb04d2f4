/**
 * The left-hand side of a candidate: what precedes it on its line, read backwards — an opening quote, an auth
 * scheme (`token `, `Bearer `), an operator (`=`, `:`, `=>`, `||`, `${X:-`, `,`, `(`, …) and the key before it
 * (identifier chain, quoted name, `ENV['X']`, `<password>`).
 */
import { isWordChar } from '../candidates';
import type { Verdict } from './catalogue';
import type { Ctx } from './context';
import {
  BACKSLASH, BANG, COLON, COMMA, DASH, DOT, EQUALS, GT, LBRACE, LBRACKET, LOWER_O, LOWER_R, LPAREN, LT, PIPE, PLUS,
  QUESTION, RBRACKET, RPAREN, SPACE, TILDE, hasWordChar, isKeyChar, isLetter, isQuote, isSpace,
} from './chars';

/** Result of parsing what precedes a candidate on its line. */
export interface Lhs {
  /** Operator between key and value: '=', ':', ':=', '=>', '||', '??', '?:', 'or', ':-', '-', ' ', '<>', ',', '(', '['. */
  op: string;
  /** Position of the operator's first character (for ',', '(', '[': the character itself). */
  opPos: number;
  key?: string;
  keyStart?: number;
  quote: string;
  scheme: string;
}

/** A plain identifier-like key (`GITEA_TOKEN`, `gitea.token`, `a:b`). */
export const IDENTIFIER_LIKE_RE = /^[A-Za-z_$][\w.\-:$]{0,127}$/;

const TYPE_NAMES: ReadonlySet<string> = new Set(['str', 'string', 'String', 'Str', 'text', 'Text']);
const TYPED_NAME_RE = /([A-Za-z_]\w{0,127})[ \t]*(?::[ \t]*)?&?(?:'static[ \t]+)?(?:mut[ \t]+)?$/;
const QUOTED_KEY_RE = /^[A-Za-z_$@/-][\w.\-:$@/]{0,127}$/;

/** Parses what precedes the candidate of `ctx` on its line: quote, auth scheme, operator and key. */
export function parseLhs(ctx: Ctx): Lhs | null {
  const w = ctx.w;
  const ls = ctx.ls;
  let p = ctx.s;
  let quote = '';
  // opening quote, possibly escaped (\" inside JSON strings)
  if (p > ls && isQuote(w.charCodeAt(p - 1))) {
    quote = w[p - 1];
    p--;
    while (p > ls && w.charCodeAt(p - 1) === BACKSLASH) p--;
  }
  // auth scheme: `token <t>`, `Bearer <t>`
  let scheme = '';
  let t = p;
  while (t > ls && isSpace(w.charCodeAt(t - 1))) t--;
  if (t < p) {
    let b = t;
    while (b > ls && b > t - 7 && isLetter(w.charCodeAt(b - 1))) b--;
    const word = w.slice(b, t).toLowerCase();
    const before = b > ls ? w.charCodeAt(b - 1) : SPACE;
    if ((word === 'token' || word === 'bearer') && !isWordChar(before) && before !== DASH && before !== DOT) {
      scheme = word;
      p = b;
      if (p > ls && isQuote(w.charCodeAt(p - 1))) {
        if (quote === '') quote = w[p - 1];
        p--;
        while (p > ls && w.charCodeAt(p - 1) === BACKSLASH) p--;
      }
    }
  }
  return parseLhsAt(ctx, p, quote, scheme);
}

/** Parses `key op` ending at `p0` (exclusive). */
export function parseLhsAt(ctx: Ctx, p0: number, quote: string, scheme = ''): Lhs | null {
  const w = ctx.w;
  const ls = ctx.ls;
  let p = p0;
  const hadSpace = p > ls && isSpace(w.charCodeAt(p - 1));
  while (p > ls && isSpace(w.charCodeAt(p - 1))) p--;
  if (p <= ls) return null;
  const c = w.charCodeAt(p - 1);
  const c2 = p - 2 >= ls ? w.charCodeAt(p - 2) : 0;
  let op: string;
  let opStart: number;
  switch (c) {
    case EQUALS:
      if (c2 === EQUALS || c2 === BANG || c2 === LT || c2 === GT || c2 === PLUS || c2 === TILDE) return null; // == != <= >= += =~
      if (c2 === COLON) { op = ':='; opStart = p - 2; } else { op = '='; opStart = p - 1; }
      break;
    case COLON:
      if (c2 === COLON) return null;
      if (c2 === QUESTION) { op = '?:'; opStart = p - 2; } else { op = ':'; opStart = p - 1; }
      break;
    case GT:
      if (c2 === EQUALS) { op = '=>'; opStart = p - 2; break; }
      return xmlTag(ctx, p, quote, scheme);
    case DASH: // ${VAR:-x} / ${VAR-x}
      if (c2 === COLON) { op = ':-'; opStart = p - 2; } else { op = '-'; opStart = p - 1; }
      break;
    case PIPE:
      if (c2 !== PIPE) return null;
      op = '||'; opStart = p - 2;
      break;
    case QUESTION:
      if (c2 !== QUESTION) return null;
      op = '??'; opStart = p - 2;
      break;
    case COMMA: return { op: ',', opPos: p - 1, quote, scheme };
    case LPAREN: return { op: '(', opPos: p - 1, quote, scheme };
    case LBRACKET: return { op: '[', opPos: p - 1, quote, scheme };
    case LBRACE: { // a block default after a call, `ENV.fetch('GITEA_TOKEN') { '<t>' }`
      let q = p - 1;
      while (q > ls && isSpace(w.charCodeAt(q - 1))) q--;
      if (q <= ls || w.charCodeAt(q - 1) !== RPAREN) return null;
      op = '{'; opStart = p - 1;
      break;
    }
    default:
      if (!hadSpace) return null;
      if (c === LOWER_R && c2 === LOWER_O && p - 3 >= ls && isSpace(w.charCodeAt(p - 3))) { op = 'or'; opStart = p - 2; break; }
      if (!isKeyChar(c) && !isQuote(c)) return null;
      op = ' '; opStart = p;
  }
  let k = opStart;
  while (k > ls && isSpace(w.charCodeAt(k - 1))) k--;
  if (op === '-' || op === ':-') {
    // only inside ${VAR-x} / ${VAR:-x}
    const km = /\$\{([A-Za-z_]\w{0,127})$/.exec(w.slice(Math.max(ls, k - 131), k));
    if (km === null) return null;
    return { op, opPos: opStart, key: km[1], keyStart: k - km[1].length, quote, scheme };
  }
  let key = readKey(ctx, k);
  if (key !== null && (op === '=' || op === ':=') && TYPE_NAMES.has(key.key)) {
    // a type annotation: `TOKEN: &str = "<t>"`, `val token: String = "<t>"`, `var token string = "<t>"`
    const m = TYPED_NAME_RE.exec(w.slice(Math.max(ls, key.start - 160), key.start));
    if (m !== null) key = { key: m[1], start: key.start - m[0].length };
  }
  if (key === null) return { op, opPos: opStart, quote, scheme };
  return { op, opPos: opStart, key: key.key, keyStart: key.start, quote, scheme };
}

/** `<password><t></password>`, `<token><t>`: the element name is the key. */
function xmlTag(ctx: Ctx, p: number, quote: string, scheme: string): Lhs | null {
  const w = ctx.w;
  const lt = w.lastIndexOf('<', p - 1);
  if (lt < ctx.ls || p - lt > 130) return null;
  // the name, then (after a character that cannot continue it) attributes: `[^<>]*` right after `[\w.:-]*` would
  // trade characters with it
  const m = /^<([A-Za-z_][\w.:-]*)(?:[^\w.:<>-][^<>]*)?>$/.exec(w.slice(lt, p));
  if (m === null) return null;
  return { op: '<>', opPos: lt, key: m[1].split(':').pop(), keyStart: lt + 1, quote, scheme };
}

/** Reads the key that ends at `k` (exclusive): identifier chain, quoted name, `ENV['X']`, `getenv("X")`. */
function readKey(ctx: Ctx, k: number): { key: string; start: number } | null {
  const w = ctx.w;
  const ls = ctx.ls;
  if (k <= ls) return null;
  const c = w.charCodeAt(k - 1);
  // closing bracket/paren: ENV['X'], os.environ["X"], getenv("X"), headers['Authorization']
  if (c === RBRACKET || c === RPAREN) {
    const open = w.lastIndexOf(c === RBRACKET ? '[' : '(', k - 1);
    if (open < ls || k - open > 130) return null;
    const m = /^\s*["'`]([A-Za-z_][\w.-]{0,127})["'`]/.exec(w.slice(open + 1, k - 1));
    return m ? { key: m[1], start: open + 1 } : null;
  }
  // quoted key, possibly escaped: "gitea.token", \"Authorization\", 'GITEA_TOKEN'
  if (isQuote(c)) {
    let end = k - 1;
    while (end > ls && w.charCodeAt(end - 1) === BACKSLASH) end--;
    const open = w.lastIndexOf(String.fromCharCode(c), end - 1);
    if (open < ls || end - open > 130) return null;
    let start = open + 1;
    let keyText = w.slice(start, end);
    if (!QUOTED_KEY_RE.test(keyText)) return null;
    // `//host/path/:_authToken` style keys: keep the last part
    const colon = keyText.lastIndexOf(':');
    if (colon !== -1) { start += colon + 1; keyText = keyText.slice(colon + 1); }
    return keyText === '' ? null : { key: keyText, start };
  }
  let b = k;
  const min = Math.max(ls, k - 128);
  while (b > min && isKeyChar(w.charCodeAt(b - 1))) b--;
  if (b === k) return null;
  let key = w.slice(b, k);
  // `\npassword=` inside an escaped string: drop the escape letter
  if (b - 1 >= ls && w.charCodeAt(b - 1) === BACKSLASH && /^[ntr]/.test(key)) { key = key.slice(1); b++; }
  if (key === '' || !hasWordChar(key)) return null;
  return { key, start: b };
}

/** Decides on a value keyed by `key` with left-hand side `lhs` (the evaluator's keyed-value rule), or null. */
export type Keyed = (ctx: Ctx, key: string, lhs: Lhs) => Verdict | null;
