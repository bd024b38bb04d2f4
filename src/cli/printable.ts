/** Printing text taken from files and file names: 40-hex runs masked, control and bidi characters escaped. */

/** Runs of 40 or more hex characters (a token or a commit id) in a printed path. */
const HEX_RUN_RE = /[0-9a-fA-F]{40,}/g;

/** Masks each run of 40+ hex characters in a path as `****` and its last 4 characters (a file name can hold a token). */
export function maskPath(p: string): string {
  return p.replace(HEX_RUN_RE, (m) => `****${m.slice(-4)}`);
}

/**
 * Escapes a path for a line of text output: backslashes, C0/C1 control characters, DEL, line/paragraph separators
 * and bidi controls become JSON-style escapes (`\n`, `\u001b`), so a file name cannot forge or reorder log lines.
 */
export function escapePath(p: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return p.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
