/**
 * Full and incremental scans.
 *
 * `scan` finds 40-hex candidates with the strided scanner, evaluates each with the rules, applies ignore
 * directives and ignored fingerprints. `rescan` reuses the previous result: only candidates whose context
 * window ({@link CONTEXT_CHARS} around them) touches the edited range are evaluated again, the rest are
 * shifted. The result always equals `scan(newText, options)` (a property test checks it with random edits).
 */
import { findCandidates, TOKEN_LENGTH } from './candidates';
import { Directive, DirectiveKind, directiveFilter, findDirectives } from './directives';
import { classifyFile } from './fileKind';
import { fingerprint, last4 } from './fingerprint';
import { CONTEXT_CHARS, Evaluator, Verdict } from './rules';
import { DEFAULT_MAX_BYTES, Finding, ScanOptions, ScanResult, TextChange } from './types';

/** Minified texts are only skipped above this size (UTF-16 units), and only when a size cap is in force. */
export const MINIFIED_MIN_LENGTH = 256 * 1024;
/** Average line length (over the first 64 Ki units) above which a text counts as minified. */
export const MINIFIED_AVG_LINE = 500;
const SAMPLE = 64 * 1024;
const BINARY_SAMPLE = 8 * 1024;
/** Margin around an edit, in UTF-16 units, beyond which no candidate's evaluation can be affected. */
const MARGIN = CONTEXT_CHARS + TOKEN_LENGTH + 64;

interface RawFinding {
  start: number;
  line: number;
  column: number;
  verdict: Verdict;
  fingerprint: string;
  last4: string;
}

interface State {
  length: number;
  /** The options of the scan (compared by value on rescan). */
  options: ScanOptions;
  skipped: boolean;
  raw: RawFinding[];
  directives: Directive[];
  /** False when `directives` only covers the text up to the last finding's line (a full scan's shortcut). */
  directivesComplete: boolean;
  /** First line end, capped at CONTEXT_CHARS: edits before it force a full scan (table headers read line 1). */
  firstLineCap: number;
  lines?: LineIndex;
}

/** Internal state of results, for `rescan`. A WeakMap keeps it off the public objects. */
const states = new WeakMap<ScanResult, State>();

/**
 * Scans `text` for Gogs/Gitea/Forgejo access tokens. Findings are sorted by offset and never contain the token.
 * Skips (with `result.skipped`) texts over `options.maxBytes` (default 1 MiB; 0 = no cap), binary texts (a NUL in
 * the first 8 Ki units) and, when capped, minified texts over 256 Ki units. Never throws on any string input.
 */
export function scan(text: string, options: ScanOptions = {}): ScanResult {
  const skipped = checkSkip(text, options);
  if (skipped !== undefined) return remember({ findings: [], skipped }, skippedState(text, options));
  const evaluator = new Evaluator(text, classifyFile(options.fileName, options.languageId));
  const raw: RawFinding[] = [];
  findCandidates(text, 0, text.length, (s) => {
    const v = evaluator.evaluate(s);
    if (v !== undefined) raw.push(makeRaw(text, s, v));
  });
  // Directives only matter up to the end of the last finding's line (none without findings): the list is
  // completed on the first rescan.
  const directives: Directive[] = [];
  const upTo = raw.length === 0 ? 0 : lineEndAt(text, raw[raw.length - 1].start);
  findDirectives(text, 0, upTo, (offset, kind) => directives.push({ offset, line: 0, kind }));
  assignLines(text, raw, directives);
  const state: State = {
    length: text.length,
    options: snapshot(options),
    skipped: false,
    raw,
    directives,
    directivesComplete: upTo === text.length,
    firstLineCap: firstLineCap(text),
  };
  return remember(output(raw, directives, options), state);
}

/**
 * Rescans after edits. `previous` must be the result of `scan`/`rescan` of `oldText` with the same options;
 * `changes` are the edits that turned `oldText` into `newText`, with offsets into `oldText` (as VS Code reports
 * `contentChanges`: non-overlapping). Returns exactly what `scan(newText, options)` returns; falls back to a full
 * scan when the previous state is unknown, the options differ or the changes do not add up.
 */
export function rescan(previous: ScanResult, oldText: string, newText: string, changes: readonly TextChange[], options: ScanOptions = {}): ScanResult {
  const st = states.get(previous);
  if (st === undefined || st.skipped || st.length !== oldText.length || optionsKey(st.options) !== optionsKey(options)) return scan(newText, options);
  if (changes.length === 0) return oldText === newText ? remember(output(st.raw, st.directives, options), st) : scan(newText, options);
  let os = Infinity;
  let oe = -Infinity;
  let delta = 0;
  for (const c of changes) {
    if (c.rangeOffset < 0 || c.rangeLength < 0 || c.rangeOffset + c.rangeLength > oldText.length) return scan(newText, options);
    os = Math.min(os, c.rangeOffset);
    oe = Math.max(oe, c.rangeOffset + c.rangeLength);
    delta += c.text.length - c.rangeLength;
  }
  if (oldText.length + delta !== newText.length) return scan(newText, options);
  if (checkSkip(newText, options) !== undefined) return scan(newText, options);
  if (os <= st.firstLineCap) return scan(newText, options);
  const ne = oe + delta;

  // line index of the new text
  const lines = (st.lines ?? LineIndex.build(oldText)).edit(oldText, newText, os, oe, ne);

  // region to re-evaluate, on line boundaries
  const rs = lineStartAt(newText, Math.max(0, os - MARGIN));
  const re = lineEndAt(newText, Math.min(newText.length, ne + MARGIN));
  const reOld = re - delta;
  const dLines = countNewlines(newText, os, ne) - countNewlines(oldText, os, oe);

  const evaluator = new Evaluator(newText, classifyFile(options.fileName, options.languageId));
  const raw: RawFinding[] = [];
  let i = 0;
  const old = st.raw;
  while (i < old.length && old[i].start < rs) raw.push(old[i++]);
  findCandidates(newText, rs, re, (s) => {
    const v = evaluator.evaluate(s);
    if (v === undefined) return;
    const r = makeRaw(newText, s, v);
    r.line = lines.lineOf(s);
    r.column = s - lines.startOf(r.line) + 1;
    raw.push(r);
  });
  while (i < old.length && old[i].start < reOld) i++;
  for (; i < old.length; i++) {
    const o = old[i];
    raw.push({ ...o, start: o.start + delta, line: o.line + dLines });
  }

  const directives: Directive[] = [];
  if (!st.directivesComplete) {
    findDirectives(newText, 0, newText.length, (offset, kind: DirectiveKind) => directives.push({ offset, line: lines.lineOf(offset), kind }));
  } else {
    let j = 0;
    const od = st.directives;
    while (j < od.length && od[j].offset < rs) directives.push(od[j++]);
    findDirectives(newText, rs, re, (offset, kind: DirectiveKind) => directives.push({ offset, line: lines.lineOf(offset), kind }));
    while (j < od.length && od[j].offset < reOld) j++;
    for (; j < od.length; j++) directives.push({ ...od[j], offset: od[j].offset + delta, line: od[j].line + dLines });
  }

  const state: State = {
    length: newText.length,
    options: st.options,
    skipped: false,
    raw,
    directives,
    directivesComplete: true,
    firstLineCap: firstLineCap(newText),
    lines,
  };
  return remember(output(raw, directives, options), state);
}

// ------------------------------------------------------------------------------------------------

function remember(result: ScanResult, state: State): ScanResult {
  states.set(result, state);
  return result;
}

function skippedState(text: string, options: ScanOptions): State {
  return { length: text.length, options: snapshot(options), skipped: true, raw: [], directives: [], directivesComplete: true, firstLineCap: 0 };
}

/** The options that decide raw findings (ignored fingerprints only filter the output). */
function snapshot(o: ScanOptions): ScanOptions {
  return { fileName: o.fileName, languageId: o.languageId, maxBytes: o.maxBytes };
}

function optionsKey(o: ScanOptions): string {
  return JSON.stringify([o.fileName ?? '', o.languageId ?? '', o.maxBytes ?? DEFAULT_MAX_BYTES]);
}

function makeRaw(text: string, s: number, verdict: Verdict): RawFinding {
  const token = text.slice(s, s + TOKEN_LENGTH);
  return { start: s, line: 0, column: 0, verdict, fingerprint: fingerprint(token), last4: last4(token) };
}

function output(raw: readonly RawFinding[], directives: readonly Directive[], options: ScanOptions): ScanResult {
  const ignored = directiveFilter(directives);
  const fps = options.ignoredFingerprints !== undefined && options.ignoredFingerprints.length > 0
    ? new Set(options.ignoredFingerprints.map((f) => f.toLowerCase()))
    : undefined;
  const findings: Finding[] = [];
  for (const r of raw) {
    if (ignored(r.line)) continue;
    if (fps !== undefined && fps.has(r.fingerprint)) continue;
    findings.push(toFinding(r));
  }
  return { findings };
}

function toFinding(r: RawFinding): Finding {
  const v = r.verdict;
  const f: Finding = {
    start: r.start,
    end: r.start + TOKEN_LENGTH,
    line: r.line,
    column: r.column,
    ruleId: v.ruleId,
    message: `${v.confidence === 'low' ? 'Possible ' : ''}Gogs/Gitea access token ${v.detail} (…${r.last4})`,
    confidence: v.confidence,
    fingerprint: r.fingerprint,
    last4: r.last4,
  };
  if (v.keyName !== undefined) f.keyName = v.keyName;
  if (v.host !== undefined) f.host = v.host;
  f.context = v.context;
  if (v.quote !== undefined) f.quote = v.quote;
  return f;
}

/** Fills `line`/`column` of findings and `line` of directives (both sorted by offset) in one pass over the text. */
function assignLines(text: string, raw: RawFinding[], directives: Directive[]): void {
  let line = 1;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  let i = 0;
  let j = 0;
  while (i < raw.length || j < directives.length) {
    const takeRaw = j >= directives.length || (i < raw.length && raw[i].start <= directives[j].offset);
    const pos = takeRaw ? raw[i].start : directives[j].offset;
    while (nl !== -1 && nl < pos) {
      line++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    if (takeRaw) {
      raw[i].line = line;
      raw[i].column = pos - lineStart + 1;
      i++;
    } else {
      directives[j].line = line;
      j++;
    }
  }
}

function checkSkip(text: string, options: ScanOptions): ScanResult['skipped'] {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (text.slice(0, BINARY_SAMPLE).indexOf('\u0000') !== -1) {
    return { reason: 'binary', detail: 'the text contains NUL characters: it looks binary' };
  }
  if (max > 0 && text.length > max) {
    return { reason: 'too-large', detail: `the text is ${formatSize(text.length)}, over the ${formatSize(max)} limit for scanning as you type` };
  }
  if (max > 0 && text.length > MINIFIED_MIN_LENGTH) {
    const sample = text.slice(0, SAMPLE);
    const lineCount = countNewlines(sample, 0, sample.length) + 1;
    if (sample.length / lineCount > MINIFIED_AVG_LINE) {
      return { reason: 'minified', detail: `the text looks minified (lines average over ${MINIFIED_AVG_LINE} characters) and is ${formatSize(text.length)}` };
    }
  }
  return undefined;
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} characters`;
}

function firstLineCap(text: string): number {
  const nl = text.slice(0, CONTEXT_CHARS + 1).indexOf('\n');
  return nl === -1 ? CONTEXT_CHARS : Math.min(nl, CONTEXT_CHARS);
}

function countNewlines(s: string, a: number, b: number): number {
  let d = 0;
  for (let i = s.indexOf('\n', a); i !== -1 && i < b; i = s.indexOf('\n', i + 1)) d++;
  return d;
}

function lineStartAt(text: string, pos: number): number {
  return pos <= 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEndAt(text: string, pos: number): number {
  const i = text.indexOf('\n', pos);
  return i === -1 ? text.length : i;
}

/**
 * Line starts of a text (`starts[k]` = offset of line k+1), updated in place of a rebuild after each edit:
 * an edit costs one copy of the array, not a pass over the text.
 */
class LineIndex {
  private constructor(private readonly starts: Uint32Array, readonly count: number) {}

  static build(text: string): LineIndex {
    let cap = 1024;
    let starts = new Uint32Array(cap);
    let n = 1;
    starts[0] = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === cap) {
        cap *= 2;
        const grown = new Uint32Array(cap);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    return new LineIndex(starts, n);
  }

  /** 1-based line of `pos`. */
  lineOf(pos: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of 1-based `line`. */
  startOf(line: number): number {
    return this.starts[line - 1];
  }

  /** Index of the new text after old `[os, oe)` became new `[os, ne)`. */
  edit(_oldText: string, newText: string, os: number, oe: number, ne: number): LineIndex {
    const delta = ne - oe;
    // keep starts <= os; drop starts in (os, oe]; insert newlines of the new range; shift starts > oe
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] <= os) lo = mid + 1;
      else hi = mid;
    }
    const keep = lo;
    let tail = keep;
    while (tail < this.count && this.starts[tail] <= oe) tail++;
    const inserted: number[] = [];
    for (let i = newText.indexOf('\n', os); i !== -1 && i < ne; i = newText.indexOf('\n', i + 1)) inserted.push(i + 1);
    const count = keep + inserted.length + (this.count - tail);
    const starts = new Uint32Array(Math.max(count, 1));
    starts.set(this.starts.subarray(0, keep), 0);
    for (let k = 0; k < inserted.length; k++) starts[keep + k] = inserted[k];
    let w = keep + inserted.length;
    for (let k = tail; k < this.count; k++) starts[w++] = this.starts[k] + delta;
    return new LineIndex(starts, count);
  }
}
