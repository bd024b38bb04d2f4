/** Masking of token-shaped text in names and messages that are shown or stored (a file name can hold a token). */

/** Runs of 40 or more hex characters, either case: a Gogs/Gitea token (40 lowercase hex), upper-cased, or a commit id. */
const HEX_RUN_RE = /[0-9a-fA-F]{40,}/g;

/**
 * Replaces each run of 40 or more hex characters in `s` by `****` and the run's last 4 characters
 * (`a/0123…cdef.env` → `a/****cdef.env`), the most of a token the product ever shows. Idempotent; text without
 * such a run is returned unchanged. Used for everything taken from files or file names that is printed by the CLI or
 * kept in the token metadata (labels, hosts, the URI where a token was found).
 */
export function maskHexRuns(s: string): string {
  return s.replace(HEX_RUN_RE, (m) => `****${m.slice(-4)}`);
}
