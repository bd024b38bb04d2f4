/**
 * Moving every stored token from one store to another (VS Code SecretStorage ⇄ OS keychain).
 * PURE: no `vscode` import. Per token: read from the source, write to the target, read back and
 * compare (TokenStore.importToken), and only then delete the source copy. A failure half-way
 * stops there: every token is then readable in at least one of the two stores.
 */
import { TokenStore } from './tokenStore';
import { messageOf } from '../util/errors';

/** Outcome of {@link moveAllTokens}. */
export interface MoveReport {
  /** Env var names of tokens now in the target (and no longer in the source). */
  moved: string[];
  /** Tokens left in the source, each with why (never a value). */
  left: { envVar: string; reason: string }[];
}

/**
 * Moves every token of `from` into `to`, oldest first (so a rotated pair keeps its accounts).
 * Stops at the first failure; tokens not yet moved stay in `from`.
 */
export async function moveAllTokens(from: TokenStore, to: TokenStore): Promise<MoveReport> {
  const report: MoveReport = { moved: [], left: [] };
  const all = from.list();
  for (let i = 0; i < all.length; i++) {
    const meta = all[i];
    try {
      const value = await from.get(meta.id);
      if (value === undefined) throw new Error(`the ${from.backendName} has no value for it`);
      const stored = await to.importToken(meta, value);
      if ((await to.get(stored.id)) !== value) throw new Error(`the ${to.backendName} did not return it`);
      await from.delete(meta.id);
      report.moved.push(meta.envVar);
    } catch (err) {
      report.left.push({ envVar: meta.envVar, reason: messageOf(err) });
      for (const rest of all.slice(i + 1)) report.left.push({ envVar: rest.envVar, reason: 'not tried after the failure above' });
      break;
    }
  }
  return report;
}
