/**
 * Ignore directives: `gogs-key-hygiene:ignore-line`, `gogs-key-hygiene:ignore-next-line`,
 * `gogs-key-hygiene:disable` … `gogs-key-hygiene:enable`, in any comment syntax, any letter case.
 * (`disable-line` / `disable-next-line` are accepted as aliases, as ESLint users type them.)
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
      const name = m[1].toLowerCase();
      const kind: DirectiveKind = name.endsWith('next-line') ? 'next' : name.endsWith('line') ? 'line' : name === 'disable' ? 'disable' : 'enable';
      found(a, kind);
    }
  }
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
