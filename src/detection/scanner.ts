/**
 * Full and incremental scans.
 *
 * `scan` finds 40-hex candidates with the strided scanner, evaluates each with the rules, applies ignore
 * directives and ignored fingerprints. `rescan` reuses the previous result: only candidates whose context
 * window ({@link CONTEXT_CHARS} around them) touches the edited range are evaluated again, the rest are
 * shifted. The result always equals `scan(newText, options)` (a property test checks it with random edits).
 */
import { findCandidates, TOKEN_LENGTH } from './candidates';
import { inLexerComment, lexerRulesFor } from './comments';
import { Directive, DirectiveKind, directiveFilter, findDirectives } from './directives';
import { classifyFile } from './fileKind';
import { fingerprint, last4 } from '../util/fingerprint';
import { CONTEXT_CHARS, detach, Evaluator, Verdict } from './rules';
import { DEFAULT_MAX_BYTES, Finding, ScanJob, ScanOptions, ScanResult, TextChange } from './types';

/** Minified texts are only skipped above this size (UTF-16 units), and only when a size cap is in force. */
export const MINIFIED_MIN_LENGTH = 256 * 1024;
/** Average line length (over the first 64 Ki units) above which a text counts as minified. */
export const MINIFIED_AVG_LINE = 500;
const SAMPLE = 64 * 1024;
const BINARY_SAMPLE = 8 * 1024;
/** Margin around an edit, in UTF-16 units, beyond which no candidate's evaluation can be affected. */
const MARGIN = CONTEXT_CHARS + TOKEN_LENGTH + 64;

/** A finding before directives and ignored fingerprints are applied (a class: one shape, cheap to copy). */
class RawFinding {
  /** The public finding, built once (findings before an edit are handed out again unchanged). */
  finding: Finding | undefined = undefined;
  constructor(
    public start: number,
    public line: number,
    public column: number,
    public readonly verdict: Verdict,
    public readonly fingerprint: string,
    public readonly last4: string,
    /** For a finding moved by an edit: its previous public finding, to copy instead of rebuilding. */
    public readonly moved: Finding | undefined,
  ) {}
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
  return startScan(text, options).run(Infinity) as ScanResult;
}

/**
 * {@link scan} as a job that runs in slices (see {@link ScanJob}): finding the 40-hex candidates is one quick pass
 * here; evaluating them, where the time goes, happens in `run`. Run to the end, it returns what `scan` returns.
 */
export function startScan(text: string, options: ScanOptions = {}): ScanJob {
  const skipped = checkSkip(text, options);
  if (skipped !== undefined) return finished(remember({ findings: [], skipped }, skippedState(text, options)));
  const evaluator = new Evaluator(text, classifyFile(options.fileName, options.languageId));
  const raw: RawFinding[] = [];
  const candidates: number[] = [];
  findCandidates(text, 0, text.length, (s) => candidates.push(s));
  return new SlicedJob(candidates, evaluator, (s, v) => raw.push(makeRaw(text, s, v)), (stopped) => {
    // Directives only matter up to the end of the last finding's line (none without findings): the list is
    // completed on the first rescan.
    const directives: Directive[] = [];
    const upTo = raw.length === 0 ? 0 : lineEndAt(text, raw[raw.length - 1].start);
    findDirectives(text, 0, upTo, (offset, kind) => directives.push({ offset, line: 0, kind }));
    assignLines(text, raw, directives);
    if (stopped !== undefined) return remember(incomplete(output(text, raw, directives, options), text, stopped, text.length), skippedState(text, options));
    const state: State = {
      length: text.length,
      options: snapshot(options),
      skipped: false,
      raw,
      directives,
      directivesComplete: upTo === text.length,
      firstLineCap: firstLineCap(text),
    };
    return remember(output(text, raw, directives, options), state);
  });
}

/**
 * Rescans after edits. `previous` must be the result of `scan`/`rescan` of `oldText` with the same options;
 * `changes` are the edits that turned `oldText` into `newText`, with offsets into `oldText` (as VS Code reports
 * `contentChanges`: non-overlapping). Returns exactly what `scan(newText, options)` returns; falls back to a full
 * scan when the previous state is unknown, the options differ or the changes do not add up.
 * Memory: a result of `rescan` keeps a reference to `newText` (its line index counts lines in it) until the result
 * is dropped; results of `scan` keep nothing of the text. Findings never hold views into the text.
 */
export function rescan(previous: ScanResult, oldText: string, newText: string, changes: readonly TextChange[], options: ScanOptions = {}): ScanResult {
  return startRescan(previous, oldText, newText, changes, options).run(Infinity) as ScanResult;
}

/** {@link rescan} as a job that runs in slices (see {@link ScanJob}); a full-scan job where `rescan` would scan in full. */
export function startRescan(previous: ScanResult, oldText: string, newText: string, changes: readonly TextChange[], options: ScanOptions = {}): ScanJob {
  const st = states.get(previous);
  if (st === undefined || st.skipped || st.length !== oldText.length || optionsKey(st.options) !== optionsKey(options)) return startScan(newText, options);
  if (changes.length === 0) return oldText === newText ? finished(remember(output(newText, st.raw, st.directives, options), st)) : startScan(newText, options);
  let os = Infinity;
  let oe = -Infinity;
  let delta = 0;
  for (const c of changes) {
    if (c.rangeOffset < 0 || c.rangeLength < 0 || c.rangeOffset + c.rangeLength > oldText.length) return startScan(newText, options);
    os = Math.min(os, c.rangeOffset);
    oe = Math.max(oe, c.rangeOffset + c.rangeLength);
    delta += c.text.length - c.rangeLength;
  }
  if (oldText.length + delta !== newText.length) return startScan(newText, options);
  if (checkSkip(newText, options) !== undefined) return startScan(newText, options);
  if (os <= st.firstLineCap) return startScan(newText, options);
  const ne = oe + delta;

  // line index of the new text
  const lines = (st.lines ?? LineIndex.build(oldText)).edit(oldText, newText, os, oe, ne);

  // region to re-evaluate, on line boundaries
  const rs = lineStartAt(newText, Math.max(0, os - MARGIN));
  const re = lineEndAt(newText, Math.min(newText.length, ne + MARGIN));
  const reOld = re - delta;
  const dLines = countNewlines(newText, os, ne) - countNewlines(oldText, os, oe); // lines before/after shift

  const evaluator = new Evaluator(newText, classifyFile(options.fileName, options.languageId));
  const raw: RawFinding[] = [];
  let i = 0;
  const old = st.raw;
  while (i < old.length && old[i].start < rs) raw.push(old[i++]);
  const candidates: number[] = [];
  findCandidates(newText, rs, re, (s) => candidates.push(s));
  const found = (s: number, v: Verdict): void => {
    const r = makeRaw(newText, s, v);
    r.line = lines.lineOf(s);
    r.column = s - lines.startOfLineAt(s) + 1;
    raw.push(r);
  };
  return new SlicedJob(candidates, evaluator, found, (stopped) => {
    while (i < old.length && old[i].start < reOld) i++;
    for (; i < old.length; i++) {
      const o = old[i];
      raw.push(new RawFinding(o.start + delta, o.line + dLines, o.column, o.verdict, o.fingerprint, o.last4, o.finding ?? o.moved));
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
      // (after the edit: what the lexer said about them may have changed, so it is not carried over)
      for (; j < od.length; j++) directives.push({ offset: od[j].offset + delta, line: od[j].line + dLines, kind: od[j].kind });
    }
    if (stopped !== undefined) return remember(incomplete(output(newText, raw, directives, options), newText, stopped, re), skippedState(newText, options));

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
    return remember(output(newText, raw, directives, options), state);
  });
}

/** Where a job stopped: the first candidate it did not evaluate, and why. */
interface Stop {
  at: number;
  detail: string;
}

/**
 * Evaluates `candidates` in order, in slices ({@link ScanJob}), then calls `finish` once: without an argument when
 * all were evaluated, with where it stopped otherwise.
 */
class SlicedJob implements ScanJob {
  private next = 0;
  private result: ScanResult | undefined;

  constructor(
    private readonly candidates: readonly number[],
    private readonly evaluator: Evaluator,
    private readonly found: (start: number, verdict: Verdict) => void,
    private readonly finish: (stopped?: Stop) => ScanResult,
  ) {}

  run(deadline: number): ScanResult | undefined {
    if (this.result !== undefined) return this.result;
    const c = this.candidates;
    const timed = deadline !== Infinity;
    while (this.next < c.length) {
      const s = c[this.next++];
      const v = this.evaluator.evaluate(s);
      if (v !== undefined) this.found(s, v);
      // (the clock is read every 8 candidates: an evaluation costs well under a microsecond to a few)
      if (timed && (this.next & 7) === 0 && this.next < c.length && performance.now() >= deadline) return undefined;
    }
    return (this.result = this.finish());
  }

  stop(detail: string): ScanResult {
    if (this.result !== undefined) return this.result;
    if (this.next >= this.candidates.length) return this.run(Infinity) as ScanResult;
    return (this.result = this.finish({ at: this.candidates[this.next], detail }));
  }
}

/** A job whose result is known already. */
function finished(result: ScanResult): ScanJob {
  return { run: () => result, stop: () => result };
}

/** Marks `result` as stopped at `stop.at` (nothing was evaluated from there to `to`). */
function incomplete(result: ScanResult, text: string, stop: Stop, to: number): ScanResult {
  result.incomplete = { from: stop.at, to, line: countNewlines(text, 0, stop.at) + 1, detail: stop.detail };
  return result;
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

function makeRaw(text: string, s: number, v: Verdict): RawFinding {
  const token = text.slice(s, s + TOKEN_LENGTH);
  // findings outlive the scan: their strings must not be views into the document (see detach)
  const verdict: Verdict = {
    ruleId: v.ruleId,
    confidence: v.confidence,
    context: v.context,
    keyName: detach(v.keyName),
    host: detach(v.host),
    quote: detach(v.quote),
    detail: detach(v.detail),
  };
  return new RawFinding(s, 0, 0, verdict, fingerprint(token), detach(last4(token)), undefined);
}

function output(text: string, raw: readonly RawFinding[], directives: readonly Directive[], options: ScanOptions): ScanResult {
  const ignored = directiveFilter(raw.length === 0 ? directives : commentDirectives(text, directives, options));
  const fps = options.ignoredFingerprints !== undefined && options.ignoredFingerprints.length > 0
    ? new Set(options.ignoredFingerprints.map((f) => f.toLowerCase()))
    : undefined;
  const findings: Finding[] = [];
  for (const r of raw) {
    if (ignored(r.line)) continue;
    if (fps !== undefined && fps.has(r.fingerprint)) continue;
    findings.push((r.finding ??= r.moved !== undefined ? moveFinding(r.moved, r.start, r.line) : toFinding(r)));
  }
  return { findings };
}

/**
 * The directives that stand in a comment for the lexer of the text's language (all of them when it has none):
 * one lexer pass, up to the last directive not yet classified. The answer is kept on each directive, and a rescan
 * keeps the directives before the edit region, whose answers cannot change (they depend on the text up to the
 * end of their line), so typing after the last directive costs no lexer pass.
 */
function commentDirectives(text: string, directives: readonly Directive[], options: ScanOptions): readonly Directive[] {
  if (directives.length === 0) return directives;
  const rules = lexerRulesFor(options.languageId, options.fileName);
  if (rules === undefined) return directives;
  const todo = directives.filter((d) => d.inComment === undefined);
  if (todo.length > 0) {
    const answers = inLexerComment(text, todo.map((d) => d.offset), rules);
    todo.forEach((d, k) => { d.inComment = answers[k]; });
  }
  return directives.some((d) => d.inComment === false) ? directives.filter((d) => d.inComment === true) : directives;
}

/** Builds the public finding. Every finding has the same properties in the same order (absent ones undefined). */
function toFinding(r: RawFinding): Finding {
  const v = r.verdict;
  return {
    start: r.start,
    end: r.start + TOKEN_LENGTH,
    line: r.line,
    column: r.column,
    ruleId: v.ruleId,
    message: `${v.confidence === 'low' ? 'Possible ' : ''}Gogs/Gitea access token ${v.detail} (…${r.last4})`,
    confidence: v.confidence,
    fingerprint: r.fingerprint,
    last4: r.last4,
    keyName: v.keyName,
    host: v.host,
    context: v.context,
    quote: v.quote,
  };
}

/** A finding moved by an edit (same line content, new offset and line number). */
function moveFinding(f: Finding, start: number, line: number): Finding {
  return {
    start,
    end: start + TOKEN_LENGTH,
    line,
    column: f.column,
    ruleId: f.ruleId,
    message: f.message,
    confidence: f.confidence,
    fingerprint: f.fingerprint,
    last4: f.last4,
    keyName: f.keyName,
    host: f.host,
    context: f.context,
    quote: f.quote,
  };
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
 * Line numbers of a text from sparse anchors: a (line start, line number) pair about every {@link ANCHOR_SPACING}
 * units. An edit drops the anchors it touched and shifts the ones after it, so it costs one pass over the anchors
 * (≈ 1,300 for 5 MB), not over the text; `lineOf` counts newlines from the nearest anchor.
 */
const ANCHOR_SPACING = 4096;

class LineIndex {
  private constructor(
    private readonly offsets: Int32Array,
    private readonly lines: Int32Array,
    private readonly n: number,
    private readonly text: string,
  ) {}

  static build(text: string): LineIndex {
    const offsets: number[] = [0];
    const lines: number[] = [1];
    let line = 1;
    let last = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      line++;
      if (i + 1 - last >= ANCHOR_SPACING) {
        offsets.push(i + 1);
        lines.push(line);
        last = i + 1;
      }
    }
    return new LineIndex(Int32Array.from(offsets), Int32Array.from(lines), offsets.length, text);
  }

  /** 1-based line of `pos`. */
  lineOf(pos: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.offsets[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    let line = this.lines[lo];
    const text = this.text;
    for (let i = text.indexOf('\n', this.offsets[lo]); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }

  /** Offset of the start of the line containing `pos`. */
  startOfLineAt(pos: number): number {
    return pos <= 0 ? 0 : this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Index of the new text after old `[os, oe)` became new `[os, ne)`. */
  edit(oldText: string, newText: string, os: number, oe: number, ne: number): LineIndex {
    const delta = ne - oe;
    const dLines = countNewlines(newText, os, ne) - countNewlines(oldText, os, oe); // lines before/after shift
    const offsets = new Int32Array(this.n + 2);
    const lines = new Int32Array(this.n + 2);
    let k = 0;
    let i = 0;
    // anchors at or before the edit start stay (the newline before them is untouched)
    while (i < this.n && this.offsets[i] <= os) {
      offsets[k] = this.offsets[i];
      lines[k++] = this.lines[i++];
    }
    // anchors inside the replaced range go; re-anchor a long inserted range so counts stay short
    while (i < this.n && this.offsets[i] <= oe) i++;
    if (ne - os > ANCHOR_SPACING) {
      let line = this.lineOfIn(newText, offsets, lines, k, os);
      let last = offsets[k - 1];
      const extraO: number[] = [];
      const extraL: number[] = [];
      for (let x = newText.indexOf('\n', os); x !== -1 && x < ne; x = newText.indexOf('\n', x + 1)) {
        line++;
        if (x + 1 - last >= ANCHOR_SPACING && x + 1 <= ne) {
          extraO.push(x + 1);
          extraL.push(line);
          last = x + 1;
        }
      }
      const grownO = new Int32Array(offsets.length + extraO.length);
      const grownL = new Int32Array(lines.length + extraL.length);
      grownO.set(offsets.subarray(0, k));
      grownL.set(lines.subarray(0, k));
      for (let e = 0; e < extraO.length; e++) {
        grownO[k] = extraO[e];
        grownL[k++] = extraL[e];
      }
      return LineIndex.finish(grownO, grownL, k, this, i, delta, dLines, newText);
    }
    return LineIndex.finish(offsets, lines, k, this, i, delta, dLines, newText);
  }

  private static finish(offsets: Int32Array, lines: Int32Array, k0: number, from: LineIndex, i0: number, delta: number, dLines: number, text: string): LineIndex {
    let k = k0;
    const need = k + (from.n - i0);
    let o = offsets;
    let l = lines;
    if (o.length < need) {
      o = new Int32Array(need);
      l = new Int32Array(need);
      o.set(offsets.subarray(0, k));
      l.set(lines.subarray(0, k));
    }
    for (let i = i0; i < from.n; i++) {
      o[k] = from.offsets[i] + delta;
      l[k++] = from.lines[i] + dLines;
    }
    return new LineIndex(o, l, k, text);
  }

  private lineOfIn(text: string, offsets: Int32Array, lines: Int32Array, n: number, pos: number): number {
    let line = lines[n - 1];
    for (let i = text.indexOf('\n', offsets[n - 1]); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }
}
