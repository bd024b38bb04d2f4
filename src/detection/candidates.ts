/**
 * Finding 40-hex candidates fast: a strided scan instead of a regex.
 *
 * A run of 40 or more lowercase hex characters covers 40 consecutive positions, so it contains exactly one
 * position of any stride-40 grid laid from where the previous run ended. The scanner therefore looks at one
 * character in 40 while the text is not hex, expands left and right only when it lands on a hex character, and
 * jumps 40 past the end of every run. On ordinary text that reads a few characters per 40 instead of all of
 * them, which is how the detector beats a bare `/\b[0-9a-f]{40}\b/g` scan even though it then evaluates context.
 * Worst case (all hex) it reads every character twice at most: linear time on any input.
 */
import { KNOWN_NON_TOKENS } from './vocabulary';

/** 1 for `0-9a-f`, 0 otherwise, indexed by char code (< 128). */
const LOWER_HEX = new Uint8Array(128);
/** 1 for `0-9A-Fa-f`. */
const ANY_HEX = new Uint8Array(128);
/** 1 for `A-Za-z0-9_` (what `\b` calls a word character). */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9a-f]/.test(ch)) LOWER_HEX[c] = 1;
  if (/[0-9A-Fa-f]/.test(ch)) ANY_HEX[c] = 1;
  if (/\w/.test(ch)) WORD[c] = 1;
}

/** True when the char code is lowercase hex. */
export function isLowerHex(c: number): boolean {
  return c < 128 && LOWER_HEX[c] === 1;
}

/** True when the char code is an ASCII word character (`[A-Za-z0-9_]`). */
export function isWordChar(c: number): boolean {
  return c < 128 && WORD[c] === 1;
}

/** Token length: Gogs/Gitea tokens are 40 lowercase hex characters. */
export const TOKEN_LENGTH = 40;

/**
 * Calls `found(start)` for each standalone 40-lowercase-hex run in `text[from, to)`, in order.
 * Standalone: not part of a longer hex run and not glued to a word character, except where the glue is a
 * percent escape (`%3D<t>`, `%3d<t>`) or a backslash escape (`\n<t>` inside a JSON/shell string).
 * `from` and `to` must not cut a hex run (callers pass line boundaries).
 */
export function findCandidates(text: string, from: number, to: number, found: (start: number) => void): void {
  let i = from + TOKEN_LENGTH - 1;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c >= 128 || LOWER_HEX[c] === 0) {
      i += TOKEN_LENGTH;
      continue;
    }
    let a = i;
    while (a > from) {
      const d = text.charCodeAt(a - 1);
      if (d < 128 && LOWER_HEX[d] === 1) a--;
      else break;
    }
    let b = i + 1;
    while (b < to) {
      const d = text.charCodeAt(b);
      if (d < 128 && LOWER_HEX[d] === 1) b++;
      else break;
    }
    const len = b - a;
    if (len === TOKEN_LENGTH) {
      if (boundaryBefore(text, a, from) && boundaryAfter(text, b)) found(a);
    } else if (len === TOKEN_LENGTH + 2 && a - 1 >= from && text.charCodeAt(a - 1) === 37 /* % */) {
      // lowercase percent escape glued to the token: `%3d<t>`, `%20<t>`
      if (boundaryAfter(text, b)) found(a + 2);
    }
    i = b + TOKEN_LENGTH;
  }
}

function boundaryBefore(text: string, a: number, from: number): boolean {
  if (a <= from) return true;
  const c = text.charCodeAt(a - 1);
  if (c >= 128 || WORD[c] === 0) return true;
  // `%3D<t>`: an uppercase percent escape
  if (a - 3 >= from && text.charCodeAt(a - 3) === 37 && isAnyHex(text.charCodeAt(a - 2)) && isAnyHex(c)) return true;
  // `\n<t>`, `\t<t>`, `\r<t>` inside an escaped string
  if (a - 2 >= from && text.charCodeAt(a - 2) === 92 && (c === 110 || c === 116 || c === 114)) return true;
  return false;
}

function boundaryAfter(text: string, b: number): boolean {
  if (b >= text.length) return true;
  const c = text.charCodeAt(b);
  return c >= 128 || WORD[c] === 0;
}

function isAnyHex(c: number): boolean {
  return c < 128 && ANY_HEX[c] === 1;
}

/**
 * True for well-known hashes of nothing (SHA-1 of "", git's empty tree/blob) and for values people write as
 * placeholders, which a random token (160 bits) practically never is:
 * periodic strings (`000…0`, `deadbeef`×5, `0123456789abcdef…`, `a1b2c3…`), long runs of one character, few
 * distinct characters, long ascending/descending sequences. `token` must be 40 lowercase hex characters.
 */
export function isPlaceholder(token: string): boolean {
  if (KNOWN_NON_TOKENS.has(token)) return true;
  const n = token.length;
  for (let p = 1; p <= 20; p++) {
    let periodic = true;
    for (let k = p; k < n; k++) {
      if (token.charCodeAt(k) !== token.charCodeAt(k - p)) {
        periodic = false;
        break;
      }
    }
    if (periodic) return true;
  }
  let run = 1;
  let asc = 1;
  let desc = 1;
  let seen = 1 << hexValue(token.charCodeAt(0));
  for (let k = 1; k < n; k++) {
    const v = hexValue(token.charCodeAt(k));
    const u = hexValue(token.charCodeAt(k - 1));
    seen |= 1 << v;
    run = v === u ? run + 1 : 1;
    asc = v === ((u + 1) & 15) ? asc + 1 : 1;
    desc = v === ((u + 15) & 15) ? desc + 1 : 1;
    if (run >= 8 || asc >= 10 || desc >= 10) return true;
  }
  let distinct = 0;
  for (; seen !== 0; seen &= seen - 1) distinct++;
  return distinct <= 6;
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}
