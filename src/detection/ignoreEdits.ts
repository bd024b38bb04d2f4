/**
 * The text the editor's *Ignore this token on this line* inserts: an `ignore-next-line` comment above the token's
 * line, or, when that line lies inside a multi-line string (a template literal, a `"""` string, a YAML block
 * scalar, a here-document), where a comment would be part of the string and silence nothing, a
 * `disable` … `enable` pair around the whole string.
 */
import { Loc, locate, Rules } from '../fix/lexer';
import { lexerRulesFor } from './comments';
import { Directives, ignoreDirectiveFor } from './directives';
import { scan } from './scanner';
import { ScanOptions } from './types';

/** A line to insert: `text` (ending with the line break) goes at UTF-16 offset `offset`, a line start. */
export interface LineInsert {
  offset: number;
  text: string;
}

/**
 * The lines that make the scanner ignore the findings on `line` (1-based) of `text`, or undefined when the file has
 * no comment syntax (strict JSON, `.git-credentials`) or when no directive would silence them there. `eol` is the
 * document's line break. The answer is checked: scanning the text with the inserts applied reports nothing on that
 * line any more. Inserts are sorted by offset; each keeps the indentation of the line it goes above.
 */
export function ignoreLineInserts(text: string, line: number, options: ScanOptions & { eol: string }): LineInsert[] | undefined {
  const style = ignoreDirectiveFor(options.languageId ?? '', options.fileName);
  if (style === undefined) return undefined;
  const starts = lineStarts(text);
  if (line < 1 || line > starts.length) return undefined;
  const comment = (directive: string, indent: string): string => `${indent}${style.prefix}${directive}${style.suffix}${options.eol}`;
  const ls = starts[line - 1];
  let inserts: LineInsert[] = [{ offset: ls, text: comment(Directives.ignoreNextLine, indentAt(text, ls)) }];
  const rules = lexerRulesFor(options.languageId, options.fileName);
  const loc = rules === undefined ? undefined : locateOrUndefined(text, ls, rules);
  if (loc !== undefined && loc.kind === 'string' && loc.litStart < ls) {
    // inside a string that began on an earlier line: bracket the whole literal
    const first = lineIndexOf(starts, loc.litStart);
    const last = lineIndexOf(starts, Math.max(loc.litStart, loc.litEnd - 1));
    const indent = indentAt(text, starts[first]);
    const enable = comment(Directives.enable, indent);
    // after the literal's last line; at the end of a text without a final line break, start a line first
    const closing = last + 1 < starts.length
      ? { offset: starts[last + 1], text: enable }
      : { offset: text.length, text: options.eol + enable.slice(0, enable.length - options.eol.length) };
    inserts = [{ offset: starts[first], text: comment(Directives.disable, indent) }, closing];
  }
  return silences(text, ls, line, inserts, options) ? inserts : undefined;
}

/** The lexer's answer, or undefined when it gives up (deeply nested interpolations exhaust the stack). */
function locateOrUndefined(text: string, at: number, rules: Rules): Loc | undefined {
  try {
    return locate(text, at, rules);
  } catch {
    return undefined;
  }
}

/** True when no finding is left on `line` (which starts at `ls`, and moves down by the lines inserted above it). */
function silences(text: string, ls: number, line: number, inserts: readonly LineInsert[], options: ScanOptions): boolean {
  let out = '';
  let at = 0;
  let target = line;
  for (const ins of inserts) {
    out += text.slice(at, ins.offset) + ins.text;
    if (ins.offset <= ls) target += countLines(ins.text);
    at = ins.offset;
  }
  out += text.slice(at);
  return !scan(out, { ...options, maxBytes: 0 }).findings.some((f) => f.line === target);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based index of the line containing `offset`. */
function lineIndexOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function indentAt(text: string, ls: number): string {
  let e = ls;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(ls, e);
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
