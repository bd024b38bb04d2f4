/**
 * Named UTF-16 char codes and character classes for the rules' hand-written scans (`w.charCodeAt(p) === COLON`
 * instead of `=== 58`). Plain numbers: comparisons stay as cheap as with literals.
 */
import { isWordChar } from '../candidates';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const SLASH = 47;
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const COLON = 58;
export const LT = 60;
export const EQUALS = 61;
export const GT = 62;
export const QUESTION = 63;
export const AT = 64;
export const UPPER_A = 65;
/** `D`, as in `%3D`. */
export const UPPER_D = 68;
export const UPPER_Z = 90;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const CARET = 94;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const LOWER_A = 97;
/** `d`, as in `%3d`. */
export const LOWER_D = 100;
export const LOWER_E = 101;
export const LOWER_F = 102;
export const LOWER_M = 109;
export const LOWER_N = 110;
export const LOWER_O = 111;
export const LOWER_R = 114;
export const LOWER_Z = 122;
export const LBRACE = 123;
export const PIPE = 124;
export const RBRACE = 125;
export const TILDE = 126;
/** OR-ing an ASCII letter's code with this gives its lowercase code. */
export const ASCII_CASE_BIT = 32;

export const isUpperCode = (c: number): boolean => c >= UPPER_A && c <= UPPER_Z;
export const isLowerCode = (c: number): boolean => c >= LOWER_A && c <= LOWER_Z;
export const isDigitCode = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9;

/** `[A-Za-z0-9]`. */
export function isAlnumCode(c: number): boolean {
  return isUpperCode(c) || isLowerCode(c) || isDigitCode(c);
}

/** `[0-9a-f]`. */
export function isHexCode(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || (c >= LOWER_A && c <= LOWER_F);
}

/** A space or a tab. */
export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** `"`, `'` or a backtick. */
export function isQuote(c: number): boolean {
  return c === DQUOTE || c === SQUOTE || c === BACKTICK;
}

/** `[A-Za-z]`. */
export function isLetter(c: number): boolean {
  return isUpperCode(c) || isLowerCode(c);
}

/** Key characters read backwards: `[A-Za-z0-9_.$@-]`. */
export function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === DOT || c === DASH || c === DOLLAR || c === AT;
}

/** What `\s` matches in a JavaScript regex (ECMAScript WhiteSpace and LineTerminator). */
export function isJsSpace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= CR);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f
    || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True when `k` has an ASCII word character. */
export function hasWordChar(k: string): boolean {
  for (let i = 0; i < k.length; i++) if (isWordChar(k.charCodeAt(i))) return true;
  return false;
}
