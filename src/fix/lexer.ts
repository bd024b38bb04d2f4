/**
 * A small table-driven lexer that answers one question: at a given UTF-16 offset, is the text in
 * code, in a comment, or inside a string literal (and if so, where does that literal start and
 * end, and which kind is it)? Pure (no `vscode` import).
 *
 * It scans from the start of the text (or a given offset) so multi-line strings, template
 * literals with nested `${…}`, shell here-documents and block comments are known. It is not a
 * parser: constructs it does not know are treated as code. Linear in the text length.
 */

/** Where a string literal sits. Offsets are UTF-16 indices into the scanned text. */
export interface StringLoc {
  kind: 'string';
  /** The rule's name, e.g. `double`, `single`, `template`, `triple`, `heredoc`. */
  rule: string;
  /** First character of the literal, including any prefix (`f` of `f"…"`, `$` of `$'…'`). */
  litStart: number;
  /** Prefix before the opening delimiter (`f`, `rb`, `$`, `@`), possibly empty. */
  prefix: string;
  /** Opening delimiter as written (`"`, `'''`, `@'`). */
  open: string;
  contentStart: number;
  /** End of the content (exclusive) = start of the closing delimiter. */
  contentEnd: number;
  /** Closing delimiter. */
  close: string;
  /** One past the closing delimiter. */
  litEnd: number;
  /** False when the text ended (or the line ended, for single-line kinds) before the close. */
  terminated: boolean;
  /** For shell here-documents: the delimiter word after `<<`. */
  heredoc?: HeredocInfo;
}

export interface HeredocInfo {
  /** Span of the whole delimiter word as written, quotes included (`'EOF'`). */
  wordStart: number;
  wordEnd: number;
  /** The bare delimiter. */
  word: string;
  /** True when any part of the word is quoted (`<<'EOF'`, `<<"EOF"`, `<<\EOF`, `<<E"O"F`): the body is not expanded. */
  quoted: boolean;
  stripTabs: boolean;
}

export type Loc =
  | { kind: 'code'; flowDepth: number }
  | { kind: 'comment' }
  | StringLoc;

export interface StringRule {
  name: string;
  /** Sticky regex tried at the current offset: group 1 = prefix (may be empty), group 2 = opening delimiter. */
  open: RegExp;
  /** Every character a match of `open` can start with (a fast pre-filter). */
  first: string;
  close: string;
  /** `backslash`: `\x` escapes; `doubled`: the close written twice is literal; `backtick`: PowerShell escapes. */
  escapes: Array<'backslash' | 'doubled' | 'backtick'>;
  /** Code nested inside the string (`${…}`, `$(…)`, `#{…}`). */
  interp?: { open: string; close: string };
  /** A newline ends (and fails) the string. */
  singleLine?: boolean;
  /** The closing delimiter counts only at the start of a line (PowerShell here-strings). */
  closeAtLineStart?: boolean;
  /** Extra condition for the literal to open here. */
  canOpen?: (text: string, i: number) => boolean;
}

export interface CommentRule {
  open: string;
  /** Undefined: the comment ends at the end of the line (the newline is not part of it). */
  close?: string;
  /** Only at the start of a word (after whitespace, line start or one of `wordBreaks`). */
  wordStart?: boolean;
  /** Only at the start of a line. */
  lineStart?: boolean;
}

/** A construct found by a language hook: the scanner skips `[i, end)`; `loc` is reported when the target lies inside. */
export interface SpecialResult { end: number; loc?: Loc }

export interface Rules {
  comments: CommentRule[];
  strings: StringRule[];
  /** Characters that end a word for `wordStart` comments (besides whitespace). */
  wordBreaks?: string;
  /** In code, this character escapes the next one (`\` in shells, `` ` `` in PowerShell). */
  codeEscape?: string;
  /** Shell here-documents (`<<EOF`, `<<-'EOF'`). */
  heredocs?: boolean;
  special?: (text: string, i: number) => SpecialResult | undefined;
  /** Every character at which `special` can return a result. */
  specialFirst?: string;
}

const startSets = new WeakMap<Rules, Set<string>>();

/** Characters at which a comment, string or special construct may start under `rules`. */
function startsOf(rules: Rules): Set<string> {
  let set = startSets.get(rules);
  if (!set) {
    set = new Set<string>();
    for (const c of rules.comments) set.add(c.open[0]);
    for (const r of rules.strings) for (const ch of r.first) set.add(ch);
    for (const ch of rules.specialFirst ?? '') set.add(ch);
    startSets.set(rules, set);
  }
  return set;
}

interface PendingHeredoc extends HeredocInfo { litStart: number; open: string }

interface Found { found: Loc }

function isFound(x: Found | number): x is Found {
  return typeof x !== 'number';
}

/** Start of the line containing offset `i`. */
export function lineStartOf(text: string, i: number): number {
  // (lastIndexOf clamps a negative position to 0, which would find a newline at index 0)
  return i <= 0 ? 0 : text.lastIndexOf('\n', i - 1) + 1;
}

/** End of the line containing offset `i` (index of its `\n`, or text length), `\r` excluded. */
export function lineEndOf(text: string, i: number): number {
  let e = text.indexOf('\n', i);
  if (e < 0) e = text.length;
  if (e > 0 && text[e - 1] === '\r' && e - 1 >= i) e -= 1;
  return e;
}

/**
 * Counts of `((` and `))` (each non-overlapping, as `/\(\(/g` and `/\)\)/g` count them) from the start of the line
 * up to `at`, carried forward while a scan moves along a line, so that each `<<` does not recount its line.
 */
interface ArithmeticCount { at: number; open: number; close: number }

/**
 * `<<WORD` / `<<-WORD`: group 1 the `-`, group 2 the word as written. A word may mix plain and
 * quoted parts (`E"O"F`, `'E'OF`, `\EOF`); bash's "Here Documents": any quoting means no expansion.
 */
const HEREDOC_PART = `'[^'\\n]*'|"(?:[^"\\\\\\n]|\\\\[^\\n])*"|\\\\[^\\s]`;
const HEREDOC = new RegExp(`<<(-?)[ \\t]*((?:[A-Za-z0-9_]|${HEREDOC_PART})(?:[^\\s;|&<>()'"\\\\]|${HEREDOC_PART})*)`, 'y');

/** The delimiter of a here-document word after quote removal, and whether any part was quoted. */
function heredocWord(raw: string): { word: string; quoted: boolean } {
  let word = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "'") {
      const e = raw.indexOf("'", i + 1);
      word += raw.slice(i + 1, e < 0 ? raw.length : e);
      i = e < 0 ? raw.length : e;
      quoted = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < raw.length && raw[j] !== '"'; j++) {
        // inside "…" a backslash quotes only $ ` " \ (POSIX 2.2.3)
        if (raw[j] === '\\' && '$`"\\'.includes(raw[j + 1] ?? '')) j++;
        word += raw[j];
      }
      i = j;
      quoted = true;
    } else if (ch === '\\') {
      word += raw[i + 1] ?? '';
      i++;
      quoted = true;
    } else {
      word += ch;
    }
  }
  return { word, quoted };
}

class Scanner {
  private flow = 0;
  private pending: PendingHeredoc[] = [];
  private readonly starts: Set<string>;
  /** Index of the next target in `targets`. */
  private next = 0;
  private readonly arith: ArithmeticCount = { at: -1, open: 0, close: 0 };

  /**
   * `targets`: ascending offsets. With `kinds`, every target's kind is recorded there and the scan goes on to the
   * next one ({@link locateKinds}); without, the scan stops at the first ({@link locate}).
   */
  constructor(
    private readonly text: string,
    private readonly targets: readonly number[],
    private readonly rules: Rules,
    private readonly kinds?: Array<Loc['kind']>,
  ) {
    this.starts = startsOf(rules);
  }

  /** The offset being looked for (Infinity once every target has its answer). */
  private get target(): number {
    return this.next < this.targets.length ? this.targets[this.next] : Infinity;
  }

  /** Records `loc` as the answer for the current target; true when the scan should stop. */
  private hit(loc: Loc): boolean {
    if (this.kinds === undefined) return true;
    this.kinds.push(loc.kind);
    this.next++;
    return this.next >= this.targets.length;
  }

  /**
   * Shell `((…))` / `$((…))` arithmetic open on this line before `i` (where `<<` is a shift). `text[i]` is `<`.
   * Counts from where the previous call stopped (the scan only moves forward), not from the line start each time.
   */
  private inArithmetic(i: number): boolean {
    const t = this.text;
    const a = this.arith;
    if (a.at < 0 || i < a.at) {
      a.at = lineStartOf(t, i);
      a.open = 0;
      a.close = 0;
    }
    // `text[i]` is `<`, so no pair straddles `i`: counting resumes exactly at `a.at` next time
    let k = a.at;
    while (k < i) {
      const c = t.charCodeAt(k);
      if (c === 10) {
        a.open = 0;
        a.close = 0;
        k++;
      } else if (c === 40 && k + 1 < i && t.charCodeAt(k + 1) === 40) {
        a.open++;
        k += 2;
      } else if (c === 41 && k + 1 < i && t.charCodeAt(k + 1) === 41) {
        a.close++;
        k += 2;
      } else k++;
    }
    a.at = i;
    return a.open > a.close;
  }

  /**
   * Scans code from `i`. With `closer`, stops after the matching closer (bracket-balanced) and
   * returns the index after it. With `find`, returns the location once the target is reached.
   */
  code(i: number, closer: string | undefined, find: boolean): Found | number {
    const t = this.text;
    const n = t.length;
    const r = this.rules;
    const openBracket = closer === '}' ? '{' : closer === ')' ? '(' : undefined;
    let depth = 0;
    while (i < n) {
      while (find && i > this.target) {
        const loc: Loc = { kind: 'code', flowDepth: this.flow };
        if (this.hit(loc)) return { found: loc };
      }
      if (closer !== undefined && depth === 0 && t.startsWith(closer, i)) return i + closer.length;
      const c = t[i];
      if (!this.starts.has(c)) {
        if (find && i === this.target) {
          const loc: Loc = { kind: 'code', flowDepth: this.flow };
          if (this.hit(loc)) return { found: loc };
        }
        if (c === '\n' && this.pending.length > 0) {
          const h = this.heredocBodies(i, find);
          if (isFound(h)) return h;
          i = h;
          continue;
        }
        if (r.codeEscape !== undefined && c === r.codeEscape) { i += 2; continue; }
        if (r.heredocs && c === '<' && t[i + 1] === '<') {
          // fall through to the slow path below
        } else {
          if (openBracket !== undefined) {
            if (c === openBracket) depth++;
            else if (c === closer && depth > 0) depth--;
          }
          if (c === '[' || c === '{') this.flow++;
          else if ((c === ']' || c === '}') && this.flow > 0) this.flow--;
          i++;
          continue;
        }
      }
      const cEnd = this.comment(i);
      if (cEnd !== undefined) {
        while (find && this.target >= i && this.target < cEnd) {
          if (this.hit({ kind: 'comment' })) return { found: { kind: 'comment' } };
        }
        i = cEnd;
        continue;
      }
      const s = this.string(i, find);
      if (s !== undefined) {
        if (isFound(s)) return s;
        i = s;
        continue;
      }
      const sp = r.special?.(t, i);
      if (sp !== undefined && sp.end > i) {
        while (find && this.target >= i && this.target < sp.end) {
          const loc = sp.loc ?? { kind: 'code', flowDepth: this.flow };
          if (this.hit(loc)) return { found: loc };
        }
        i = sp.end;
        continue;
      }
      if (find && i === this.target) {
        const loc: Loc = { kind: 'code', flowDepth: this.flow };
        if (this.hit(loc)) return { found: loc };
      }
      if (r.codeEscape !== undefined && c === r.codeEscape) {
        i += 2;
        continue;
      }
      if (c === '\n' && this.pending.length > 0) {
        const h = this.heredocBodies(i, find);
        if (isFound(h)) return h;
        i = h;
        continue;
      }
      if (r.heredocs && c === '<' && t[i + 1] === '<' && t[i + 2] !== '<' && t[i - 1] !== '<' && !this.inArithmetic(i)) {
        HEREDOC.lastIndex = i;
        const m = HEREDOC.exec(t);
        if (m) {
          const { word, quoted } = heredocWord(m[2]);
          const ws = i + m[0].length - m[2].length;
          this.pending.push({
            word, wordStart: ws, wordEnd: i + m[0].length, quoted,
            stripTabs: m[1] === '-', litStart: i, open: m[0],
          });
          i += m[0].length;
          continue;
        }
      }
      if (openBracket !== undefined) {
        if (c === openBracket) depth++;
        else if (c === closer && depth > 0) depth--;
      }
      if (c === '[' || c === '{') this.flow++;
      else if ((c === ']' || c === '}') && this.flow > 0) this.flow--;
      i++;
    }
    if (find) {
      const loc: Loc = { kind: 'code', flowDepth: this.flow };
      while (!this.hit(loc)) { /* every target left is past the end */ }
      return { found: loc };
    }
    return n;
  }

  private comment(i: number): number | undefined {
    const t = this.text;
    for (const c of this.rules.comments) {
      if (!t.startsWith(c.open, i)) continue;
      if (c.lineStart && i > 0 && t[i - 1] !== '\n') continue;
      if (c.wordStart && i > 0) {
        const p = t[i - 1];
        if (!/\s/.test(p) && !(this.rules.wordBreaks ?? '').includes(p)) continue;
      }
      if (c.close === undefined) {
        const e = t.indexOf('\n', i);
        return e < 0 ? t.length : e;
      }
      const e = t.indexOf(c.close, i + c.open.length);
      return e < 0 ? t.length : e + c.close.length;
    }
    return undefined;
  }

  private string(i: number, find: boolean): Found | number | undefined {
    const t = this.text;
    const n = t.length;
    for (const rule of this.rules.strings) {
      if (!rule.first.includes(t[i])) continue;
      rule.open.lastIndex = i;
      const m = rule.open.exec(t);
      if (!m || m.index !== i) continue;
      if (rule.canOpen && !rule.canOpen(t, i)) continue;
      const prefix = m[1] ?? '';
      const open = m[2] ?? '';
      const contentStart = i + m[0].length;
      const close = rule.close;
      let j = contentStart;
      let contentEnd = n;
      let litEnd = n;
      let terminated = false;
      while (j < n) {
        const ch = t[j];
        if (rule.singleLine && ch === '\n') {
          contentEnd = j > contentStart && t[j - 1] === '\r' ? j - 1 : j;
          litEnd = contentEnd;
          break;
        }
        if (t.startsWith(close, j) && (!rule.closeAtLineStart || t[j - 1] === '\n')) {
          if (rule.escapes.includes('doubled') && t.startsWith(close, j + close.length)) {
            j += 2 * close.length;
            continue;
          }
          contentEnd = j;
          litEnd = j + close.length;
          terminated = true;
          break;
        }
        if (ch === '\\' && rule.escapes.includes('backslash')) {
          j += 2;
          continue;
        }
        if (ch === '`' && rule.escapes.includes('backtick')) {
          j += 2;
          continue;
        }
        if (rule.interp && t.startsWith(rule.interp.open, j)) {
          // (several targets: the ones in the literal before the interpolation are answered now)
          while (this.kinds !== undefined && find && this.target >= i && this.target < j) {
            this.kinds.push('string');
            if (++this.next >= this.targets.length) return { found: { kind: 'comment' } }; // done (the value is unused)
          }
          const nestedFind = find && this.target >= j;
          const r = this.code(j + rule.interp.open.length, rule.interp.close, nestedFind);
          if (isFound(r)) return r;
          j = r;
          continue;
        }
        j++;
      }
      if (j >= n && !terminated) {
        contentEnd = n;
        litEnd = n;
      }
      while (find && this.target >= i && this.target < Math.max(litEnd, contentEnd + 1)) {
        const loc: Loc = { kind: 'string', rule: rule.name, litStart: i, prefix, open, contentStart, contentEnd, close, litEnd, terminated };
        if (this.hit(loc)) return { found: loc };
      }
      return Math.max(litEnd, i + 1);
    }
    return undefined;
  }

  /** At the newline ending a line with `<<WORD`: skips the bodies of the pending here-documents. */
  private heredocBodies(nl: number, find: boolean): Found | number {
    const t = this.text;
    const n = t.length;
    let pos = nl + 1;
    let last = nl;
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const bodyStart = pos;
      let lineStart = pos;
      let contentEnd = n;
      let litEnd = n;
      let terminated = false;
      while (lineStart <= n) {
        let lineEnd = t.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = n;
        let line = t.slice(lineStart, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const cmp = h.stripTabs ? line.replace(/^\t+/, '') : line;
        if (cmp === h.word) {
          contentEnd = lineStart;
          litEnd = lineStart + line.length;
          terminated = true;
          last = lineEnd;
          break;
        }
        if (lineEnd >= n) break;
        lineStart = lineEnd + 1;
      }
      if (!terminated) last = n;
      while (find && this.target >= bodyStart && this.target < Math.max(litEnd, bodyStart + 1)) {
        const loc: Loc = {
          kind: 'string', rule: h.quoted ? 'heredocLiteral' : 'heredoc', litStart: h.litStart, prefix: '', open: h.open,
          contentStart: bodyStart, contentEnd, close: h.word, litEnd, terminated,
          heredoc: { wordStart: h.wordStart, wordEnd: h.wordEnd, word: h.word, quoted: h.quoted, stripTabs: h.stripTabs },
        };
        if (this.hit(loc)) return { found: loc };
      }
      pos = last + 1;
      if (last >= n) break;
    }
    return last;
  }
}

/**
 * Where `target` lies in `text` under `rules`, scanning from `from` (default 0).
 * Never throws; unknown constructs count as code.
 */
export function locate(text: string, target: number, rules: Rules, from = 0): Loc {
  const s = new Scanner(text, [target], rules);
  const r = s.code(from, undefined, true);
  return isFound(r) ? r.found : { kind: 'code', flowDepth: 0 };
}

/**
 * What each offset of `targets` (ascending, distinct) lies in: `'code'`, `'comment'` or `'string'`, in one pass
 * over `text` from its start (up to the last target). Equals `targets.map((t) => locate(text, t, rules).kind)`,
 * without rescanning the text for each target. Never throws.
 */
export function locateKinds(text: string, targets: readonly number[], rules: Rules): Array<Loc['kind']> {
  if (targets.length === 0) return [];
  const kinds: Array<Loc['kind']> = [];
  new Scanner(text, targets, rules, kinds).code(0, undefined, true);
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Language tables
// ---------------------------------------------------------------------------------------------

const sticky = (src: string): RegExp => new RegExp(src, 'y');

const notAfterIdent = (text: string, i: number): boolean => i === 0 || !/[A-Za-z0-9_]/.test(text[i - 1]);

/** Previous non-blank character on the same line, or undefined at line start. */
function prevOnLine(text: string, i: number): { ch: string; at: number } | undefined {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < 0 || text[j] === '\n' || text[j] === '\r') return undefined;
  return { ch: text[j], at: j };
}

const JS_REGEX_PREV = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const JS_REGEX_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

/** JS/TS: a shebang first line, and regular-expression literals (so quotes inside them are not strings). */
function jsSpecial(text: string, i: number): SpecialResult | undefined {
  if (i === 0 && text.startsWith('#!')) {
    const e = text.indexOf('\n');
    return { end: e < 0 ? text.length : e, loc: { kind: 'comment' } };
  }
  if (text[i] !== '/' || text[i + 1] === '/' || text[i + 1] === '*') return undefined;
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  let isRegex = j < 0 || JS_REGEX_PREV.has(text[j]);
  if (!isRegex && /[A-Za-z_$]/.test(text[j])) {
    let k = j;
    while (k >= 0 && /[A-Za-z0-9_$]/.test(text[k])) k--;
    isRegex = JS_REGEX_WORDS.has(text.slice(k + 1, j + 1));
  }
  if (!isRegex) return undefined;
  if (knownUnterminatedRegex(text, i)) return undefined;
  let inClass = false;
  const marks: number[] = [];
  for (let k = i + 1; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\n' || ch === '\r') return rememberUnterminated(text, i, k, marks);
    if (ch === '\\') { k++; continue; }
    if (ch === '[' || ch === ']' || ch === '/') marks.push(k);
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') { inClass = true; continue; }
    if (ch === '/') {
      let e = k + 1;
      while (e < text.length && /[a-z]/.test(text[e])) e++;
      return { end: e };
    }
  }
  return rememberUnterminated(text, i, text.length, marks);
}

/**
 * The last regular-expression literal that ran to the end of its line unterminated: where it started and stopped,
 * and the unescaped `[`, `]` and `/` its scan passed. Without it, a line such as `([/([/…` costs a scan to the end
 * of the line from every `/` (quadratic). A later literal opening at `j` inside that stretch is read in step with
 * the failed one from `j + 1` on (the same escapes), only maybe in another state (outside a class where the failed
 * scan was inside one): the two agree from the first `[` or `]` on, so the later one can only end at a `/` that
 * comes before any bracket; otherwise it fails the same way.
 */
let lastUnterminated: { text: string; from: number; stop: number; marks: number[] } | undefined;

function rememberUnterminated(text: string, from: number, stop: number, marks: number[]): undefined {
  lastUnterminated = { text, from, stop, marks };
  return undefined;
}

/** True when a regex literal opening at the `/` at `i` is known to run unterminated (see {@link lastUnterminated}). */
function knownUnterminatedRegex(text: string, i: number): boolean {
  const u = lastUnterminated;
  if (u === undefined || i <= u.from || i >= u.stop) return false;
  if (u.text !== text) {
    lastUnterminated = undefined;
    return false;
  }
  u.text = text; // (an equal string that is another object: compare by reference from now on)
  let lo = 0; // first mark after i
  let hi = u.marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u.marks[mid] <= i) lo = mid + 1;
    else hi = mid;
  }
  return !(lo < u.marks.length && text[u.marks[lo]] === '/');
}

export const JS_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [
    { name: 'template', open: sticky('()(`)'), first: '`', close: '`', escapes: ['backslash'], interp: { open: '${', close: '}' } },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'], singleLine: true },
  ],
  special: jsSpecial,
  specialFirst: '/#',
};

export const PYTHON_RULES: Rules = {
  comments: [{ open: '#' }],
  strings: [
    { name: 'triple', open: sticky('([rRbBuUfF]{0,2})(""")'), first: 'rRbBuUfF"', close: '"""', escapes: ['backslash'], canOpen: notAfterIdent },
    { name: 'triple', open: sticky("([rRbBuUfF]{0,2})(''')"), first: 'rRbBuUfF\'', close: "'''", escapes: ['backslash'], canOpen: notAfterIdent },
    { name: 'double', open: sticky('([rRbBuUfF]{0,2})(")'), first: 'rRbBuUfF"', close: '"', escapes: ['backslash'], singleLine: true, canOpen: notAfterIdent },
    { name: 'single', open: sticky("([rRbBuUfF]{0,2})(')"), first: 'rRbBuUfF\'', close: "'", escapes: ['backslash'], singleLine: true, canOpen: notAfterIdent },
  ],
};

export const GO_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true },
    { name: 'raw', open: sticky('()(`)'), first: '`', close: '`', escapes: [] },
    { name: 'rune', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'], singleLine: true },
  ],
};

export const JAVA_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [
    { name: 'textBlock', open: sticky('()(""")'), first: '"', close: '"""', escapes: ['backslash'] },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true },
    { name: 'char', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'], singleLine: true },
  ],
};

export const KOTLIN_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [
    { name: 'raw', open: sticky('()(""")'), first: '"', close: '"""', escapes: [], interp: { open: '${', close: '}' } },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true, interp: { open: '${', close: '}' } },
    { name: 'char', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'], singleLine: true },
  ],
};

export const CSHARP_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [
    // (only at the first `$` of a run: tried from each `$` of `$$$…`, `\$*` would rescan the run every time)
    { name: 'raw', open: sticky('(?<!\\$)(\\$*)(""")'), first: '$"', close: '"""', escapes: [] },
    { name: 'verbatim', open: sticky('(\\$?@\\$?)(")'), first: '$@', close: '"', escapes: ['doubled'] },
    { name: 'interpolated', open: sticky('(\\$)(")'), first: '$', close: '"', escapes: ['backslash'], singleLine: true },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true },
    { name: 'char', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'], singleLine: true },
  ],
};

export const PHP_RULES: Rules = {
  comments: [{ open: '//' }, { open: '#' }, { open: '/*', close: '*/' }],
  strings: [
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'] },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'] },
  ],
};

export const RUBY_RULES: Rules = {
  comments: [{ open: '=begin', close: '\n=end', lineStart: true }, { open: '#' }],
  strings: [
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], interp: { open: '#{', close: '}' } },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: ['backslash'] },
    { name: 'backtick', open: sticky('()(`)'), first: '`', close: '`', escapes: ['backslash'], interp: { open: '#{', close: '}' } },
  ],
};

export const SHELL_RULES: Rules = {
  comments: [{ open: '#', wordStart: true }],
  wordBreaks: ';|&()<>',
  codeEscape: '\\',
  heredocs: true,
  strings: [
    { name: 'ansi', open: sticky("(\\$)(')"), first: '$', close: "'", escapes: ['backslash'] },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: [] },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], interp: { open: '$(', close: ')' } },
  ],
};

export const POWERSHELL_RULES: Rules = {
  comments: [{ open: '<#', close: '#>' }, { open: '#', wordStart: true }],
  wordBreaks: ';|&(){}',
  codeEscape: '`',
  strings: [
    { name: 'hereDouble', open: sticky('()(@"[ \\t]*\\r?\\n)'), first: '@', close: '"@', escapes: [], closeAtLineStart: true, interp: { open: '$(', close: ')' } },
    { name: 'hereSingle', open: sticky("()(@'[ \\t]*\\r?\\n)"), first: '@', close: "'@", escapes: [], closeAtLineStart: true },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: ['doubled'] },
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backtick', 'doubled'], interp: { open: '$(', close: ')' } },
  ],
};

export const JSON_RULES: Rules = {
  comments: [{ open: '//' }, { open: '/*', close: '*/' }],
  strings: [{ name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], singleLine: true }],
};

/** dotenv: a quote opens a value only right after `=`. */
const afterEquals = (text: string, i: number): boolean => prevOnLine(text, i)?.ch === '=';

export const DOTENV_RULES: Rules = {
  comments: [{ open: '#', wordStart: true }],
  strings: [
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], canOpen: afterEquals },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: [], canOpen: afterEquals },
  ],
};

/** YAML: a quote opens a scalar only where a scalar may start (line start, after `: `, `- `, `[`, `{`, `,`). */
function yamlScalarStart(text: string, i: number): boolean {
  const p = prevOnLine(text, i);
  if (p === undefined) return true;
  if ('[{,'.includes(p.ch)) return true;
  return ':-?'.includes(p.ch) && p.at < i - 1;
}

/** YAML block scalars (`key: |`, `- >-`): the more-indented lines after the indicator. */
function yamlSpecial(text: string, i: number): SpecialResult | undefined {
  const ch = text[i];
  if (ch !== '|' && ch !== '>') return undefined;
  if (!yamlScalarStart(text, i)) return undefined;
  const m = /^[|>][1-9+-]{0,2}[ \t]*(#[^\n]*)?\r?(\n|$)/.exec(text.slice(i, i + 200));
  if (!m) return undefined;
  const ls = lineStartOf(text, i);
  const indent = /^[ \t]*/.exec(text.slice(ls, i))?.[0].length ?? 0;
  let pos = i + m[0].length;
  let end = pos;
  while (pos < text.length) {
    let le = text.indexOf('\n', pos);
    if (le < 0) le = text.length;
    const line = text.slice(pos, le).replace(/\r$/, '');
    const ind = /^ */.exec(line)?.[0].length ?? 0;
    if (line.trim() !== '' && ind <= indent) break;
    end = le;
    pos = le + 1;
  }
  const contentStart = i + m[0].length;
  return {
    end: Math.max(end, i + 1),
    loc: { kind: 'string', rule: 'block', litStart: i, prefix: '', open: m[0], contentStart, contentEnd: end, close: '', litEnd: end, terminated: true },
  };
}

export const YAML_RULES: Rules = {
  comments: [{ open: '#', wordStart: true }],
  strings: [
    { name: 'double', open: sticky('()(")'), first: '"', close: '"', escapes: ['backslash'], canOpen: yamlScalarStart },
    { name: 'single', open: sticky("()(')"), first: '\'', close: "'", escapes: ['doubled'], canOpen: yamlScalarStart },
  ],
  special: yamlSpecial,
  specialFirst: '|>',
};
