/**
 * Lazily built positions of evidence matches (forge names, other services) in a text, block by block, so that
 * many candidates in the same region share one regex pass instead of each scanning its own window.
 *
 * The patterns are short alternations of literals (matches at most {@link MAX_MATCH} long, no overlaps between
 * alternatives that a word boundary allows), so whether a match starts at x depends only on the text around x:
 * scanning a block from a margin before it finds the same matches as scanning the whole text would.
 */

/** Block size: small enough that an incremental rescan touching one candidate indexes little text. */
const BLOCK = 4 * 1024;
/** Longest match of an evidence pattern, and the margin read on each side of a block. */
export const MAX_MATCH = 64;

export class MatchIndex {
  private readonly blocks = new Map<number, Int32Array>();

  /** `re` must be global; it may be shared between indexes (its lastIndex is reset before each use). */
  constructor(private readonly text: string, private readonly re: RegExp) {
    if (!re.global) throw new Error('MatchIndex needs a global regex');
  }

  /**
   * The match start nearest to `pos` in `[a, pos]` (or -1) and the one in `(pos, b)` (or -1), as absolute offsets.
   */
  nearest(a: number, pos: number, b: number): [number, number] {
    let before = -1;
    for (let k = Math.floor(pos / BLOCK); k >= 0 && (k + 1) * BLOCK > a; k--) {
      const m = this.block(k);
      // last start <= pos and >= a
      const lo = upperBound(m, pos);
      if (lo > 0 && m[lo - 1] >= a) { before = m[lo - 1]; break; }
      if (lo > 0) break; // the nearest one is before `a`
    }
    let after = -1;
    for (let k = Math.floor(pos / BLOCK); k * BLOCK < b && k * BLOCK < this.text.length; k++) {
      const m = this.block(k);
      const lo = upperBound(m, pos);
      if (lo < m.length) { if (m[lo] < b) after = m[lo]; break; }
    }
    return [before, after];
  }

  private block(k: number): Int32Array {
    let m = this.blocks.get(k);
    if (m === undefined) {
      const start = k * BLOCK;
      const from = Math.max(0, start - MAX_MATCH);
      const seg = this.text.slice(from, Math.min(this.text.length, start + BLOCK + MAX_MATCH));
      const found: number[] = [];
      this.re.lastIndex = 0;
      for (let x = this.re.exec(seg); x !== null; x = this.re.exec(seg)) {
        const at = from + x.index;
        if (at >= start + BLOCK) break;
        if (at >= start) found.push(at);
        if (x[0].length === 0) this.re.lastIndex++;
      }
      m = Int32Array.from(found);
      this.blocks.set(k, m);
    }
    return m;
  }
}

/** Index of the first element of the ascending array `m` that is greater than `pos` (m.length when none). */
function upperBound(m: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = m.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
