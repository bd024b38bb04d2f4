/**
 * Hand-written scans that replace regexes which were not linear-time (a run tried from each of its positions),
 * and small text measurements the rules share. Each says which regex it equals; the linearity test checks them
 * against those regexes on random inputs.
 */
import { isWordChar } from '../candidates';
import {
  ASCII_CASE_BIT, BACKSLASH, BACKTICK, COLON, COMMA, CR, DOT, DQUOTE, LF, LOWER_A, LOWER_E, LOWER_M, LOWER_N, LPAREN,
  LBRACKET, RBRACE, RBRACKET, RPAREN, SLASH, SQUOTE, STAR, UNDERSCORE, isAlnumCode, isHexCode, isJsSpace, isSpace,
} from './chars';

/**
 * `s` without its trailing run of `[\s"'`*_()[\]]` (quotes, emphasis and brackets between a prose label and the
 * value). What `s.replace(/[\s"'`*_()[\]]+$/, '')` returns, without retrying the run from each of its positions.
 */
export function trimProseTrailing(s: string): string {
  let e = s.length;
  while (e > 0 && isProseTrailing(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

function isProseTrailing(c: number): boolean {
  return isJsSpace(c) || c === DQUOTE || c === SQUOTE || c === BACKTICK || c === STAR || c === UNDERSCORE || c === LPAREN
    || c === RPAREN || c === LBRACKET || c === RBRACKET;
}

/**
 * True when `head` (the text before a candidate) ends like `… login … --password-stdin <<< "`: `login` as a word,
 * at most 400 characters (no line break) before `--password-stdin`, then `<<<` (a here-string) and an optional
 * quote, spaces and tabs between. What `/\blogin\b[^\n]{0,400}--password-stdin[ \t]*<<<[ \t]*["']?$/` says, read
 * from the end instead of tried at every `login`.
 */
export function isHereStringLogin(head: string): boolean {
  let p = head.length;
  if (p > 0 && (head.charCodeAt(p - 1) === DQUOTE || head.charCodeAt(p - 1) === SQUOTE)) p--;
  while (p > 0 && isSpace(head.charCodeAt(p - 1))) p--;
  if (p < 3 || !head.startsWith('<<<', p - 3)) return false;
  p -= 3;
  while (p > 0 && isSpace(head.charCodeAt(p - 1))) p--;
  const flag = '--password-stdin';
  if (p < flag.length || !head.startsWith(flag, p - flag.length)) return false;
  const q = p - flag.length; // the `[^\n]{0,400}` run is [login end, q)
  if (q < 5) return false;
  const lo = Math.max(head.lastIndexOf('\n', q - 1) + 1, q - 405);
  // (lastIndexOf clamps a negative position to 0: stop explicitly after index 0)
  for (let l = head.lastIndexOf('login', q - 5); l >= lo; l = l === 0 ? -1 : head.lastIndexOf('login', l - 1)) {
    if ((l === 0 || !isWordChar(head.charCodeAt(l - 1))) && !isWordChar(head.charCodeAt(l + 5))) return true;
  }
  return false;
}

/**
 * True when an object's text has a `name` whose value looks like a file or path (`gogs_0.13.0_linux_amd64.tar.gz`,
 * `dist/app.zip`, `v1.2`): `name` (a word, any case), optional `\` and quote, `:`, optional `\` and quote, then a
 * value of characters other than quotes, whitespace, `,` and `}` that contains a `/` or ends in `.` and 1–5
 * letters or digits (before an optional trailing `\`), then an optional quote and a `,`, `}`, line break or the end.
 * The same as `/\bname\\?["']?\s*:\s*\\?["']?[^"'\s,}]*(?:\.[A-Za-z0-9]{1,5}|\/[^"'\s,}]*)\\?["']?\s*(?:[,}\n]|$)/i`,
 * which backtracks over every split of a run of `/` (quadratic) and rescans a value from each `name` inside it;
 * here each value run is measured once.
 */
export function hasFileLikeName(obj: string): boolean {
  const n = obj.length;
  let runStart = -1;
  let runEnd = -1; // the value run [runStart, runEnd) last measured
  let lastSlash = -1; // last `/` in that run
  let dot = -1; // start of the `.ext` the run ends with, or -1
  for (let k = indexOfNameWord(obj, 0); k !== -1; k = indexOfNameWord(obj, k + 4)) {
    let p = k + 4;
    if (obj.charCodeAt(p) === BACKSLASH) p++;
    if (obj.charCodeAt(p) === DQUOTE || obj.charCodeAt(p) === SQUOTE) p++;
    while (p < n && isJsSpace(obj.charCodeAt(p))) p++;
    if (obj.charCodeAt(p) !== COLON) continue;
    p++;
    while (p < n && isJsSpace(obj.charCodeAt(p))) p++;
    if (obj.charCodeAt(p) === BACKSLASH) p++;
    if (obj.charCodeAt(p) === DQUOTE || obj.charCodeAt(p) === SQUOTE) p++;
    if (!(p >= runStart && p < runEnd)) {
      // a new value run (a `name` inside the last run shares its end)
      runStart = p;
      let e = p;
      lastSlash = -1;
      while (e < n && isValueChar(obj.charCodeAt(e))) {
        if (obj.charCodeAt(e) === SLASH) lastSlash = e;
        e++;
      }
      runEnd = e;
      dot = extensionStart(obj, p, e);
      if (e === p) continue;
    }
    const fileLike = lastSlash >= p || (dot !== -1 && dot >= p);
    if (fileLike && valueEndsField(obj, runEnd)) return true;
  }
  return false;
}

/** Next index ≥ `from` of `name` (ASCII, any case) not preceded by a word character, or -1. */
function indexOfNameWord(s: string, from: number): number {
  for (let i = from; i + 4 <= s.length; i++) {
    if ((s.charCodeAt(i) | ASCII_CASE_BIT) !== LOWER_N) continue;
    if ((s.charCodeAt(i + 1) | ASCII_CASE_BIT) !== LOWER_A || (s.charCodeAt(i + 2) | ASCII_CASE_BIT) !== LOWER_M
      || (s.charCodeAt(i + 3) | ASCII_CASE_BIT) !== LOWER_E) continue;
    if (i > 0 && isWordChar(s.charCodeAt(i - 1))) continue;
    return i;
  }
  return -1;
}

/** `[^"'\s,}]`: a character of an unquoted-looking value. */
function isValueChar(c: number): boolean {
  return c !== DQUOTE && c !== SQUOTE && c !== COMMA && c !== RBRACE && !isJsSpace(c);
}

/** Start of the `.` of a `.ext` (1–5 ASCII letters/digits) that ends the run [a, e) (before one trailing `\`), or -1. */
function extensionStart(s: string, a: number, e: number): number {
  let end = e;
  if (end > a && s.charCodeAt(end - 1) === BACKSLASH) end--;
  let d = end;
  while (d > a && end - d < 5 && isAlnumCode(s.charCodeAt(d - 1))) d--;
  // the longest alnum tail is at most 5 here; a `.` must sit right before some 1–5 of them
  for (let x = d; x < end; x++) if (x - 1 >= a && s.charCodeAt(x - 1) === DOT) return x - 1;
  return -1;
}

/** After a value ending at `e`: an optional quote, then whitespace holding a line break, or `,`, `}` or the end. */
function valueEndsField(s: string, e: number): boolean {
  let p = e;
  if (s.charCodeAt(p) === DQUOTE || s.charCodeAt(p) === SQUOTE) p++;
  while (p < s.length && isJsSpace(s.charCodeAt(p))) {
    if (s.charCodeAt(p) === LF) return true;
    p++;
  }
  return p >= s.length || s.charCodeAt(p) === COMMA || s.charCodeAt(p) === RBRACE;
}

/** True when `w[p…]` is a line break followed by a lowercase hex character (a `\`-continued value). */
export function continuesWithHex(w: string, p: number): boolean {
  let q = p;
  if (w.charCodeAt(q) === CR) q++;
  return w.charCodeAt(q) === LF && isHexCode(w.charCodeAt(q + 1));
}

/** True when the line ending just before `ls` ends with `<hex>\`. */
export function endsWithHexContinuation(w: string, ls: number): boolean {
  let q = ls - 1; // the '\n'
  if (q < 1) return false;
  if (w.charCodeAt(q - 1) === CR) q--;
  return w.charCodeAt(q - 1) === BACKSLASH && q >= 2 && isHexCode(w.charCodeAt(q - 2));
}

/** Spaces and tabs at the start of the line that starts at `ls` of `w`. */
export function leadingIndent(w: string, ls: number): number {
  let i = ls;
  while (i < w.length && isSpace(w.charCodeAt(i))) i++;
  return i - ls;
}

/** Spaces and tabs at the start of `l`. */
export function leadingSpace(l: string): number {
  let i = 0;
  while (i < l.length && isSpace(l.charCodeAt(i))) i++;
  return i;
}

/** The content of a string literal argument (`"X"`, `'X'`), or undefined when the argument is not a plain literal. */
export function literalOf(arg: string): string | undefined {
  const m = /^\s*\\?["'`]([^"'`\\]{0,128})\\?["'`]\s*$/.exec(arg);
  return m ? m[1] : undefined;
}

/** Line breaks in `s[a, b)`. */
export function countNewlines(s: string, a: number, b: number): number {
  let d = 0;
  for (let i = s.indexOf('\n', a); i !== -1 && i < b; i = s.indexOf('\n', i + 1)) d++;
  return d;
}
