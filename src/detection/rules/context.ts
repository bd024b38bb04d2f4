/**
 * The context window of one candidate ({@link Ctx}): at most {@link CONTEXT_LINES} lines and {@link CONTEXT_CHARS}
 * UTF-16 units on each side of it, with the evidence (forge and other-service words) and the nearest host in it.
 * The incremental scanner relies on that bound: a rule reads nothing else but the file's first line.
 */
import { isWordChar, TOKEN_LENGTH } from '../candidates';
import { MatchIndex } from '../matchIndex';
import { AT, DASH, DOT, SLASH, isSpace } from './chars';
import { FORGE_WORD_RE, isHostOther } from './keys';
import { countNewlines, leadingSpace } from './scans';

/** Lines of context on each side of a candidate that rules may read. */
export const CONTEXT_LINES = 30;
/** UTF-16 units of context on each side of a candidate that rules may read (caps {@link CONTEXT_LINES} on long lines). */
export const CONTEXT_CHARS = 4096;

/** Radius (UTF-16 units) of the first, cheap look for evidence and hosts. */
const NEAR_CHARS = 600;

/** `machine <host>` of a .netrc entry. */
export const MACHINE_RE = /\bmachine[ \t]+([^\s]+)/g;

/** Where forge and other-service evidence occurs in the text. */
export interface EvidenceIndex {
  forge: MatchIndex;
  other: MatchIndex;
}

/** Line distances from a candidate to evidence. */
export interface Evidence {
  /** Line distance to the nearest forge evidence (Infinity when none; file path counts as CONTEXT_LINES + 1). */
  forge: number;
  /** Line distance to the nearest other-service evidence. */
  other: number;
}

/**
 * Per-candidate context: a window string `w` around the candidate and positions relative to it.
 * `s`/`e`: the candidate; `ls`/`le`: its line (clamped to `w`); `ws`/`we`: the evidence window
 * (CONTEXT_LINES lines each side within `w`).
 */
export class Ctx {
  readonly w: string;
  readonly s: number;
  readonly e: number;
  readonly ls: number;
  readonly le: number;
  /** True when `ls` is a real line start (not the window edge of a very long line). */
  readonly lsTrue: boolean;
  private wsCache = -1;
  private weCache = -1;
  private ev?: Evidence;
  private hostCache?: string | null;

  /** Offset of `w` in the text. */
  readonly lo: number;

  constructor(text: string, s: number, private readonly forgePath: boolean, private readonly index: EvidenceIndex) {
    const lo = Math.max(0, s - CONTEXT_CHARS);
    this.lo = lo;
    const hi = Math.min(text.length, s + TOKEN_LENGTH + CONTEXT_CHARS);
    const w = text.slice(lo, hi);
    this.w = w;
    this.s = s - lo;
    this.e = this.s + TOKEN_LENGTH;
    const nlb = w.lastIndexOf('\n', this.s - 1);
    this.ls = nlb + 1;
    this.lsTrue = nlb !== -1 || lo === 0;
    const nla = w.indexOf('\n', this.e);
    this.le = nla === -1 ? w.length : nla;
  }

  /** Start of the evidence window: CONTEXT_LINES lines above the candidate's line, within `w`. */
  get ws(): number {
    if (this.wsCache === -1) {
      let a = this.ls;
      for (let k = 0; k < CONTEXT_LINES && a > 0; k++) a = a >= 2 ? this.w.lastIndexOf('\n', a - 2) + 1 : 0;
      this.wsCache = a;
    }
    return this.wsCache;
  }

  /** End of the evidence window: CONTEXT_LINES lines below the candidate's line, within `w`. */
  get we(): number {
    if (this.weCache === -1) {
      const w = this.w;
      let b = this.le;
      for (let k = 0; k < CONTEXT_LINES && b < w.length; k++) {
        const n = w.indexOf('\n', b + 1);
        b = n === -1 ? w.length : n;
      }
      this.weCache = b;
    }
    return this.weCache;
  }

  /** Start of the line containing `pos` (clamped to the window). */
  lineStartOf(pos: number): number {
    return Math.max(this.ws, this.w.lastIndexOf('\n', pos - 1) + 1);
  }

  /** Start of the line `n` lines above the candidate's (clamped to the window). */
  linesBackStart(n: number): number {
    let a = this.ls;
    for (let k = 0; k < n && a > this.ws; k++) a = this.lineStartOf(a - 1);
    return a;
  }

  /** The candidate's line (clamped to the window). */
  line(): string {
    return this.w.slice(this.ls, this.le);
  }

  /** The candidate's line with `n` lines on each side (within the window). */
  lines(n: number): string {
    let b = this.le;
    for (let k = 0; k < n && b < this.we; k++) {
      const x = this.w.indexOf('\n', b + 1);
      b = x === -1 || x > this.we ? this.we : x;
    }
    return this.w.slice(this.linesBackStart(n), b);
  }

  /** True when the candidate sits on the first line of the text. */
  onFirstLine(): boolean {
    return this.lsTrue && this.ls === 0 && this.s <= CONTEXT_CHARS && this.w.lastIndexOf('\n', this.s) === -1;
  }

  /** Line distances from the candidate to the nearest forge and other-service evidence in the window. */
  evidence(): Evidence {
    if (this.ev !== undefined) return this.ev;
    let forge = this.nearestLines(this.index.forge);
    const other = this.nearestLines(this.index.other);
    if (forge === Infinity && this.forgePath) forge = CONTEXT_LINES + 1;
    this.ev = { forge, other };
    return this.ev;
  }

  private nearestLines(index: MatchIndex): number {
    const lo = this.lo;
    const [before, after] = index.nearest(lo + this.ws, lo + this.s, lo + this.we);
    let best = Infinity;
    if (before !== -1) best = countNewlines(this.w, before - lo, this.s);
    if (after !== -1) best = Math.min(best, countNewlines(this.w, this.s, after - lo));
    return best;
  }

  /** True when forge evidence exists and is at least as near as any other-service evidence. */
  forgeNearer(): boolean {
    const ev = this.evidence();
    return ev.forge !== Infinity && ev.forge <= ev.other;
  }

  /** True when the line after the candidate's is blank, the end of the window, or indented at most `indent`. */
  blockEndsAfterLine(indent: number): boolean {
    if (this.le >= this.w.length) return true;
    const a = this.le + 1;
    const nl = this.w.indexOf('\n', a);
    const next = this.w.slice(a, nl === -1 ? this.w.length : nl);
    return /^\s*$/.test(next) || leadingSpace(next) <= indent;
  }

  /** `#define ` right before the key at `k` (C preprocessor constants). */
  defineBefore(k: number): boolean {
    return /(?:^|\s)#[ \t]*define[ \t]+$/.test(this.w.slice(Math.max(this.ls, k - 24), k));
  }

  /** `-u ` / `--user ` / `--user=` right before the key at `k` (curl/httpie basic auth). */
  basicAuthFlagBefore(k: number): boolean {
    return /(?:^|\s)(?:-u|--user|-a|--auth)[ =]["']?$/.test(this.w.slice(Math.max(this.ls, k - 12), k));
  }

  /** The `machine` of the .netrc entry this line belongs to (same line or up to 4 lines above). */
  netrcMachine(netrcFile: boolean): string | undefined {
    const seg = this.w.slice(this.linesBackStart(4), this.s);
    let last: string | undefined;
    MACHINE_RE.lastIndex = 0;
    for (let m = MACHINE_RE.exec(seg); m !== null; m = MACHINE_RE.exec(seg)) last = m[1];
    if (last === undefined && netrcFile && /(?:^|\s)default\s/.test(seg)) return 'default';
    return last?.toLowerCase();
  }

  /**
   * Nearest plausible Gogs/Gitea host (URL host, npmrc `//host/`, netrc `machine`): looked for within NEAR_CHARS
   * first, then in the whole window; hosts named after the forge get a head start of a few lines.
   */
  host(): string | undefined {
    if (this.hostCache !== undefined) return this.hostCache ?? undefined;
    const best = this.hostIn(Math.max(this.ws, this.s - NEAR_CHARS), Math.min(this.we, this.e + NEAR_CHARS)) ?? this.hostIn(this.ws, this.we);
    this.hostCache = best ?? null;
    return best;
  }

  private hostIn(a: number, b: number): string | undefined {
    const w = this.w;
    let best: string | undefined;
    let bestScore = Infinity;
    const consider = (h: string, at: number): void => {
      const host = h.toLowerCase();
      if (!/[a-z0-9]\.[a-z0-9]/.test(host) || isHostOther(host) || host === '0.0.0.0') return;
      const d = Math.abs(at - this.s) + (FORGE_WORD_RE.test(host) ? 0 : 400);
      if (d < bestScore) { bestScore = d; best = host; }
    };
    for (let i = w.indexOf('//', a); i !== -1 && i < b; i = w.indexOf('//', i + 2)) {
      let p = i + 2;
      const max = Math.min(b, p + 300);
      // skip userinfo
      let q = p;
      while (q < max && !isSpace(w.charCodeAt(q)) && w.charCodeAt(q) !== SLASH && w.charCodeAt(q) !== AT) q++;
      if (q < max && w.charCodeAt(q) === AT) p = q + 1;
      let h = p;
      while (h < max && (isWordChar(w.charCodeAt(h)) || w.charCodeAt(h) === DOT || w.charCodeAt(h) === DASH)) h++;
      if (h > p) consider(w.slice(p, h), i);
    }
    const seg = w.slice(a, b);
    if (seg.indexOf('machine') !== -1) {
      MACHINE_RE.lastIndex = 0;
      for (let m = MACHINE_RE.exec(seg); m !== null; m = MACHINE_RE.exec(seg)) consider(m[1], a + m.index);
    }
    return best;
  }
}

