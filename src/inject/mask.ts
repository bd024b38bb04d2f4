/**
 * Output masking for processes that run with a token in their environment (the `gogs-token`
 * task type). Mirrors what `op run` does with 1Password secrets: every occurrence of a secret in
 * the process output is replaced before it reaches the terminal, even when the process writes the
 * secret in several pieces that arrive as separate chunks.
 *
 * Pure: no `vscode` import, unit-tested under plain mocha.
 */

/** The masked form of a token: `****` followed by its last 4 characters (the most ever shown). */
export function maskedForm(secret: string): string {
  return `****${secret.slice(-4)}`;
}

/**
 * Replaces every occurrence of any of `secrets` in `text` with its {@link maskedForm}.
 * When two secrets overlap at one position, the longer one wins. Empty secrets are ignored.
 */
export function maskAll(text: string, secrets: readonly string[]): string {
  const m = new StreamMasker(secrets);
  return m.push(text) + m.flush();
}

/**
 * Streaming masker for one output stream (use one per stream: stdout and stderr interleave
 * independently).
 *
 * {@link push} returns the text that is safe to show now: every complete secret in it is masked,
 * and a trailing piece that could be the start of a secret (a proper prefix of one) is held back
 * until the next chunk tells whether the secret follows. {@link flush} releases that held piece
 * at the end of the stream (it is not a whole secret, so it is shown as written).
 *
 * Cost: O(chunk length × number of secrets) per chunk; the held-back tail is shorter than the
 * longest secret (40 characters for a Gogs token).
 */
export class StreamMasker {
  private readonly secrets: string[];
  private readonly maxLen: number;
  private pending = '';

  /** @param secrets the values to mask (duplicates and empty strings are dropped) */
  constructor(secrets: readonly string[]) {
    this.secrets = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
    this.maxLen = this.secrets.reduce((n, s) => Math.max(n, s.length), 0);
  }

  /** Characters currently held back (shorter than the longest secret). */
  get held(): number {
    return this.pending.length;
  }

  /**
   * Feeds the next chunk of the stream.
   * @returns the text that can be shown now (possibly empty)
   */
  push(chunk: string): string {
    if (this.secrets.length === 0) return chunk;
    const text = this.pending + chunk;
    this.pending = '';
    let out = '';
    let i = 0;
    for (;;) {
      const hit = this.nextHit(text, i);
      if (!hit) break;
      out += text.slice(i, hit.at) + maskedForm(hit.secret);
      i = hit.at + hit.secret.length;
    }
    const rest = text.slice(i);
    const keep = this.heldSuffixLength(rest);
    this.pending = rest.slice(rest.length - keep);
    return out + rest.slice(0, rest.length - keep);
  }

  /** Ends the stream: returns the held-back text (never a whole secret). */
  flush(): string {
    const p = this.pending;
    this.pending = '';
    return p;
  }

  /** Earliest occurrence of any secret at or after `from`; the longest secret on a tie. */
  private nextHit(text: string, from: number): { at: number; secret: string } | undefined {
    let best: { at: number; secret: string } | undefined;
    for (const secret of this.secrets) {
      const at = text.indexOf(secret, from);
      if (at >= 0 && (!best || at < best.at)) best = { at, secret };
    }
    return best;
  }

  /** Length of the longest suffix of `rest` that is a proper prefix of some secret. */
  private heldSuffixLength(rest: string): number {
    const max = Math.min(rest.length, this.maxLen - 1);
    for (let k = max; k > 0; k--) {
      const suffix = rest.slice(rest.length - k);
      if (this.secrets.some((s) => s.length > k && s.startsWith(suffix))) return k;
    }
    return 0;
  }
}
