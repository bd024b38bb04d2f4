/**
 * Printing text taken from files and file names: 40-hex runs masked, control, format (bidi) and separator characters
 * escaped, in text and in JSON output alike.
 */
import { maskHexRuns } from '../util/mask';

/**
 * Characters that can forge, hide or reorder what a terminal or log viewer shows, the "unsafe" characters below:
 * Unicode categories Cc (C0, DEL, C1 controls, so ESC and the 8-bit CSI), Cf (format: the bidi embeddings,
 * overrides, isolates and marks, zero-width characters, tag characters) and Zl/Zp (U+2028, U+2029); plus the
 * backslash, escaped first so the escapes stay unambiguous.
 */
const UNSAFE_OR_BACKSLASH_RE = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
/** The unsafe characters without C0 controls: what `JSON.stringify` leaves raw (it escapes C0 in strings itself). */
const JSON_UNSAFE_RE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `\uXXXX` for each UTF-16 unit of `c` (a surrogate pair for a character beyond U+FFFF, as JSON writes it). */
function unicodeEscape(c: string): string {
  let s = '';
  for (let i = 0; i < c.length; i++) s += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return s;
}

/**
 * Escapes a field for a line of text output: backslashes and the unsafe characters ({@link UNSAFE_OR_BACKSLASH_RE})
 * become JSON-style escapes (`\\`, `\n`, `\r`, `\t`, `\u001b`, `\u202e`), so text from a file cannot forge, hide or
 * reorder lines.
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE_OR_BACKSLASH_RE, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return unicodeEscape(c);
    }
  });
}

/**
 * Escapes, in a JSON text made by `JSON.stringify`, the unsafe characters it leaves raw ({@link JSON_UNSAFE_RE}: DEL,
 * C1 controls, bidi and other format characters, U+2028/U+2029) as `\uXXXX`. Such characters can only stand inside
 * JSON strings, so the result parses to the same value; the layout's own newlines stay.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE_RE, unicodeEscape);
}

/** A field as the text output prints it: 40-hex runs masked ({@link maskHexRuns}), then {@link escapeText}. */
export function shown(s: string): string {
  return escapeText(maskHexRuns(s));
}
