import * as assert from 'node:assert/strict';
import { DEFAULT_POLICY, evaluateAge } from '../../../src/panel/agePolicy';
import { isSnoozed, markReminded, pruneBook, ReminderBook, snooze, tokensToRemind } from '../../../src/panel/reminderPolicy';

describe('panel/reminderPolicy', () => {
  const tz = 'Europe/Berlin';
  const now = new Date('2026-06-15T08:00:00Z'); // 10:00 in Berlin
  const token = (id: string, ageDays: number, state?: 'pending-revocation') => ({
    id,
    status: evaluateAge({ createdAt: new Date(now.getTime() - ageDays * 86_400_000).toISOString(), state }, now, DEFAULT_POLICY, tz),
  });
  const tokens = [token('ok', 40), token('soon', 85), token('late', 120), token('old-pending', 200, 'pending-revocation')];

  it('reminds only tokens that are due soon or overdue', () => {
    assert.deepEqual(tokensToRemind(tokens, {}, now, tz), ['soon', 'late']);
  });

  it('reminds each token at most once per local day', () => {
    const book = markReminded({}, ['soon', 'late'], now, tz);
    assert.deepEqual(tokensToRemind(tokens, book, now, tz), []);
    // 23:59 the same evening in Berlin: still the same day.
    assert.deepEqual(tokensToRemind(tokens, book, new Date('2026-06-15T21:59:00Z'), tz), []);
    // 00:01 the next day in Berlin (22:01 UTC, still the 15th in UTC): due again.
    assert.deepEqual(tokensToRemind(tokens, book, new Date('2026-06-15T22:01:00Z'), tz), ['soon', 'late']);
  });

  it('a snooze of 7 days suppresses reminders until it ends, then they resume', () => {
    const book = snooze({}, ['late'], now);
    assert.equal(isSnoozed(book.late, now), true);
    assert.deepEqual(tokensToRemind(tokens, book, now, tz), ['soon']);
    const sixDaysLater = new Date(now.getTime() + 6 * 86_400_000);
    assert.deepEqual(tokensToRemind(tokens, book, sixDaysLater, tz), ['soon']);
    const sevenDaysLater = new Date(now.getTime() + 7 * 86_400_000);
    assert.equal(isSnoozed(book.late, sevenDaysLater), false);
    assert.deepEqual(tokensToRemind(tokens, book, sevenDaysLater, tz), ['soon', 'late']);
  });

  it('snoozing keeps the last-reminded day and vice versa', () => {
    let book: ReminderBook = markReminded({}, ['late'], now, tz);
    book = snooze(book, ['late'], now, 2);
    assert.equal(book.late.lastRemindedDay, '2026-06-15');
    assert.equal(book.late.snoozedUntil, '2026-06-17T08:00:00.000Z');
  });

  it('an unreadable snooze date does not suppress reminders', () => {
    assert.equal(isSnoozed({ snoozedUntil: 'garbage' }, now), false);
    assert.deepEqual(tokensToRemind(tokens, { late: { snoozedUntil: 'garbage' } }, now, tz), ['soon', 'late']);
  });

  it('pruneBook drops records of tokens that are gone', () => {
    const book = snooze(markReminded({}, ['a', 'b'], now, tz), ['c'], now);
    assert.deepEqual(Object.keys(pruneBook(book, new Set(['b', 'x']))), ['b']);
  });
});
