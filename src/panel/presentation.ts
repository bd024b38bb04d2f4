/**
 * How a token looks in the panel: icon, color, `contextValue`, label. Ids here must match
 * package.json (`contributes.colors`, `menus.view/item/context` `when` clauses); a unit test
 * checks that.
 */
import { Colors, TokenContextValues } from '../constants';
import type { AgeState } from './agePolicy';

/** Theme color ids contributed in package.json `contributes.colors`, one per state. */
export const StateColors: Record<AgeState, string> = {
  ok: Colors.tokenOk,
  'due-soon': Colors.tokenDueSoon,
  overdue: Colors.tokenOverdue,
  'pending-revocation': Colors.tokenPendingRevocation,
  unknown: Colors.tokenUnknown,
};

/** Codicon per state (shape differs, not only color, for color-blind users and high contrast). */
export const StateIcons: Record<AgeState, string> = {
  ok: 'key',
  'due-soon': 'clock',
  overdue: 'warning',
  'pending-revocation': 'circle-slash',
  unknown: 'question',
};

/**
 * `TreeItem.contextValue` of a token: `gogsToken.active.<state>` or `gogsToken.pendingRevocation`.
 * Menus test it with `viewItem =~ /^gogsToken\.active\./` (rotate, terminal, set date) or
 * `viewItem =~ /^gogsToken\./` (copy, rename, delete).
 */
export function tokenContextValue(state: AgeState): string {
  return state === 'pending-revocation' ? TokenContextValues.pendingRevocation : `${TokenContextValues.activePrefix}${state}`;
}

/** Sort rank: what needs attention first. */
export const StateRank: Record<AgeState, number> = {
  overdue: 0,
  'due-soon': 1,
  unknown: 2,
  ok: 3,
  'pending-revocation': 4,
};

/** Escapes Markdown so a user-chosen label or host cannot inject links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}
