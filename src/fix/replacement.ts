/**
 * The text edits behind the quick fix "Move token to OS keychain": replace a literal token with a
 * reference to an environment variable, written in the file's own idiom, so the file stays valid
 * code. Pure (no `vscode` import): the editor layer turns the edits into one `WorkspaceEdit`.
 *
 * Offsets everywhere are UTF-16 code-unit indices into the original text (what VS Code's
 * `TextDocument.offsetAt` returns), `[start, end)`.
 */

import { getLocation } from 'jsonc-parser';
import { Dialect, dialectOf } from './dialect';
import { isValidEnvVarName } from './envName';
import {
  CSHARP_RULES, DOTENV_RULES, GO_RULES, JAVA_RULES, JS_RULES, JSON_RULES, KOTLIN_RULES, Loc, PHP_RULES,
  POWERSHELL_RULES, PYTHON_RULES, RUBY_RULES, Rules, SHELL_RULES, StringLoc, YAML_RULES, lineEndOf, lineStartOf, locate,
} from './lexer';

/** One replacement: `[start, end)` of the original text becomes `newText`. Edits of a plan never overlap. */
export interface ReferenceEdit { start: number; end: number; newText: string }

/**
 * What the quick fix will do.
 * - `edits`: sorted by `start`, non-overlapping, offsets into the original text. Never contain the token.
 * - `description`: the reference as a user reads it, for the quick-fix title
 *   (`process.env.GOGS_TOKEN`, `"$GOGS_TOKEN"`, `the URL without the credential`, …). Never the token.
 * - `placeholder`: true when the file's language has no way to read an environment variable and a
 *   clearly-marked placeholder (e.g. `<GOGS_TOKEN from OS keychain>`) was written instead; the
 *   caller should tell the user the file needs manual wiring.
 * - `reason`: set (with `placeholder: true`) when the language can read an environment variable but
 *   not at this spot, so the fix refused to write a reference there (a reference would be a syntax
 *   error or change what the code does): why, in words for the user (never the token), e.g.
 *   `a module specifier must be a plain string literal`.
 */
export interface ReplacementPlan { edits: ReferenceEdit[]; description: string; placeholder: boolean; reason?: string }

/** Input of {@link planReplacement}. */
export interface ReplacementInput {
  /** Full document text (any line endings; CRLF is preserved in inserted lines). */
  text: string;
  /** VS Code language id (`TextDocument.languageId`), if known. */
  languageId?: string;
  /** Path or base name of the document, used when the language id is missing or generic. */
  fileName?: string;
  /** UTF-16 offset of the token's first character. */
  start: number;
  /** UTF-16 offset one past the token's last character. */
  end: number;
  /** Environment variable name to reference; must match `[A-Za-z_][A-Za-z0-9_]*`. */
  envVar: string;
  /** The detector's context hint: `userinfo`, `header`, `query`, `assignment`, `netrc`, `constructor`, `other`. */
  context?: string;
}

/**
 * Applies edits (as returned in a plan) to `text`. Edits must not overlap.
 * @throws RangeError when edits overlap or fall outside the text.
 */
export function applyEdits(text: string, edits: readonly ReferenceEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) throw new RangeError('edits overlap or fall outside the text');
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** The line ending the file already uses (first one found), `\n` by default. */
function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Sorts, checks and merges touching edits (an insertion next to a replacement becomes one edit). */
function normalize(text: string, edits: ReferenceEdit[]): ReferenceEdit[] {
  const sorted = edits.filter((e) => !(e.start === e.end && e.newText === '')).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: ReferenceEdit[] = [];
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.end < e.start) throw new RangeError('internal: edit outside the text');
    const prev = out[out.length - 1];
    if (prev && e.start < prev.end) throw new RangeError('internal: overlapping edits');
    if (prev && e.start === prev.end) {
      out[out.length - 1] = { start: prev.start, end: e.end, newText: prev.newText + e.newText };
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

function plan(text: string, edits: ReferenceEdit[], description: string, placeholder = false, reason?: string): ReplacementPlan {
  // An added line (import, ARG) must not land inside the replaced literal, which can happen in
  // malformed text (an unterminated string running over the header): put it before that line.
  const moved = edits.map((e) => {
    if (e.start !== e.end) return e;
    const host = edits.find((m) => m !== e && m.start < e.start && e.start < m.end);
    if (!host) return e;
    const at = lineStartOf(text, host.start);
    const newText = at === host.start || text[at - 1] === '\n' ? e.newText.replace(/^\r?\n/, '') : e.newText;
    return { start: at, end: at, newText: newText.endsWith('\n') ? newText : newText + eolOf(text) };
  });
  const out: ReplacementPlan = { edits: normalize(text, moved), description, placeholder };
  if (reason !== undefined) out.reason = reason;
  return out;
}

/**
 * The fix's answer for a spot where no reference can be written without breaking the code or
 * changing what it does: the token alone becomes the visible placeholder, and `reason` says why.
 */
function refuse(c: Ctx, reason: string): ReplacementPlan {
  const p = placeholderFor(c.v);
  return plan(c.text, [replaceToken(c.start, c.end, p)], p, true, reason);
}

/** True at a line continuation: `\` right before a line break. */
function isContinuation(text: string, i: number): boolean {
  return text[i] === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'));
}

/**
 * Index of the first character at or after `i` that is code: blanks, line breaks, `\` line
 * continuations and comments of `rules` are skipped (we are in code at `i`). `text.length` at the end.
 */
function nextCodeIndex(text: string, i: number, rules: Rules): number {
  let p = i;
  while (p < text.length) {
    if (/\s/.test(text[p])) { p++; continue; }
    if (isContinuation(text, p)) { p += 2; continue; }
    const c = rules.comments.find((r) => text.startsWith(r.open, p));
    if (!c) return p;
    const e = c.close === undefined ? text.indexOf('\n', p) : text.indexOf(c.close, p + c.open.length);
    if (e < 0) return text.length;
    p = c.close === undefined ? e : e + c.close.length;
  }
  return text.length;
}

/**
 * Index of the last character before `i` that is code (not blank, not a `\` line continuation, not in
 * a comment of `rules`), or -1 when there is none. Uses {@link locate}, so comments are told from
 * look-alikes inside strings; after 64 comments in a row, or when the start of a comment is not
 * among the 8 nearest openers, it gives up and returns the comment character it reached (text
 * built to reach that is far from anything a person writes).
 */
function prevCodeIndex(text: string, i: number, rules: Rules): number {
  let j = i - 1;
  for (let guard = 0; guard < 64; guard++) {
    while (j >= 0 && (/\s/.test(text[j]) || isContinuation(text, j))) j--;
    if (j < 0) return -1;
    const maybeComment = rules.comments.some((c) => {
      const at = text.lastIndexOf(c.open, j);
      return at >= 0 && (c.close !== undefined || at >= lineStartOf(text, j));
    });
    if (!maybeComment) return j;
    if (locate(text, j, rules).kind !== 'comment') return j;
    // inside a comment: continue before the last opener that starts a comment (a few candidates
    // at most: each costs a scan, and openers inside strings are not comments)
    let from = -1;
    for (const c of rules.comments) {
      const floor = c.close === undefined ? lineStartOf(text, j) : 0;
      let tries = 0;
      for (let p = text.lastIndexOf(c.open, j); p >= floor && tries < 8; p = p > 0 ? text.lastIndexOf(c.open, p - 1) : -1, tries++) {
        if (locate(text, p, rules).kind === 'comment') { from = Math.max(from, p); break; }
      }
    }
    if (from < 0) return j;
    j = from - 1;
  }
  return j;
}

/** The identifier-like word that ends at index `j` (inclusive), or '' when `text[j]` is not a word character. */
function wordEndingAt(text: string, j: number): string {
  let k = j;
  while (k >= 0 && /[A-Za-z0-9_$]/.test(text[k])) k--;
  return text.slice(k + 1, j + 1);
}

/** The generic placeholder for files with no env idiom. */
export function placeholderFor(envVar: string): string {
  return `<${envVar} from OS keychain>`;
}

// ---------------------------------------------------------------------------------------------
// Credentials embedded in URLs, .netrc and .git-credentials
// ---------------------------------------------------------------------------------------------

const USERINFO_CHAR = "[^\\s/?#@'\"`<>\\\\]";

/**
 * When the token is the user or password part of `scheme://[user:]TOKEN@host` or
 * `scheme://TOKEN[:x]@host`, the span of the whole userinfo including `@`.
 */
function userinfoSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const ls = lineStartOf(text, start);
  const before = new RegExp(`[A-Za-z][A-Za-z0-9+.-]*://(${USERINFO_CHAR}*)$`).exec(text.slice(Math.max(ls, start - 2048), start));
  if (!before) return undefined;
  const after = new RegExp(`^(${USERINFO_CHAR}*)@`).exec(text.slice(end, Math.min(lineEndOf(text, end), end + 2048)));
  if (!after) return undefined;
  const pre = before[1];
  const post = after[1];
  if (pre.length > 0 && !pre.endsWith(':')) return undefined;
  if (post.length > 0 && !post.startsWith(':')) return undefined;
  return { start: start - pre.length, end: end + after[0].length };
}

/** Removes the whole line holding the token (and its line break). */
function deleteLine(text: string, start: number): ReferenceEdit {
  const ls = lineStartOf(text, start);
  const nl = text.indexOf('\n', start);
  if (nl >= 0) return { start: ls, end: nl + 1, newText: '' };
  // last line: take the preceding line break instead
  const prevBreak = ls > 0 ? (ls >= 2 && text[ls - 2] === '\r' ? ls - 2 : ls - 1) : ls;
  return { start: prevBreak, end: text.length, newText: '' };
}

interface Word { s: number; e: number; w: string }

/** Keywords that take a value inside a netrc entry (`port` as in `.authinfo`). */
const NETRC_VALUE_KEYS = new Set(['login', 'password', 'account', 'port']);

/** One `machine …`/`default` entry: its first and last word and its `key value` pairs (word indices). */
interface NetrcEntry { first: number; last: number; pairs: Array<{ key: number; value: number }> }

/**
 * The netrc tokens of `text`: whitespace-separated words; a word that starts with `"` runs to the
 * closing unescaped `"` (curl and Python's `netrc` module both accept quoted values).
 */
function netrcWords(text: string): Word[] {
  const words: Word[] = [];
  const re = /"(?:[^"\\]|\\[\s\S])*"|\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push({ s: m.index, e: m.index + m[0].length, w: m[0] });
  return words;
}

/**
 * Parses netrc entries the way the readers do (GNU inetutils `ftp`, curl, Python's `netrc`): an
 * entry is `machine NAME` or `default` followed by `login`/`password`/`account`/`port` pairs, and
 * ends at the first word that is none of those keywords (a `#` comment, `macdef`, the next
 * `machine`/`default`, or anything else). A `#` word outside an entry's pairs comments out the rest
 * of its line; a `macdef NAME` line is followed by a macro body that runs to the first empty line.
 */
function netrcEntries(text: string, words: Word[]): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i].w;
    if (w.startsWith('#')) {
      const le = lineEndOf(text, words[i].s);
      while (i < words.length && words[i].s < le) i++;
    } else if (w === 'machine' || w === 'default') {
      const entry: NetrcEntry = { first: i, last: i, pairs: [] };
      let j = i + 1;
      if (w === 'machine' && j < words.length) { entry.last = j; j++; }
      while (j + 1 < words.length && NETRC_VALUE_KEYS.has(words[j].w)) {
        entry.pairs.push({ key: j, value: j + 1 });
        entry.last = j + 1;
        j += 2;
      }
      entries.push(entry);
      i = j;
    } else if (w === 'macdef') {
      // the macro body: the lines after the macdef line, up to the first empty line
      const nl = text.indexOf('\n', words[i].e);
      const blank = nl < 0 ? -1 : text.slice(nl).search(/\n[ \t]*\r?\n/);
      const bodyEnd = nl < 0 ? text.length : blank < 0 ? text.length : nl + blank + 1;
      while (i < words.length && words[i].s < bodyEnd) i++;
    } else {
      i++;
    }
  }
  return entries;
}

/**
 * `[from, to)` widened so that removing it leaves tidy text: whole lines when nothing else stands
 * on them; else the blanks after it when something follows on its last line (a comment, the next
 * entry), or the blanks before it.
 */
function removalSpan(text: string, from: number, to: number): ReferenceEdit {
  const ls = lineStartOf(text, from);
  const le = lineEndOf(text, to);
  const before = text.slice(ls, from);
  const after = text.slice(to, le);
  if (before.trim() === '' && after.trim() === '') {
    const nl = text.indexOf('\n', to);
    if (nl >= 0) return { start: ls, end: nl + 1, newText: '' };
    // last line: take the preceding line break instead
    const prevBreak = ls > 0 ? (ls >= 2 && text[ls - 2] === '\r' ? ls - 2 : ls - 1) : ls;
    return { start: prevBreak, end: text.length, newText: '' };
  }
  if (after.trim() !== '') return { start: from, end: to + (after.length - after.trimStart().length), newText: '' };
  return { start: ls + before.trimEnd().length, end: to, newText: '' };
}

/**
 * A real `.netrc`: removes the `password <token>` pair, keeping `machine … login …` (other tools
 * and the credential helper still learn the account); removes the whole entry when the token is
 * the login/account value or when no login would remain. Nothing outside the entry is touched: it
 * ends at the first word that is not a netrc keyword or its value (see {@link netrcEntries}), so
 * comments and text after it stay. Undefined when the token is not a value of an entry.
 */
function netrcEdits(text: string, start: number, end: number): ReferenceEdit[] | undefined {
  const words = netrcWords(text);
  const k = words.findIndex((w) => w.s <= start && end <= w.e);
  if (k < 0) return undefined;
  const entry = netrcEntries(text, words).find((en) => en.pairs.some((p) => p.value === k));
  if (!entry) return undefined;
  const pair = entry.pairs.find((p) => p.value === k) as { key: number; value: number };
  if (words[pair.key].w === 'password' && entry.pairs.some((p) => p !== pair && words[p.key].w === 'login')) {
    return [removalSpan(text, words[pair.key].s, words[pair.value].e)];
  }
  return [removalSpan(text, words[entry.first].s, words[entry.last].e)];
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the language strategies
// ---------------------------------------------------------------------------------------------

/**
 * `a + b + c` style pieces: the parts of the literal around the token, each re-quoted as written;
 * in parentheses when the rest of the line after the literal matches `parenIfFollowedBy` or the
 * line before it matches `parenIfPrecededBy` (an operator that binds tighter than `op`).
 */
function concatenation(text: string, loc: StringLoc, start: number, end: number, ref: string, op: string, parenIfFollowedBy: RegExp,
  parenIfPrecededBy?: RegExp): string {
  const opening = text.slice(loc.litStart, loc.contentStart);
  const pre = text.slice(loc.contentStart, start);
  const post = text.slice(end, loc.contentEnd);
  const parts: string[] = [];
  if (pre !== '') parts.push(opening + pre + loc.close);
  parts.push(ref);
  if (post !== '') parts.push(opening + post + loc.close);
  const joined = parts.join(` ${op} `);
  const after = text.slice(loc.litEnd, lineEndOf(text, loc.litEnd)).trimStart();
  const before = text.slice(lineStartOf(text, loc.litStart), loc.litStart).trimEnd();
  const paren = parenIfFollowedBy.test(after) || (parenIfPrecededBy?.test(before) ?? false);
  return parts.length > 1 && paren ? `(${joined})` : joined;
}

function wholeContent(loc: StringLoc, start: number, end: number): boolean {
  return loc.contentStart === start && loc.contentEnd === end;
}

/** Usable string location: terminated and containing the whole token in its content. */
function usable(loc: Loc, start: number, end: number): loc is StringLoc {
  return loc.kind === 'string' && loc.terminated && loc.contentStart <= start && end <= loc.contentEnd;
}

function replaceToken(start: number, end: number, newText: string): ReferenceEdit {
  return { start, end, newText };
}

// ---------------------------------------------------------------------------------------------
// Per-language strategies
// ---------------------------------------------------------------------------------------------

interface Ctx { text: string; start: number; end: number; v: string; eol: string; fileName?: string; languageId?: string }

function shellPlan(c: Ctx, docker: boolean, from = 0): ReplacementPlan {
  const { text, start, end, v } = c;
  const loc = locate(text, start, SHELL_RULES, from);
  const unquoted = docker ? `\${${v}}` : `"$${v}"`;
  const edits: ReferenceEdit[] = [];
  let description = docker ? `\${${v}}` : `"$${v}"`;
  if (loc.kind === 'comment') {
    edits.push(replaceToken(start, end, `$${v}`));
  } else if (loc.kind === 'code' || !usable(loc, start, end)) {
    edits.push(replaceToken(start, end, unquoted));
  } else if (loc.rule === 'double' || loc.rule === 'heredoc') {
    edits.push(replaceToken(start, end, `\${${v}}`));
  } else if (loc.rule === 'single' || loc.rule === 'ansi') {
    // close the quote, insert a double-quoted reference, reopen: 'abc'"$X"'def'
    const ref = docker ? `"\${${v}}"` : `"$${v}"`;
    const opening = loc.prefix + "'";
    const pre = text.slice(loc.contentStart, start);
    const post = text.slice(end, loc.contentEnd);
    const out = (pre !== '' ? opening + pre + "'" : '') + ref + (post !== '' ? opening + post + "'" : '');
    edits.push({ start: loc.litStart, end: loc.litEnd, newText: out });
  } else if (loc.rule === 'heredocLiteral' && loc.heredoc) {
    // <<'EOF' (any quoting in the word, <<E"O"F too) does not expand: unquote the delimiter and
    // escape what would now expand. A delimiter that cannot be written unquoted is refused.
    const h = loc.heredoc;
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.,:+%@=/-]*$/.test(h.word)) {
      return refuse(c, 'the here-document\'s delimiter is quoted (no expansion) and cannot be written unquoted');
    }
    const esc = (s: string): string => s.replace(/[\\$`]/g, (ch) => `\\${ch}`);
    edits.push({ start: h.wordStart, end: h.wordEnd, newText: h.word });
    edits.push({
      start: loc.contentStart, end: loc.contentEnd,
      newText: esc(text.slice(loc.contentStart, start)) + `\${${v}}` + esc(text.slice(end, loc.contentEnd)),
    });
  } else {
    edits.push(replaceToken(start, end, unquoted));
  }
  if (docker && loc.kind !== 'comment') {
    const argPlan = dockerArg(c, loc.kind === 'string' ? Math.min(loc.litStart, start) : start);
    if (argPlan === 'dropDefault') {
      // `ARG GOGS_TOKEN=<token>`: the build arg itself; drop the default value.
      const ls = lineStartOf(text, start);
      const m = new RegExp(`^(\\s*ARG\\s+${v})=`, 'i').exec(text.slice(ls));
      if (m) {
        const valueEnd = loc.kind === 'string' && loc.terminated ? loc.litEnd : end;
        return plan(text, [{ start: ls + m[1].length, end: valueEnd, newText: '' }], `ARG ${v}`);
      }
    } else if (argPlan) {
      edits.push(argPlan);
    }
    description = `\${${v}}`;
  }
  return plan(text, edits, description);
}

/** Dockerfile: `ARG X` must be declared in the stage for `${X}` to expand (Dockerfile reference, "ARG"). */
function dockerArg(c: Ctx, start: number): ReferenceEdit | 'dropDefault' | undefined {
  const { text, v, eol } = c;
  // start of the instruction (follow `\` continuations back)
  let ls = lineStartOf(text, start);
  while (ls > 0) {
    const prevLs = lineStartOf(text, ls - 1);
    const prevLine = text.slice(prevLs, ls).replace(/\r?\n$/, '');
    if (!/\\\s*$/.test(prevLine)) break;
    ls = prevLs;
  }
  const instr = text.slice(ls, lineEndOf(text, ls));
  if (new RegExp(`^\\s*ARG\\s+${v}=`, 'i').test(instr)) return 'dropDefault';
  const head = text.slice(0, ls);
  const fromIdx = Math.max(-1, ...[...head.matchAll(/^\s*FROM\s/gim)].map((m) => m.index ?? -1));
  const stage = fromIdx >= 0 ? head.slice(fromIdx) : head;
  if (new RegExp(`^\\s*ARG\\s+${v}(\\s|=|$)`, 'im').test(stage)) return undefined;
  const indent = /^[ \t]*/.exec(instr)?.[0] ?? '';
  return { start: ls, end: ls, newText: `${indent}ARG ${v}${eol}` };
}

function powershellPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const loc = locate(text, start, POWERSHELL_RULES);
  const refBefore = (following: string): string => (/^[A-Za-z0-9_?:]/.test(following) ? `\${env:${v}}` : `$env:${v}`);
  const description = `$env:${v}`;
  if (!usable(loc, start, end) || loc.rule === 'double' || loc.rule === 'hereDouble') {
    if (usable(loc, start, end) && wholeContent(loc, start, end) && loc.rule === 'double') {
      return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `$env:${v}` }], description);
    }
    return plan(text, [replaceToken(start, end, refBefore(text.slice(end, end + 1)))], description);
  }
  if (wholeContent(loc, start, end) && loc.rule === 'single') {
    return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `$env:${v}` }], description);
  }
  // Single-quoted: switch to double quotes so the reference expands.
  const escTick = (s: string): string => s.replace(/[`$]/g, (ch) => `\`${ch}`);
  if (loc.rule === 'single') {
    const conv = (s: string): string => escTick(s.replace(/''/g, "'")).replace(/"/g, '`"');
    const pre = conv(text.slice(loc.contentStart, start));
    const post = conv(text.slice(end, loc.contentEnd));
    return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `"${pre}${refBefore(post)}${post}"` }], description);
  }
  // @'…'@ here-string -> @"…"@
  const lineBreak = loc.open.slice(2).replace(/^[ \t]*/, '');
  const pre = escTick(text.slice(loc.contentStart, start));
  const post = escTick(text.slice(end, loc.contentEnd));
  return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `@"${lineBreak}${pre}${refBefore(post)}${post}"@` }], description);
}

function pythonHasOs(text: string): boolean {
  for (const m of text.matchAll(/^import[ \t]+([^\n#;]+)/gm)) {
    for (const part of m[1].split(',')) if (/^os(\.\w+)*$/.test(part.trim())) return true;
  }
  return false;
}

/** Where `import os` goes: after a shebang, leading comments, the module docstring and `from __future__` imports. */
function pythonImportEdit(text: string, eol: string): ReferenceEdit {
  let pos = 0;
  const lineAt = (p: number): string => text.slice(p, lineEndOf(text, p));
  const nextLine = (p: number): number => {
    const nl = text.indexOf('\n', p);
    return nl < 0 ? text.length : nl + 1;
  };
  let p = 0;
  // shebang, encoding cookie and other leading comments / blank lines
  while (p < text.length && /^\s*(#.*)?$/.test(lineAt(p))) {
    if (lineAt(p).trim() !== '') pos = nextLine(p);
    p = nextLine(p);
  }
  // module docstring
  if (p < text.length && /^[rRuU]?("""|'''|"|')/.test(lineAt(p))) {
    const q = /^[rRuU]?/.exec(lineAt(p))?.[0].length ?? 0;
    const loc = locate(text, p + q + 1, PYTHON_RULES, p);
    if (loc.kind === 'string' && loc.terminated) {
      pos = nextLine(loc.litEnd);
      p = pos;
    }
  }
  // __future__ imports (possibly parenthesised over several lines)
  for (;;) {
    let q = p;
    while (q < text.length && /^\s*(#.*)?$/.test(lineAt(q))) q = nextLine(q);
    if (q >= text.length || !/^from[ \t]+__future__[ \t]+import\b/.test(lineAt(q))) break;
    let e = nextLine(q);
    if (lineAt(q).includes('(') && !lineAt(q).includes(')')) {
      const close = text.indexOf(')', q);
      e = close < 0 ? text.length : nextLine(close);
    }
    pos = e;
    p = e;
  }
  // keep import blocks together: if imports follow (after blank lines), insert right before them
  let q = pos;
  while (q < text.length && lineAt(q).trim() === '') q = nextLine(q);
  if (q < text.length && /^(import|from)[ \t]/.test(lineAt(q))) pos = q;
  const needsBreak = pos > 0 && pos === text.length && !text.endsWith('\n');
  return { start: pos, end: pos, newText: `${needsBreak ? eol : ''}import os${eol}` };
}

/** A Python triple-quoted string standing alone as a statement: a docstring, treated like a comment. */
function isPythonDocString(text: string, loc: StringLoc): boolean {
  if (loc.open.length !== 3) return false;
  const ls = lineStartOf(text, loc.litStart);
  if (text.slice(ls, loc.litStart).trim() !== '') return false;
  return /^\s*(#.*)?$/.test(text.slice(loc.litEnd, lineEndOf(text, loc.litEnd)));
}

/**
 * Python implicit concatenation (`"a" "b"`): a neighbour literal before or after this one, on the
 * same line or across line breaks, `\` continuations and comments (inside brackets a literal on the
 * next line joins this one; outside them it would be a new statement, and the answer errs on the
 * safe side: a neighbour).
 */
function pythonAdjacentLiteral(text: string, loc: StringLoc): boolean {
  const n = nextCodeIndex(text, loc.litEnd, PYTHON_RULES);
  if (/^[rRbBuUfF]{0,2}["']/.test(text.slice(n, n + 3))) return true;
  const p = prevCodeIndex(text, loc.litStart, PYTHON_RULES);
  return p >= 0 && (text[p] === '"' || text[p] === "'");
}

/**
 * Doubles `{`/`}` so literal text survives inside an f-string (keeps `\N{NAME}` escapes of non-raw
 * strings intact; a brace after a backslash is doubled too: `\{` is not an escape in Python).
 */
function escapeFString(s: string, raw: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      if (!raw && s[i + 1] === 'N' && s[i + 2] === '{') {
        const close = s.indexOf('}', i + 3);
        if (close > 0) {
          out += s.slice(i, close + 1);
          i = close;
          continue;
        }
      }
      if (s[i + 1] === '{' || s[i + 1] === '}') {
        // `\{` is a backslash and a brace (raw or not): the brace must still be doubled
        out += ch;
        continue;
      }
      out += ch + s[i + 1];
      i++;
      continue;
    }
    out += ch === '{' ? '{{' : ch === '}' ? '}}' : ch;
  }
  return out;
}

function pythonPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v, eol } = c;
  const loc = locate(text, start, PYTHON_RULES);
  const ref = `os.environ["${v}"]`;
  const edits: ReferenceEdit[] = [];
  let needsImport = true;
  if (loc.kind === 'comment' || (loc.kind === 'string' && isPythonDocString(text, loc))) {
    edits.push(replaceToken(start, end, ref));
    needsImport = false;
  } else if (!usable(loc, start, end)) {
    edits.push(replaceToken(start, end, ref));
  } else {
    const pfx = loc.prefix;
    const isBytes = /b/i.test(pfx);
    const adjacent = pythonAdjacentLiteral(text, loc);
    const whole = wholeContent(loc, start, end) && !adjacent;
    if (isBytes && adjacent) {
      // `b"a" b"…"`: bytes have no f-string, and `+` inside the implicit concatenation would split it
      return refuse(c, 'this bytes literal is joined to a neighbouring literal (implicit concatenation), where no expression can stand');
    }
    if (whole) {
      edits.push({ start: loc.litStart, end: loc.litEnd, newText: isBytes ? `${ref}.encode()` : ref });
    } else if (isBytes) {
      // parentheses keep `+` from binding looser than a neighbouring `%`, `*`, `@` or `/`
      edits.push({ start: loc.litStart, end: loc.litEnd, newText: concatenation(text, loc, start, end, `${ref}.encode()`, '+', /^[.[(%*@/]/, /[*%@/]$/) });
    } else {
      const q = loc.open[0] === '"' ? "'" : '"';
      const inner = `{os.environ[${q}${v}${q}]}`;
      if (/f/i.test(pfx)) {
        edits.push(replaceToken(start, end, inner));
      } else {
        const raw = /r/i.test(pfx);
        const newPrefix = pfx.replace(/[uU]/, '') + 'f';
        const body = escapeFString(text.slice(loc.contentStart, start), raw) + inner + escapeFString(text.slice(end, loc.contentEnd), raw);
        edits.push({ start: loc.litStart, end: loc.litEnd, newText: newPrefix + loc.open + body + loc.close });
      }
    }
  }
  if (needsImport && !pythonHasOs(text)) edits.push(pythonImportEdit(text, eol));
  return plan(text, edits, ref);
}

/** JS/TS: `'a TOKEN b'` -> `` `a ${process.env.X} b` ``; escapes what a template literal would interpret. */
function toTemplateBody(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      out += ch + s[i + 1];
      i++;
    } else if (ch === '`') {
      out += '\\`';
    } else if (ch === '$' && s[i + 1] === '{') {
      out += '\\$';
    } else {
      out += ch;
    }
  }
  return out;
}

/** In a .jsx/.tsx file, a string that is the value of an attribute of an open tag (`<Foo a="…"`). */
function isJsxAttribute(c: Ctx, loc: StringLoc): boolean {
  const jsx = /react$/.test(c.languageId ?? '') || /\.[jt]sx$/i.test(c.fileName ?? '');
  if (!jsx) return false;
  const before = c.text.slice(Math.max(0, loc.litStart - 1000), loc.litStart);
  return /<[A-Za-z][\w.:-]*(?:\s+[\w:.-]+(?:=(?:"[^"]*"|'[^']*'|\{[^{}]*\}))?)*\s+[\w:.-]+=$/.test(before);
}

/**
 * JS/TS: why the string literal at `loc` must stay a string literal (ECMAScript and TypeScript
 * grammar), or undefined: a module specifier (`import … from "…"`, `export … from "…"`,
 * `import "…"`, TS `import x = require("…")`, `declare module "…"`), an import/export name
 * (`import { "…" as x }`, `export { x as "…" }`), a TS literal type (`x as "…"`, `satisfies "…"`,
 * `type T = "…"`).
 */
function jsLiteralOnlyReason(text: string, loc: StringLoc): string | undefined {
  const p = prevCodeIndex(text, loc.litStart, JS_RULES);
  const word = p >= 0 ? wordEndingAt(text, p) : '';
  const dotted = p - word.length >= 0 && text[p - word.length] === '.';
  const head = text.slice(Math.max(0, loc.litStart - 2000), p + 1);
  if (!dotted && (word === 'from' || word === 'import' || word === 'module')) {
    return 'a module specifier (import … from "…") must be a plain string literal';
  }
  if (/\bimport\s+(?:type\s+)?[\w$]+\s*=\s*require\s*\($/.test(head)) return 'a module specifier (import x = require("…")) must be a plain string literal';
  if (/(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{[^{}]*$/.test(head)) {
    return 'an import or export name must be a plain string literal';
  }
  if (!dotted && (word === 'as' || word === 'satisfies')) return 'here the string is a type (or an export name) and must stay a literal';
  if (/(?:^|[^\w$.])type\s+[\w$]+(?:\s*<[^=<>]*>)?\s*=$/.test(head)) return 'here the string is a type and must stay a literal';
  return undefined;
}

/** JS/TS: the string literal at `loc` is a property name (`{ "…": v }`, also in a destructuring pattern). */
function isJsPropertyKey(text: string, loc: StringLoc): boolean {
  const p = prevCodeIndex(text, loc.litStart, JS_RULES);
  if (p < 0 || (text[p] !== '{' && text[p] !== ',')) return false;
  return text[nextCodeIndex(text, loc.litEnd, JS_RULES)] === ':';
}

function jsPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const loc = locate(text, start, JS_RULES);
  const ref = `process.env.${v}`;
  if (!usable(loc, start, end)) return plan(text, [replaceToken(start, end, ref)], ref);
  if (loc.rule === 'template') return plan(text, [replaceToken(start, end, `\${${ref}}`)], ref);
  if (isJsxAttribute(c, loc)) {
    // <Tag attr="…">: an expression needs braces; JSX attribute text has no escapes
    const raw = (s: string): string => toTemplateBody(s.replace(/\\/g, '\\\\'));
    const inner = wholeContent(loc, start, end) ? ref
      : `\`${raw(text.slice(loc.contentStart, start))}\${${ref}}${raw(text.slice(end, loc.contentEnd))}\``;
    return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `{${inner}}` }], ref);
  }
  const literalOnly = jsLiteralOnlyReason(text, loc);
  if (literalOnly) return refuse(c, literalOnly);
  // `{ "…": v }`: an expression as a property name needs a computed key `[…]`
  const key = isJsPropertyKey(text, loc);
  const expr = (e: string): ReferenceEdit => ({ start: loc.litStart, end: loc.litEnd, newText: key ? `[${e}]` : e });
  if (wholeContent(loc, start, end)) return plan(text, [expr(ref)], ref);
  const pre = text.slice(loc.contentStart, start);
  const post = text.slice(end, loc.contentEnd);
  if (/\\(?:[1-7]|0[0-9])/.test(pre + post)) {
    // legacy octal escapes are a SyntaxError in template literals: concatenate instead
    return plan(text, [expr(`(${concatenation(text, loc, start, end, ref, '+', /$^/)})`)], ref);
  }
  return plan(text, [expr(`\`${toTemplateBody(pre)}\${${ref}}${toTemplateBody(post)}\``)], ref);
}

/** Go: the name under which package "os" is imported, and the edit adding the import when missing. */
function goImport(text: string, eol: string): { qual: string; edit?: ReferenceEdit } {
  const single = [...text.matchAll(/^import[ \t]+(?:([\w.]+)[ \t]+)?"([^"\n]+)"[^\r\n]*/gm)];
  const block = /^import[ \t]*\(([^)]*)\)/m.exec(text);
  const specs: Array<{ alias?: string; path: string }> = single.map((m) => ({ alias: m[1], path: m[2] }));
  if (block) for (const m of block[1].matchAll(/^[ \t]*(?:([\w.]+)[ \t]+)?"([^"\n]+)"/gm)) specs.push({ alias: m[1], path: m[2] });
  const os = specs.find((s) => s.path === 'os' && s.alias !== '_');
  if (os) return { qual: os.alias === '.' ? '' : `${os.alias ?? 'os'}.` };
  if (block) {
    const bodyStart = block.index + block[0].indexOf('(') + 1;
    const lines: Array<{ s: number; path?: string; indent: string }> = [];
    let p = text.indexOf('\n', bodyStart) + 1;
    const bodyEnd = block.index + block[0].length - 1;
    while (p > 0 && p <= bodyEnd) {
      const le = lineEndOf(text, p);
      const line = text.slice(p, le);
      const m = /^([ \t]*)(?:[\w.]+[ \t]+)?"([^"]+)"/.exec(line);
      if (line.trim() === '' && lines.some((l) => l.path)) break; // end of the first group
      lines.push({ s: p, path: m?.[2], indent: m?.[1] ?? '\t' });
      const nl = text.indexOf('\n', p);
      if (nl < 0) break;
      p = nl + 1;
    }
    const withPath = lines.filter((l) => l.path !== undefined);
    const indent = withPath[0]?.indent ?? '\t';
    const after = withPath.find((l) => (l.path as string) > 'os');
    if (after) return { qual: 'os.', edit: { start: after.s, end: after.s, newText: `${indent}"os"${eol}` } };
    if (withPath.length > 0) {
      const lastLine = withPath[withPath.length - 1];
      const nl = text.indexOf('\n', lastLine.s);
      const at = nl < 0 ? text.length : nl + 1;
      return { qual: 'os.', edit: { start: at, end: at, newText: `${nl < 0 ? eol : ''}${indent}"os"${eol}` } };
    }
    const at = text.indexOf('\n', bodyStart) + 1 || bodyStart;
    return { qual: 'os.', edit: { start: at, end: at, newText: `\t"os"${eol}` } };
  }
  if (single.length > 0) {
    const lastM = single[single.length - 1];
    const at = (lastM.index ?? 0) + lastM[0].length;
    return { qual: 'os.', edit: { start: at, end: at, newText: `${eol}import "os"` } };
  }
  const pkg = /^package[ \t]+\w+[^\n]*?(?=\r?\n|$)/m.exec(text);
  if (pkg) {
    const at = pkg.index + pkg[0].length;
    return { qual: 'os.', edit: { start: at, end: at, newText: `${eol}${eol}import "os"` } };
  }
  return { qual: 'os.' };
}

function goPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v, eol } = c;
  const loc = locate(text, start, GO_RULES);
  const imp = loc.kind === 'comment' ? { qual: 'os.' } : goImport(text, eol);
  const ref = `${imp.qual}Getenv("${v}")`;
  const description = `os.Getenv("${v}")`;
  const edits: ReferenceEdit[] = [];
  if (imp.edit) edits.push(imp.edit);
  if (!usable(loc, start, end) || (loc.rule !== 'double' && loc.rule !== 'raw')) {
    edits.push(replaceToken(start, end, ref));
    return plan(text, edits, description);
  }
  const literal = wholeContent(loc, start, end) ? ref : concatenation(text, loc, start, end, ref, '+', /^[[.]/);
  // `const x = "…"`: a call is not a constant; make it a variable.
  const ls = lineStartOf(text, loc.litStart);
  const m = /^([ \t]*)const(?=[ \t]+\w+([ \t]+[\w.*[\]]+)?[ \t]*=[ \t]*$)/.exec(text.slice(ls, loc.litStart));
  if (m) edits.push({ start: ls + m[1].length, end: ls + m[1].length + 5, newText: 'var' });
  const moved = m ? undefined : goMoveOutOfConstBlock(text, loc, literal, eol);
  if (moved) edits.push(...moved);
  else edits.push({ start: loc.litStart, end: loc.litEnd, newText: literal });
  return plan(text, edits, description);
}

/**
 * `const ( … name = "…" … )`: the spec line leaves the block and becomes `var name = …` right
 * after it (other constants, iota included, stay constants). Undefined when not in a const block.
 */
function goMoveOutOfConstBlock(text: string, loc: StringLoc, literal: string, eol: string): ReferenceEdit[] | undefined {
  const ls = lineStartOf(text, loc.litStart);
  const le = lineEndOf(text, loc.litEnd);
  const spec = /^([ \t]*)(\w+(?:[ \t]+[\w.*[\]]+)?[ \t]*=[ \t]*)$/.exec(text.slice(ls, loc.litStart));
  if (!spec || !/^[ \t]*(\/\/.*)?$/.test(text.slice(loc.litEnd, le))) return undefined;
  // innermost unclosed `(` before the spec line must belong to `const`
  let depth = 0;
  let open = -1;
  for (let i = ls - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) { open = i; break; }
      depth--;
    }
  }
  if (open < 0 || !/\bconst[ \t]*$/.test(text.slice(lineStartOf(text, open), open))) return undefined;
  depth = 0;
  let close = -1;
  for (let i = le; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) { close = i; break; }
      depth--;
    }
  }
  if (close < 0) return undefined;
  const nl = text.indexOf('\n', loc.litEnd);
  const lineEndWithBreak = nl < 0 ? text.length : nl + 1;
  const declaration = `var ${spec[2]}${literal}${text.slice(loc.litEnd, le)}`;
  return [
    { start: ls, end: lineEndWithBreak, newText: '' },
    { start: close + 1, end: close + 1, newText: `${eol}${eol}${declaration}` },
  ];
}

/**
 * Ruby joins adjacent string literals (`"a" "b"`, also across a `\` line continuation): a
 * neighbour there means the literal must stay a string (interpolation instead of a bare `ENV[…]`).
 */
function rubyAdjacentLiteral(text: string, loc: StringLoc): boolean {
  const gap = '(?:[ \\t]|\\\\\\r?\\n)*';
  return new RegExp(`^${gap}["']`).test(text.slice(loc.litEnd, loc.litEnd + 400))
    || new RegExp(`["']${gap}$`).test(text.slice(Math.max(0, loc.litStart - 400), loc.litStart));
}

function rubyPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const loc = locate(text, start, RUBY_RULES);
  const ref = `ENV["${v}"]`;
  if (!usable(loc, start, end)) return plan(text, [replaceToken(start, end, ref)], ref);
  if (wholeContent(loc, start, end) && loc.rule !== 'backtick' && !rubyAdjacentLiteral(text, loc)) {
    return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: ref }], ref);
  }
  if (loc.rule === 'double' || loc.rule === 'backtick') return plan(text, [replaceToken(start, end, `#{${ref}}`)], ref);
  // single-quoted: rewrite as a double-quoted string with interpolation
  const conv = (s: string): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\' && (s[i + 1] === '\\' || s[i + 1] === "'")) {
        out += s[i + 1] === '\\' ? '\\\\' : "'";
        i++;
      } else if (ch === '\\') out += '\\\\';
      else if (ch === '"') out += '\\"';
      else if (ch === '#') out += '\\#';
      else out += ch;
    }
    return out;
  };
  const body = conv(text.slice(loc.contentStart, start)) + `#{${ref}}` + conv(text.slice(end, loc.contentEnd));
  return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `"${body}"` }], ref);
}

function phpPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const ref = `getenv('${v}')`;
  // PHP code lives between `<?php`/`<?=` and `?>`; outside is template output.
  let from = 0;
  if (/<\?(php|=)/.test(text)) {
    const head = text.slice(0, start);
    const open = Math.max(head.lastIndexOf('<?php'), head.lastIndexOf('<?='));
    const closeTag = head.lastIndexOf('?>');
    if (open < 0 || closeTag > open) return plan(text, [replaceToken(start, end, `<?= ${ref} ?>`)], ref);
    from = open + (text.startsWith('<?php', open) ? 5 : 3);
  }
  const loc = locate(text, start, PHP_RULES, from);
  if (!usable(loc, start, end)) return plan(text, [replaceToken(start, end, ref)], ref);
  return plan(text, [{
    start: loc.litStart, end: loc.litEnd,
    newText: wholeContent(loc, start, end) ? ref : concatenation(text, loc, start, end, ref, '.', /^(\[|->)/),
  }], ref);
}

function javaLikePlan(c: Ctx, kind: 'java' | 'kotlin' | 'csharp'): ReplacementPlan {
  const { text, start, end, v } = c;
  const rules: Rules = kind === 'java' ? JAVA_RULES : kind === 'kotlin' ? KOTLIN_RULES : CSHARP_RULES;
  const ref = kind === 'csharp' ? `Environment.GetEnvironmentVariable("${v}")` : `System.getenv("${v}")`;
  const loc = locate(text, start, rules);
  if (!usable(loc, start, end) || loc.rule === 'char') return plan(text, [replaceToken(start, end, ref)], ref);
  if (loc.rule === 'textBlock' || (kind === 'csharp' && loc.rule === 'raw')) {
    // multi-line literals: no safe split; leave a clear placeholder inside the literal
    return plan(text, [replaceToken(start, end, placeholderFor(v))], placeholderFor(v), true);
  }
  if (wholeContent(loc, start, end)) return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: ref }], ref);
  if (kind === 'kotlin') return plan(text, [replaceToken(start, end, `\${${ref}}`)], ref);
  if (kind === 'csharp' && loc.rule === 'interpolated') return plan(text, [replaceToken(start, end, `{${ref}}`)], ref);
  return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: concatenation(text, loc, start, end, ref, '+', /^[.[]/) }], ref);
}

/** Keys whose value CI systems run through a shell (GitHub Actions `run`, GitLab `script`, compose `command`, …). */
const YAML_SHELL_KEY = /(?:^|[\s{,])(?:run|script|before_script|after_script|command|commands|entrypoint|cmd|shell)[ \t]*:[ \t]*$/;

/** True when the YAML scalar starting at `at` (its key on the same line, or a list item under such a key) is a shell script. */
function yamlShellScalar(text: string, at: number): boolean {
  const ls = lineStartOf(text, at);
  const head = text.slice(ls, at);
  if (YAML_SHELL_KEY.test(head.replace(/^[ \t]*-[ \t]+/, ' '))) return true;
  const item = /^([ \t]*)-[ \t]+$/.exec(head);
  if (!item) return false;
  // a list item: find the parent key line (less indented) above
  const indent = item[1].length;
  let p = ls;
  while (p > 0) {
    p = lineStartOf(text, p - 1);
    const line = text.slice(p, lineEndOf(text, p));
    if (line.trim() === '' || /^[ \t]*#/.test(line)) continue;
    const ind = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (ind < indent || (ind === indent && !/^[ \t]*-/.test(line))) return YAML_SHELL_KEY.test(line);
  }
  return false;
}

function yamlPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const ref = `\${${v}}`;
  const loc = locate(text, start, YAML_RULES);
  // a shell script inside YAML (`run: |`, `script: - …`): the shell's quoting rules apply
  if (loc.kind === 'string' && loc.rule === 'block' && yamlShellScalar(text, loc.litStart)) return shellPlan(c, false, loc.contentStart);
  if (loc.kind === 'code' && loc.flowDepth === 0) {
    const ls = lineStartOf(text, start);
    const m = /^([ \t]*(?:-[ \t]+)*(?:[\w.-]+[ \t]*:[ \t]+)?)/.exec(text.slice(ls, start));
    const scalarStart = ls + (m?.[1].length ?? 0);
    if (scalarStart < start && yamlShellScalar(text, scalarStart) && !/^["'|>]/.test(text.slice(scalarStart))) {
      return shellPlan(c, false, scalarStart);
    }
  }
  if (loc.kind === 'code' && loc.flowDepth > 0) {
    // plain scalar inside [ ] / { }: `{` is an indicator there, so quote the scalar
    const ls = lineStartOf(text, start);
    const le = lineEndOf(text, end);
    let s = start;
    while (s > ls && !'[{,'.includes(text[s - 1]) && !(text[s - 1] === ' ' && text[s - 2] === ':')) s--;
    let e = end;
    while (e < le && !',]}'.includes(text[e]) && !(text[e] === ':' && /\s/.test(text[e + 1] ?? ' ')) && !(text[e] === '#' && /\s/.test(text[e - 1]))) e++;
    while (s < start && /\s/.test(text[s])) s++;
    while (e > end && /\s/.test(text[e - 1])) e--;
    const esc = (x: string): string => x.replace(/[\\"]/g, (ch) => `\\${ch}`);
    return plan(text, [{ start: s, end: e, newText: `"${esc(text.slice(s, start))}${ref}${esc(text.slice(end, e))}"` }], ref);
  }
  return plan(text, [replaceToken(start, end, ref)], ref);
}

function dotenvPlan(c: Ctx): ReplacementPlan {
  const { text, start, end, v } = c;
  const ref = `\${${v}}`;
  const loc = locate(text, start, DOTENV_RULES);
  if (usable(loc, start, end) && loc.rule === 'single') {
    // single quotes are literal in dotenv/compose: switch to double quotes. Inside double quotes
    // the readers disagree on `$`, `` ` ``, `\` and `"` (compose writes a literal `$` as `$$`, a
    // shell that sources the file reads `$$` as its PID and runs `` `…` ``, node's dotenv keeps
    // `\"` as is): with any of them in the rest of the value no rewrite keeps it, so refuse.
    const pre = text.slice(loc.contentStart, start);
    const post = text.slice(end, loc.contentEnd);
    if (/[$`\\"]/.test(pre + post)) {
      return refuse(c, 'the rest of this single-quoted value holds $, `, \\ or ", which .env readers treat differently inside double quotes');
    }
    return plan(text, [{ start: loc.litStart, end: loc.litEnd, newText: `"${pre}${ref}${post}"` }], ref);
  }
  return plan(text, [replaceToken(start, end, ref)], ref);
}

/** The variable that hands a stored token to a task or launch configuration (gogsKeyHygiene.tokenValue). */
export const TOKEN_VALUE_VARIABLE = '${command:gogsKeyHygiene.tokenValue}';

/**
 * True when `offset` is inside an environment block of a VS Code task or launch configuration:
 * `tasks.json` `…options.env.X` / `…env.X`, `launch.json` `configurations[i].env.X`, and the same
 * inside a `.code-workspace`'s `tasks`/`launch`. Uses `jsonc-parser` (comments and trailing commas
 * allowed, as VS Code reads these files).
 */
function inVsCodeEnvBlock(text: string, offset: number, fileName: string | undefined): boolean {
  const base = (fileName ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base !== 'tasks.json' && base !== 'launch.json' && !base.endsWith('.code-workspace')) return false;
  const { path } = getLocation(text, offset);
  const i = path.lastIndexOf('env');
  return i >= 0 && i === path.length - 2 && typeof path[path.length - 1] === 'string';
}

/**
 * JSON has no way to read an environment variable. In a VS Code task or launch configuration's
 * environment block the product's own variable `${command:gogsKeyHygiene.tokenValue}` hands the
 * stored token over (VS Code substitutes it; the extension asks before a configuration gets a
 * token); anywhere else (settings, other JSON) a clear placeholder marks where the token belongs
 * (`placeholder: true`: `${env:…}` would silently resolve to nothing in most places).
 */
function jsonPlan(c: Ctx, vscode: boolean): ReplacementPlan {
  const { text, start, end, v } = c;
  const variable = vscode && inVsCodeEnvBlock(text, start, c.fileName);
  const ref = variable ? TOKEN_VALUE_VARIABLE : placeholderFor(v);
  const loc = locate(text, start, JSON_RULES);
  const inString = usable(loc, start, end);
  return plan(text, [replaceToken(start, end, inString ? ref : `"${ref}"`)], ref, !variable);
}

/**
 * Plans the edits that replace the token at `[start, end)` with a reference to the environment
 * variable `envVar`, written in the document's own idiom, keeping the file valid.
 *
 * Idioms (by {@link dialectOf}): shell `"$X"` (`${X}` inside double quotes and here-documents;
 * single quotes are closed and reopened); PowerShell `$env:X` (single-quoted strings become
 * double-quoted); cmd `%X%`; Python `os.environ["X"]` (f-string inside a string; adds `import os`);
 * JS/TS `process.env.X` (template literal inside a string); Go `os.Getenv("X")` (concatenation;
 * adds the "os" import); Ruby `ENV["X"]` (`#{…}` interpolation); PHP `getenv('X')`; Java/Kotlin
 * `System.getenv("X")`; C# `Environment.GetEnvironmentVariable("X")`; YAML/compose/.env/properties/
 * ini/.npmrc/Dockerfile `${X}`; Makefile `$(X)`; VS Code settings/launch/tasks JSON `${env:X}`;
 * Maven XML `${env.X}`; other JSON/TOML/HCL/XML/unknown: a placeholder (`placeholder: true`).
 * A credential in a URL (`scheme://[user:]TOKEN@host`) is removed with its userinfo (git then asks
 * the credential helper); in `.git-credentials` the line is removed; in a real netrc file
 * (`.netrc`, `_netrc`, `.authinfo`) the `password` pair (or the whole entry when no login would
 * remain), nothing after the entry; in other files a netrc-like line only loses the token.
 * Where the language can read a variable but not at the token's spot (a reference there would be a
 * syntax error or change behaviour: a static import specifier, a TS literal type, a bytes literal
 * in implicit concatenation, a quoted here-document delimiter that cannot be unquoted, a
 * single-quoted `.env` value holding `$`), the placeholder is written and `reason` says why.
 *
 * @returns the plan; its edits never contain the token.
 * @throws RangeError when `start`/`end` are not integers with `0 <= start < end <= text.length`.
 * @throws TypeError when `envVar` is not a POSIX name `[A-Za-z_][A-Za-z0-9_]*`.
 */
export function planReplacement(input: ReplacementInput): ReplacementPlan {
  const { text, start, end, envVar: v } = input;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > text.length) {
    throw new RangeError('token span must satisfy 0 <= start < end <= text.length');
  }
  if (!isValidEnvVarName(v)) throw new TypeError('envVar must be a POSIX environment variable name ([A-Za-z_][A-Za-z0-9_]*)');
  const dialect: Dialect = dialectOf(input.languageId, input.fileName);
  const c: Ctx = { text, start, end, v, eol: eolOf(text), fileName: input.fileName, languageId: input.languageId };

  if (dialect === 'gitCredentials') {
    return plan(text, [deleteLine(text, start)], 'remove the credential line (git asks the credential helper)');
  }
  if (dialect === 'netrc') {
    // Only in a real netrc file: elsewhere (docs, notes) a `machine … password …` line is prose or
    // an example, and only the token itself is replaced (below).
    const edits = netrcEdits(text, start, end);
    if (edits) return plan(text, edits, 'the .netrc entry without the password');
  }
  const ui = userinfoSpan(text, start, end);
  if (ui) return plan(text, [{ start: ui.start, end: ui.end, newText: '' }], 'the URL without the credential');

  switch (dialect) {
    case 'shell': return shellPlan(c, false);
    case 'dockerfile': return shellPlan(c, true);
    case 'powershell': return powershellPlan(c);
    case 'batch': return plan(text, [replaceToken(start, end, `%${v}%`)], `%${v}%`);
    case 'python': return pythonPlan(c);
    case 'js': return jsPlan(c);
    case 'go': return goPlan(c);
    case 'ruby': return rubyPlan(c);
    case 'php': return phpPlan(c);
    case 'java': case 'kotlin': case 'csharp': return javaLikePlan(c, dialect);
    case 'yaml': return yamlPlan(c);
    case 'dotenv': return dotenvPlan(c);
    case 'properties': case 'ini': case 'npmrc':
      return plan(text, [replaceToken(start, end, `\${${v}}`)], `\${${v}}`);
    case 'makefile': return plan(text, [replaceToken(start, end, `$(${v})`)], `$(${v})`);
    case 'json': return jsonPlan(c, false);
    case 'vscodeJson': return jsonPlan(c, true);
    case 'mavenXml': return plan(text, [replaceToken(start, end, `\${env.${v}}`)], `\${env.${v}}`);
    case 'markdown': return plan(text, [replaceToken(start, end, `$${v}`)], `$${v}`, true);
    case 'markup': {
      const p = `[${v} from OS keychain]`;
      return plan(text, [replaceToken(start, end, p)], p, true);
    }
    case 'netrc':
    case 'placeholder':
    default:
      return plan(text, [replaceToken(start, end, placeholderFor(v))], placeholderFor(v), true);
  }
}
