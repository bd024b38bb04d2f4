/**
 * The rotation reminders: at most one per token per local day (the book in globalState),
 * Rotate Now / Snooze / Open Panel, one combined notification above
 * {@link MAX_SEPARATE_REMINDERS} tokens. Pure decisions live in `reminderPolicy.ts`; this module
 * shows them and records the answers.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Services } from '../services';
import { nameOf } from '../tokens/naming';
import { messageOf } from '../util/errors';
import { markReminded, REMINDER_BOOK_KEY, ReminderBook, snooze, SNOOZE_DAYS, tokensToRemind } from './reminderPolicy';
import type { TokenEntry } from './tokenTree';

/** Above this many tokens to remind at once, one combined notification is shown instead of one each. */
export const MAX_SEPARATE_REMINDERS = 3;

/** Buttons of a reminder notification. */
export const ReminderActions = {
  rotate: 'Rotate Now',
  snooze: `Snooze ${SNOOZE_DAYS} Days`,
  open: 'Open Panel',
} as const;

/** What the panel drives. */
export interface Reminders {
  /** One check at a time; later callers share the running one. Resolves with the reminded ids; never rejects. */
  runCheck(): Promise<string[]>;
  /** Waits for a running check, runs one, and resolves once the user's answers were handled (test seam). */
  checkNow(): Promise<string[]>;
  /** The persisted snoozes and last-reminded days (a copy). */
  book(): ReminderBook;
  /** Persists `next` as the book. */
  saveBook(next: ReminderBook): Promise<void>;
}

/**
 * Builds the reminders over the panel's `update` (which recomputes and returns the entries).
 * @param timeZone IANA time zone in which calendar days are counted
 */
export function createReminders(services: Services, update: () => TokenEntry[], timeZone: () => string): Reminders {
  const { context, prompts, log } = services;

  function book(): ReminderBook {
    const raw = context.globalState.get<ReminderBook>(REMINDER_BOOK_KEY);
    return raw && typeof raw === 'object' ? { ...raw } : {};
  }

  async function saveBook(next: ReminderBook): Promise<void> {
    await context.globalState.update(REMINDER_BOOK_KEY, next);
  }

  async function onReminderAnswer(ids: string[], choice: string | undefined): Promise<void> {
    if (choice === ReminderActions.snooze) {
      await saveBook(snooze(book(), ids, services.now()));
      log.info(`Snoozed rotation reminders for ${ids.length} token(s) for ${SNOOZE_DAYS} days.`);
    } else if (choice === ReminderActions.open) {
      await vscode.commands.executeCommand(Commands.showTokens);
    } else if (choice === ReminderActions.rotate && ids.length === 1) {
      try {
        await vscode.commands.executeCommand(Commands.rotateToken, ids[0]);
      } catch (err) {
        const detail = messageOf(err);
        await prompts.showErrorMessage(`Could not start the rotation: ${detail}`);
      }
    }
  }

  let checking: Promise<string[]> | undefined;
  /**
   * Shows the reminders due now and records them (at most one per token per local day).
   * @returns the reminded ids, and a promise settled once the user's answers were handled
   */
  async function checkReminders(): Promise<{ ids: string[]; settled: Promise<void> }> {
    const entries = update();
    const now = services.now();
    const tz = timeZone();
    const ids = tokensToRemind(entries.map((e) => ({ id: e.meta.id, status: e.status })), book(), now, tz);
    if (ids.length === 0) return { ids, settled: Promise.resolve() };
    await saveBook(markReminded(book(), ids, now, tz));
    const byId = new Map(entries.map((e) => [e.meta.id, e]));
    const shown: Thenable<void>[] = [];
    if (ids.length > MAX_SEPARATE_REMINDERS) {
      const overdue = ids.filter((id) => byId.get(id)?.status.state === 'overdue').length;
      const msg = `${ids.length} Gogs tokens are due for rotation${overdue ? ` (${overdue} overdue)` : ''}.`;
      shown.push(prompts.showWarningMessage(msg, ReminderActions.open, ReminderActions.snooze).then((c) => onReminderAnswer(ids, c)));
    } else {
      for (const id of ids) {
        const e = byId.get(id);
        if (!e) continue;
        const left = e.status.daysLeft ?? 0;
        const when =
          left < 0 ? `is overdue for rotation by ${-left} ${left === -1 ? 'day' : 'days'}` : left === 0 ? 'is due for rotation today' : `is due for rotation in ${left} ${left === 1 ? 'day' : 'days'}`;
        const msg = `Gogs token ${nameOf(e.meta)} ${when}.`;
        const show = e.status.state === 'overdue' ? prompts.showWarningMessage.bind(prompts) : prompts.showInformationMessage.bind(prompts);
        shown.push(show(msg, ReminderActions.rotate, ReminderActions.snooze, ReminderActions.open).then((c) => onReminderAnswer([id], c)));
      }
    }
    const settled = Promise.all(shown).then(
      () => undefined,
      (err: unknown) => log.warn(`Reminder handling failed: ${messageOf(err)}`),
    );
    return { ids, settled };
  }

  /** One check at a time; later callers share the running one. */
  function runCheck(): Promise<string[]> {
    checking ??= checkReminders()
      .then(({ ids }) => ids)
      .catch((err: unknown) => {
        log.warn(`Reminder check failed: ${messageOf(err)}`);
        return [];
      })
      .finally(() => (checking = undefined));
    return checking;
  }

  return {
    runCheck,
    async checkNow() {
      while (checking) await checking;
      const { ids, settled } = await checkReminders();
      await settled;
      return ids;
    },
    book,
    saveBook,
  };
}
