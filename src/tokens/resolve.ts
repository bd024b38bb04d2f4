/**
 * Which stored token a command works on: ONE resolver for every command that takes a token
 * argument (panel items, rotation, injection, git). A reference is a token id, an env var name or
 * a label (in that order of precedence); {@link refOf} reads it from any command argument shape.
 * Pure (no `vscode` import), unit-tested under plain mocha.
 */
import type { TokenMeta } from '../keychain/types';

/** Outcome of {@link chooseToken}. */
export type TokenChoice =
  | { kind: 'token'; meta: TokenMeta }
  /** Ask the user among these (two or more active tokens). */
  | { kind: 'pick'; candidates: TokenMeta[] }
  /** Nothing stored that can be handed out. */
  | { kind: 'none' }
  /** `ref` names no stored token. */
  | { kind: 'unknown'; ref: string };

/** Stored tokens that can be handed out: not pending revocation. */
export function activeOf(all: readonly TokenMeta[]): TokenMeta[] {
  return all.filter((m) => m.state !== 'pending-revocation');
}

/**
 * Finds a token by id (any state), else by env var name, else by label (active tokens first).
 */
export function findToken(all: readonly TokenMeta[], ref: string): TokenMeta | undefined {
  const active = activeOf(all);
  return (
    all.find((m) => m.id === ref) ??
    active.find((m) => m.envVar === ref) ??
    active.find((m) => m.label === ref) ??
    all.find((m) => m.envVar === ref || m.label === ref)
  );
}

/**
 * Chooses the token: the one `ref` names; else the active token whose env var is the only one
 * among `hintEnvKeys` that a stored token uses (e.g. `options.env.GOGS_TOKEN` in a task); else the
 * only active token; else a pick.
 *
 * @param all every stored token (`TokenStore.list()`)
 * @param ref token id, env var name or label given by the caller, if any
 * @param hintEnvKeys env var names the caller will put the token under
 */
export function chooseToken(all: readonly TokenMeta[], ref: string | undefined, hintEnvKeys: readonly string[] = []): TokenChoice {
  if (ref !== undefined) {
    const m = findToken(all, ref);
    return m ? { kind: 'token', meta: m } : { kind: 'unknown', ref };
  }
  const active = activeOf(all);
  if (active.length === 0) return { kind: 'none' };
  const hinted = [...new Set(hintEnvKeys)].map((k) => active.find((m) => m.envVar === k)).filter((m): m is TokenMeta => !!m);
  if (hinted.length === 1) return { kind: 'token', meta: hinted[0] };
  if (active.length === 1) return { kind: 'token', meta: active[0] };
  return { kind: 'pick', candidates: hinted.length > 1 ? active.filter((m) => hinted.includes(m)) : active };
}

/**
 * A token reference from a command argument: a non-empty string (id, env var name or label), or an
 * object with `tokenId` / `id` (panel tree items, `TreeItem`s, rotation arguments) or `token` /
 * `meta` carrying an `id`. `undefined` when the argument names no token (the command then picks).
 */
export function refOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
    const o = arg as Record<string, unknown>;
    for (const k of ['tokenId', 'id']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
    for (const k of ['token', 'meta']) {
      const inner = o[k];
      if (inner && typeof inner === 'object' && typeof (inner as Record<string, unknown>).id === 'string') return (inner as { id: string }).id;
    }
  }
  return undefined;
}

/**
 * What a command says when its argument names no stored token: the reference as given (a
 * token-shaped run of 20+ hex characters is cut to its last 4), and where to look.
 */
export function unknownTokenMessage(ref: string): string {
  const shown = /[0-9a-f]{20,}/i.test(ref) ? `…${ref.slice(-4)}` : ref.slice(0, 80);
  return `No stored Gogs token is called “${shown}”: it is no longer stored in the keychain, or the name is misspelled. The Gogs Tokens panel lists the stored ones.`;
}
