/**
 * Ignore directives: `gogs-key-hygiene:ignore-line`, `gogs-key-hygiene:ignore-next-line`,
 * `gogs-key-hygiene:disable` … `gogs-key-hygiene:enable`, in any comment syntax, any letter case.
 * (`disable-line` / `disable-next-line` are accepted as aliases, as ESLint users type them.)
 *
 * A directive only counts in a comment (see {@link inComment}): text in a string or a URL does not silence
 * anything, so a change cannot hide a token from CI by putting directive text in a string.
 */

/** The marker every directive starts with. */
export const DIRECTIVE_PREFIX = 'gogs-key-hygiene:';

/** Directive names, as inserted by the editor's quick fixes. */
export const Directives = {
  ignoreLine: `${DIRECTIVE_PREFIX}ignore-line`,
  ignoreNextLine: `${DIRECTIVE_PREFIX}ignore-next-line`,
  disable: `${DIRECTIVE_PREFIX}disable`,
  enable: `${DIRECTIVE_PREFIX}enable`,
} as const;

/** What a directive does: ignore its own line, the next line, or open/close a region. */
export type DirectiveKind = 'line' | 'next' | 'disable' | 'enable';

/** A directive found in a text: UTF-16 offset of its marker, 1-based line, kind. */
export interface Directive {
  offset: number;
  line: number;
  kind: DirectiveKind;
  /**
   * What the lexer said about the marker (src/detection/comments.ts), once asked: true in a comment, false in a
   * string or code (the directive does not count). It depends only on the text up to the end of the marker's line.
   */
  inComment?: boolean;
}

const MARKER = DIRECTIVE_PREFIX;
const MARKER_LEN = MARKER.length;
/**
 * For each lowercase ASCII char code of the marker, its offsets in the marker, packed 3 per entry (a char occurs
 * at most 3 times): OFF[c * 3 + k], -1 when unused.
 */
const OFF = new Int8Array(128 * 3).fill(-1);
for (let j = 0; j < MARKER_LEN; j++) {
  const c = MARKER.charCodeAt(j);
  for (let k = 0; k < 3; k++) {
    if (OFF[c * 3 + k] === -1) {
      OFF[c * 3 + k] = j;
      if (c >= 97 && c <= 122) for (let u = 0; u < 3; u++) if (OFF[(c - 32) * 3 + u] === -1) { OFF[(c - 32) * 3 + u] = j; break; }
      break;
    }
  }
}
const KIND_RE = /[ \t]*(ignore-next-line|disable-next-line|ignore-line|disable-line|disable|enable)(?![\w-])/iy;

/**
 * Calls `found(offset, kind)` for each directive whose marker lies in `text[from, to)`, in order.
 * Strided like the candidate scan: the 17-character marker contains exactly one position of a stride-17 grid,
 * so only one character in 17 is looked at away from marker-like text. Linear time.
 */
export function findDirectives(text: string, from: number, to: number, found: (offset: number, kind: DirectiveKind) => void): void {
  for (let i = from + MARKER_LEN - 1; i < to; i += MARKER_LEN) {
    const c = text.charCodeAt(i);
    if (c >= 128) continue;
    const base = c * 3;
    for (let k = 0; k < 3; k++) {
      const j = OFF[base + k];
      if (j === -1) break;
      const a = i - j;
      if (a < from || a + MARKER_LEN > to) continue;
      if ((text.charCodeAt(a) | 32) !== 103 /* g */) continue;
      let q = 1;
      while (q < MARKER_LEN) {
        const t = text.charCodeAt(a + q);
        const lower = t >= 65 && t <= 90 ? t + 32 : t;
        if (lower !== MARKER.charCodeAt(q)) break;
        q++;
      }
      if (q < MARKER_LEN) continue;
      KIND_RE.lastIndex = a + MARKER_LEN;
      const m = KIND_RE.exec(text);
      if (m === null || m.index + m[0].length > to) continue;
      if (!inComment(text, a)) continue;
      const name = m[1].toLowerCase();
      const kind: DirectiveKind = name.endsWith('next-line') ? 'next' : name.endsWith('line') ? 'line' : name === 'disable' ? 'disable' : 'enable';
      found(a, kind);
    }
  }
}

/** How far back from a directive its line is looked at; a directive further into a line does not count. */
const MAX_PREFIX = 1024;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * Heuristic: true when the directive marker at `at` stands in a comment. On its line, the marker must be preceded
 * (spaces and tabs aside) by a comment opener, and that opener must lie outside quotes ("…", '…', `…`, with
 * backslash escapes) counted from the line start — the count stops at the first `#` (at the line start or after a
 * blank), `//` (not after `:`), `/*` or `<!--` outside quotes, as the rest of the line is a comment then.
 * Openers: `#` (line start or after a blank: also `{#` and PowerShell's `<#`), `//` (not after `:`, so not a URL), `/*`, `(*`, `<!--`,
 * `--`, `;`, `::`, `%` (these four at the line start or after a blank), `REM` (case-insensitive, at the line start
 * or after a blank, `@` or `&`, then a blank); alone at the line start (after indentation): `*` (block comment
 * continuation) and `'`/`"` (VB, Vim) when the rest of the line has no other such quote.
 * A directive more than 1024 characters into its line does not count. Covers every prefix
 * {@link ignoreDirectiveFor} inserts.
 */
function inComment(text: string, at: number): boolean {
  const lo = Math.max(0, at - MAX_PREFIX);
  let ls = at;
  while (ls > lo && text.charCodeAt(ls - 1) !== 10 && text.charCodeAt(ls - 1) !== 13) ls--;
  if (ls > 0 && text.charCodeAt(ls - 1) !== 10 && text.charCodeAt(ls - 1) !== 13) return false;
  let e = at;
  while (e > ls && isBlank(text.charCodeAt(e - 1))) e--;
  if (e === ls) return false;
  const before = (i: number): boolean => i === ls || isBlank(text.charCodeAt(i - 1));
  const ends = (s: string): boolean => e - ls >= s.length && text.startsWith(s, e - s.length);
  let opener = -1;
  if (ends('<!--')) opener = e - 4;
  else if (ends('/*') || ends('(*')) opener = e - 2;
  else if (ends('//')) opener = e - 2 > ls && text.charCodeAt(e - 3) === 58 /* : */ ? -1 : e - 2;
  else if (ends('#')) opener = before(e - 1) || (e - 1 > ls && (text.charCodeAt(e - 2) === 123 /* { */ || text.charCodeAt(e - 2) === 60 /* < */)) ? e - 1 : -1;
  else if (ends('--') || ends('::')) opener = before(e - 2) || (ends('!--') && e - 3 > ls && text.charCodeAt(e - 4) === 123) ? e - 2 : -1;
  else if (ends(';') || ends('%')) opener = before(e - 1) ? e - 1 : -1;
  else if (e - ls >= 3 && text.slice(e - 3, e).toLowerCase() === 'rem' && e < at) {
    const p = e - 3;
    opener = p === ls || isBlank(text.charCodeAt(p - 1)) || text.charCodeAt(p - 1) === 64 || text.charCodeAt(p - 1) === 38 ? p : -1;
  }
  if (opener === -1) {
    // alone at the line start: `*`, `'`, `"`
    let s = ls;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    if (e - s !== 1) return false;
    const c = text.charCodeAt(s);
    if (c === 42 /* * */) return true;
    if (c !== 39 && c !== 34) return false;
    for (let i = at; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 10 || d === 13) break;
      if (d === c) return false;
    }
    return true;
  }
  // the opener must lie outside quotes
  let quote = 0;
  for (let i = ls; i < opener; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if ((c === 35 && before(i)) || (c === 47 && (text.charCodeAt(i + 1) === 42 || (text.charCodeAt(i + 1) === 47 && (i === ls || text.charCodeAt(i - 1) !== 58)))) || (c === 60 && text.startsWith('<!--', i))) return true;
  }
  return quote === 0;
}

/**
 * Returns a predicate telling whether a finding on `line` (1-based) is silenced by the directives
 * (sorted by offset). Call it with non-decreasing lines.
 */
export function directiveFilter(directives: readonly Directive[]): (line: number) => boolean {
  if (directives.length === 0) return () => false;
  const lineIgnored = new Set<number>();
  for (const d of directives) {
    if (d.kind === 'line') lineIgnored.add(d.line);
    else if (d.kind === 'next') lineIgnored.add(d.line + 1);
  }
  // regions: disable on line a … enable on line b silences lines a..b
  const regions: Array<[number, number]> = [];
  let open = -1;
  for (const d of directives) {
    if (d.kind === 'disable' && open === -1) open = d.line;
    else if (d.kind === 'enable' && open !== -1) {
      regions.push([open, d.line]);
      open = -1;
    }
  }
  if (open !== -1) regions.push([open, Infinity]);
  let r = 0;
  return (line: number): boolean => {
    if (lineIgnored.has(line)) return true;
    while (r < regions.length && regions[r][1] < line) r++;
    return r < regions.length && regions[r][0] <= line;
  };
}

/** Comment delimiters per VS Code language id, for inserting directives. */
const COMMENT_STYLES: ReadonlyArray<[readonly string[], string, string]> = [
  [['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'go', 'java', 'c', 'cpp', 'csharp', 'objective-c',
    'objective-cpp', 'rust', 'swift', 'kotlin', 'scala', 'dart', 'php', 'jsonc', 'json5', 'groovy', 'jenkinsfile',
    'less', 'scss', 'proto', 'proto3', 'zig', 'v', 'd', 'fsharp', 'hcl', 'solidity', 'vue', 'svelte'], '// ', ''],
  [['markdown', 'html', 'xml', 'xsl', 'svg', 'razor', 'vue-html', 'mdx', 'xaml', 'aspnetcorerazor'], '<!-- ', ' -->'],
  [['css', 'postcss'], '/* ', ' */'],
  [['bat'], 'REM ', ''],
  [['sql', 'lua', 'haskell', 'elm', 'ada', 'plsql', 'vhdl'], '-- ', ''],
  [['clojure', 'lisp', 'scheme', 'racket', 'asm', 'nasm', 'autohotkey', 'ahk', 'fennel'], '; ', ''],
  [['tex', 'latex', 'bibtex', 'erlang', 'matlab', 'octave', 'prolog'], '% ', ''],
  [['vb', 'vbscript'], "' ", ''],
  [['jinja', 'jinja-html', 'twig', 'django-html', 'nunjucks'], '{# ', ' #}'],
  [['handlebars'], '{{!-- ', ' --}}'],
  [['vim', 'viml'], '" ', ''],
  [['ocaml', 'pascal', 'objectpascal', 'mathematica'], '(* ', ' *)'],
];

/** JSON files that VS Code treats as JSON with comments. */
const JSONC_NAME_RE = /(?:^|[\\/])(?:\.vscode[\\/][^\\/]+|tsconfig[^\\/]*|jsconfig[^\\/]*|devcontainer|\.devcontainer|settings|keybindings|launch|tasks|extensions|\.eslintrc|\.babelrc|\.swcrc|renovate|\.renovaterc)\.json5?$|\.jsonc$/i;
/** Extensions of files without a language id of their own ('plaintext'), by comment style. */
const HASH_EXT_RE = /(?:^|[\\/])(?:\.env[^\\/]*|[^\\/]*\.(?:env|sh|bash|zsh|fish|ya?ml|ini|toml|cfg|conf|properties|tfvars|tf|hcl|service|netrc|npmrc|pypirc|gitconfig|rb|py|pl|ps1|r)|\.?netrc|_netrc|\.npmrc|\.pypirc|\.gitconfig|config|dockerfile|makefile|\.envrc)$/i;
/** Formats without any comment syntax: a directive cannot be inserted (use "ignore this token everywhere"). */
const NO_COMMENT_NAME_RE = /(?:^|[\\/])\.git-credentials$/i;

/**
 * Comment prefix and suffix for a directive line in a document, by VS Code language id (and file name where the
 * language id says little): `#` for shell, Python, YAML, dotenv, ini, TOML, Ruby, Perl, PowerShell, Makefile,
 * Dockerfile and unknown languages; `//` for C-like languages and JSONC; `<!-- -->` for Markdown/HTML/XML; `REM`
 * for batch; `--` for SQL/Lua; `;` for Lisps and assembly; …
 * Returns `undefined` for formats without comments: strict JSON (`json` that is not a known JSONC file) and
 * `.git-credentials`. Example: `${prefix}gogs-key-hygiene:ignore-next-line${suffix}`.
 */
export function ignoreDirectiveFor(languageId: string, fileName?: string): { prefix: string; suffix: string } | undefined {
  const id = languageId.toLowerCase();
  const name = fileName ?? '';
  if (NO_COMMENT_NAME_RE.test(name)) return undefined;
  if (id === 'json') return JSONC_NAME_RE.test(name) ? { prefix: '// ', suffix: '' } : undefined;
  for (const [ids, prefix, suffix] of COMMENT_STYLES) if (ids.includes(id)) return { prefix, suffix };
  if ((id === 'plaintext' || id === '') && name !== '' && !HASH_EXT_RE.test(name)) {
    if (/\.(?:md|markdown|html?|xml)$/i.test(name)) return { prefix: '<!-- ', suffix: ' -->' };
    if (/\.(?:bat|cmd)$/i.test(name)) return { prefix: 'REM ', suffix: '' };
    if (/\.(?:js|ts|go|java|c|cc|cpp|h|cs|rs|swift|kt|php|jsonc)$/i.test(name)) return { prefix: '// ', suffix: '' };
    if (/\.json$/i.test(name)) return undefined;
  }
  return { prefix: '# ', suffix: '' };
}
