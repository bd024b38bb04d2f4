/**
 * Sections around a key: the object literal that directly encloses it, and which service the enclosing sections
 * name (braces, indented block openers, INI/TOML `[section]` headers).
 */
import { isWordChar } from '../candidates';
import { FORGE_WORDS } from '../vocabulary';
import { COLON, DASH, DOT, EQUALS, GT, LBRACE, RBRACE, isQuote, isSpace } from './chars';
import { CONTEXT_LINES, Ctx } from './context';
import { isOtherServiceWord, keyWords } from './keys';
import { leadingIndent } from './scans';

/** A line that opens a block: `name:`, `- name:`, `'name' => [`, `name = {`, `name {`. */
const INDENT_OPENER_RE = /^[ \t]*(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,63})["']?[ \t]*(?:(?::|=>|=)[ \t]*)?(?:[[{(][ \t]*)?\r?$/;
/**
 * INI/TOML section headers: `[database]`, `[[registries.gitea]]`, `[registries."gitea"]`. The name ends on a
 * non-space (not a lazy quantifier next to `[ \t]*`, which tries every split of a run of spaces).
 */
const SECTION_RE = /^[ \t]*\[\[?[ \t]*([A-Za-z_](?:[\w.\-" ]{0,62}[\w.\-"])?)[ \t]*\]\]?[ \t]*\r?$/;

/** How far back (UTF-16 units) enclosing `name { … }` sections are looked for. */
const SECTION_CHARS = 2048;

/** The key of the object literal (`name: {` / `"name": {`) that directly encloses the key at `keyStart`. */
export function parentKey(ctx: Ctx, keyStart: number): string | undefined {
  const w = ctx.w;
  let depth = 0;
  for (let p = keyStart - 1; p >= ctx.ws; p--) {
    const c = w.charCodeAt(p);
    if (c === RBRACE) depth++;
    else if (c === LBRACE) {
      if (depth === 0) return keyBeforeBrace(w, p, ctx.ws);
      depth--;
    }
  }
  return undefined;
}

/**
 * Which service the sections around a key name, nearest first: enclosing `name: {` / `name = {` objects, then
 * less-indented `name:` / `name =>` block openers (YAML, PHP arrays, HCL), then the INI/TOML `[section]` above.
 * 'forge' or 'other' for the nearest section that names one, undefined when none does.
 */
export function enclosingService(ctx: Ctx, keyStart: number): 'forge' | 'other' | undefined {
  const names = braceSections(ctx, keyStart);
  if (names.length === 0) names.push(...indentSections(ctx, keyStart));
  const section = iniSection(ctx, keyStart);
  if (section !== undefined) names.push(section);
  for (const n of names) {
    const words = keyWords(n);
    if (words.some((x) => FORGE_WORDS.has(x))) return 'forge';
    if (words.some(isOtherServiceWord)) return 'other';
  }
  return undefined;
}

/** Names of up to 3 enclosing `name { … }` objects, innermost first (looked for within SECTION_CHARS of the key). */
function braceSections(ctx: Ctx, keyStart: number): string[] {
  const w = ctx.w;
  const names: string[] = [];
  let p = keyStart - 1;
  const min = Math.max(ctx.ws, keyStart - SECTION_CHARS);
  for (let level = 0; level < 3 && p >= min; level++) {
    let depth = 0;
    let open = -1;
    for (; p >= min; p--) {
      const c = w.charCodeAt(p);
      if (c === RBRACE) depth++;
      else if (c === LBRACE) {
        if (depth === 0) { open = p; break; }
        depth--;
      }
    }
    if (open === -1) break;
    const name = keyBeforeBrace(w, open, min);
    if (name !== undefined) names.push(name);
    p = open - 1;
  }
  return names;
}

/** Names of up to 3 block openers above the key with less indentation, nearest first. */
function indentSections(ctx: Ctx, keyStart: number): string[] {
  const w = ctx.w;
  const names: string[] = [];
  const ls = ctx.lineStartOf(keyStart);
  let indent = leadingIndent(w, ls);
  let q = ls;
  for (let k = 0; k < CONTEXT_LINES && q > ctx.ws && indent > 0 && names.length < 3; k++) {
    const pls = ctx.lineStartOf(q - 1);
    const pl = w.slice(pls, q - 1);
    q = pls;
    if (/^\s*(?:#.*)?$/.test(pl)) continue;
    const ind = leadingIndent(w, pls);
    if (ind >= indent) continue;
    const m = INDENT_OPENER_RE.exec(pl);
    if (m === null) break;
    names.push(m[1]);
    indent = ind;
  }
  return names;
}

/** The name of the INI/TOML `[section]` above the key (within CONTEXT_LINES lines). */
function iniSection(ctx: Ctx, keyStart: number): string | undefined {
  const w = ctx.w;
  let q = ctx.lineStartOf(keyStart);
  for (let k = 0; k < CONTEXT_LINES && q > ctx.ws; k++) {
    const pls = ctx.lineStartOf(q - 1);
    const m = SECTION_RE.exec(w.slice(pls, q - 1));
    q = pls;
    if (m !== null) return m[1];
  }
  return undefined;
}

/**
 * The name before an opening brace at `open`: `name: {`, `"name": {`, `name = {`, `'name' => {`, `name {`,
 * `provider "gitea" {` (the last label). Reads at most 64 characters of name; undefined when there is none.
 */
export function keyBeforeBrace(w: string, open: number, min: number): string | undefined {
  let p = open;
  while (p > min && isSpace(w.charCodeAt(p - 1))) p--;
  const c = w.charCodeAt(p - 1);
  if (c === COLON || c === EQUALS) {
    p--;
    if (c === EQUALS && p > min && w.charCodeAt(p - 1) === COLON) p--; // :=
  } else if (c === GT && p - 1 > min && w.charCodeAt(p - 2) === EQUALS) p -= 2; // =>
  while (p > min && isSpace(w.charCodeAt(p - 1))) p--;
  if (p <= min) return undefined;
  const q = w.charCodeAt(p - 1);
  if (isQuote(q)) {
    const a = w.lastIndexOf(String.fromCharCode(q), p - 2);
    if (a < min || p - 1 - a > 65) return undefined;
    const name = w.slice(a + 1, p - 1);
    return /^[A-Za-z_][\w.-]*$/.test(name) ? name : undefined;
  }
  let b = p;
  while (b > min && p - b < 64 && (isWordChar(w.charCodeAt(b - 1)) || w.charCodeAt(b - 1) === DOT || w.charCodeAt(b - 1) === DASH)) b--;
  return b < p ? w.slice(b, p) : undefined;
}
