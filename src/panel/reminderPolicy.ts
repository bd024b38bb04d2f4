/**
 * Which tokens get a rotation reminder now. PURE (no `vscode` import; clock and time zone are
 * arguments). The persisted book lives in `globalState` under {@link REMINDER_BOOK_KEY}.
 *
 * Rules: a token is reminded when it is due (due soon or overdue), not snoozed at `now`, and
 * was not reminded yet on the local calendar day of `now` — at most one reminder per token per
 * day, whatever the number of checks (hourly timer, restarts, several windows).
 */
import { NS } from '../constants';
import { AgeStatus, dayKey, systemTimeZone } from './agePolicy';

/** `globalState` key of the {@link ReminderBook}. */
export const REMINDER_BOOK_KEY = `${NS}.reminders`;

/** How long "Snooze 7 Days" snoozes, in days. */
export const SNOOZE_DAYS = 7;

/** What is remembered per token id. Never a token value. */
export interface ReminderRecord {
  /** ISO-8601 instant until which reminders are off. */
  snoozedUntil?: string;
  /** Local `YYYY-MM-DD` of the last reminder shown. */
  lastRemindedDay?: string;
}

/** Per token id. */
export type ReminderBook = Record<string, ReminderRecord>;

/** Whether `record` snoozes reminders at `now`. */
export function isSnoozed(record: ReminderRecord | undefined, now: Date): boolean {
  if (!record?.snoozedUntil) return false;
  const until = new Date(record.snoozedUntil).getTime();
  return Number.isFinite(until) && now.getTime() < until;
}

/**
 * Ids of the tokens to remind at `now`, in input order.
 * @param tokens each token's id and age status
 */
export function tokensToRemind(
  tokens: readonly { id: string; status: AgeStatus }[],
  book: ReminderBook,
  now: Date,
  timeZone: string = systemTimeZone(),
): string[] {
  const today = dayKey(now, timeZone);
  return tokens
    .filter((t) => t.status.due && !isSnoozed(book[t.id], now) && book[t.id]?.lastRemindedDay !== today)
    .map((t) => t.id);
}

/** A copy of `book` with `ids` marked as reminded on the local day of `now`. */
export function markReminded(book: ReminderBook, ids: readonly string[], now: Date, timeZone: string = systemTimeZone()): ReminderBook {
  const today = dayKey(now, timeZone);
  const next: ReminderBook = { ...book };
  for (const id of ids) next[id] = { ...next[id], lastRemindedDay: today };
  return next;
}

/** A copy of `book` with `ids` snoozed for `days` (ms arithmetic: a snooze is a duration). */
export function snooze(book: ReminderBook, ids: readonly string[], now: Date, days: number = SNOOZE_DAYS): ReminderBook {
  const until = new Date(now.getTime() + days * 86_400_000).toISOString();
  const next: ReminderBook = { ...book };
  for (const id of ids) next[id] = { ...next[id], snoozedUntil: until };
  return next;
}

/** A copy of `book` holding only the ids in `keep` (drops records of deleted tokens). */
export function pruneBook(book: ReminderBook, keep: ReadonlySet<string>): ReminderBook {
  return Object.fromEntries(Object.entries(book).filter(([id]) => keep.has(id)));
}
