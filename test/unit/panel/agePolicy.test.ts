import * as assert from 'node:assert/strict';
import {
  calendarDaysBetween,
  dayKey,
  DEFAULT_POLICY,
  describeAge,
  evaluateAge,
  instantOfLocalDay,
  localDay,
  normalizePolicy,
  parseDay,
} from '../../../src/panel/agePolicy';

/** A token created `days` calendar days before `now` at the same local wall-clock time (computed in UTC). */
function createdDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

describe('panel/agePolicy', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  const at = (days: number, state?: 'active' | 'pending-revocation') =>
    evaluateAge({ createdAt: createdDaysBefore(now, days), state }, now, DEFAULT_POLICY, 'UTC');

  describe('boundaries of the default policy (90 days, remind 7 before)', () => {
    it('day 82 is ok, rotate in 8 days', () => {
      const s = at(82);
      assert.equal(s.state, 'ok');
      assert.equal(s.due, false);
      assert.equal(describeAge(s), '82 days · rotate in 8 days');
    });
    it('day 83 is the first day due soon (7 days left)', () => {
      const s = at(83);
      assert.equal(s.state, 'due-soon');
      assert.equal(s.due, true);
      assert.equal(describeAge(s), '83 days · rotate in 7 days');
    });
    it('day 90 is still due soon: rotate today', () => {
      const s = at(90);
      assert.equal(s.state, 'due-soon');
      assert.equal(s.daysLeft, 0);
      assert.equal(describeAge(s), '90 days · rotate today');
    });
    it('day 91 is overdue by 1 day; day 95 by 5 days', () => {
      assert.equal(at(91).state, 'overdue');
      assert.equal(describeAge(at(91)), 'overdue by 1 day');
      assert.equal(describeAge(at(95)), 'overdue by 5 days');
    });
    it('day 0 and day 1 read naturally', () => {
      assert.equal(describeAge(at(0)), 'created today · rotate in 90 days');
      assert.equal(describeAge(at(1)), '1 day · rotate in 89 days');
      assert.equal(describeAge(at(89)), '89 days · rotate in 1 day');
    });
    it('43 days reads "43 days · rotate in 47 days"', () => {
      assert.equal(describeAge(at(43)), '43 days · rotate in 47 days');
    });
  });

  it('follows a custom policy (30 days, remind 0 before)', () => {
    const policy = normalizePolicy({ maxAgeDays: 30, remindDaysBefore: 0 });
    const s = (d: number) => evaluateAge({ createdAt: createdDaysBefore(now, d) }, now, policy, 'UTC');
    assert.equal(s(29).state, 'ok');
    assert.equal(s(30).state, 'due-soon');
    assert.equal(s(31).state, 'overdue');
  });

  it('pending revocation wins over any age and is not counted as due', () => {
    for (const d of [0, 50, 85, 200]) {
      const s = at(d, 'pending-revocation');
      assert.equal(s.state, 'pending-revocation');
      assert.equal(s.due, false);
      assert.equal(describeAge(s), 'pending revocation');
    }
  });

  it('a token created in the future counts as age 0 and says to check the date', () => {
    const s = evaluateAge({ createdAt: '2026-07-01T00:00:00Z' }, now, DEFAULT_POLICY, 'UTC');
    assert.equal(s.createdInFuture, true);
    assert.equal(s.ageDays, 0);
    assert.equal(s.state, 'ok');
    assert.equal(describeAge(s), 'date in the future · check it');
  });

  it('an invalid creation date is "unknown", not due', () => {
    const s = evaluateAge({ createdAt: 'not a date' }, now, DEFAULT_POLICY, 'UTC');
    assert.equal(s.state, 'unknown');
    assert.equal(s.due, false);
    assert.equal(describeAge(s), 'creation date unknown');
  });

  describe('calendar days across time zones and DST', () => {
    it('counts local calendar days, not 24-hour periods', () => {
      // 23:30 → 00:10 the next local day is one day, though only 40 minutes passed.
      const a = new Date('2026-03-01T23:30:00+01:00');
      const b = new Date('2026-03-02T00:10:00+01:00');
      assert.equal(calendarDaysBetween(a, b, 'Europe/Berlin'), 1);
      // The same two instants are on the same UTC day (22:30 and 23:10 UTC).
      assert.equal(calendarDaysBetween(a, b, 'UTC'), 0);
    });

    it('a 23-hour spring-forward day and a 25-hour fall-back day are one day each (Europe/Berlin)', () => {
      // DST starts 2026-03-29 02:00 → 03:00; ends 2026-10-25 03:00 → 02:00.
      const beforeSpring = new Date('2026-03-28T00:30:00+01:00');
      const afterSpring = new Date('2026-03-29T23:45:00+02:00'); // 1 day 22 h 15 min later
      assert.equal(calendarDaysBetween(beforeSpring, afterSpring, 'Europe/Berlin'), 1);
      const midnightBeforeFall = new Date('2026-10-25T00:00:00+02:00');
      const lateAfterFall = new Date('2026-10-25T23:59:00+01:00'); // 25 h minus a minute later
      assert.equal(calendarDaysBetween(midnightBeforeFall, lateAfterFall, 'Europe/Berlin'), 0);
    });

    it('day 90 stays day 90 over a DST change in America/New_York, at any hour', () => {
      // Created 2026-01-10 local; 90 calendar days later is 2026-04-10 (DST began 2026-03-08).
      const created = instantOfLocalDay({ year: 2026, month: 1, day: 10 }, 'America/New_York', 23);
      for (const hour of [0, 1, 12, 23]) {
        const n = instantOfLocalDay({ year: 2026, month: 4, day: 10 }, 'America/New_York', hour);
        const s = evaluateAge({ createdAt: created.toISOString() }, n, DEFAULT_POLICY, 'America/New_York');
        assert.equal(s.ageDays, 90, `at ${hour}:00`);
        assert.equal(describeAge(s), '90 days · rotate today');
      }
      const next = instantOfLocalDay({ year: 2026, month: 4, day: 11 }, 'America/New_York', 0);
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, next, DEFAULT_POLICY, 'America/New_York').state, 'overdue');
    });

    it('the same instants give the local answer of each zone (UTC+14, UTC-11, UTC+5:30)', () => {
      const created = new Date('2026-01-01T11:00:00Z');
      const n = new Date('2026-03-24T09:00:00Z');
      // Kiritimati (+14): created 2026-01-02 01:00, now 2026-03-24 23:00 → 81 days.
      assert.equal(calendarDaysBetween(created, n, 'Pacific/Kiritimati'), 81);
      // Pago Pago (-11): created 2026-01-01 00:00, now 2026-03-23 22:00 → 81 days.
      assert.equal(calendarDaysBetween(created, n, 'Pacific/Pago_Pago'), 81);
      // Kolkata (+5:30): 2026-01-01 16:30 → 2026-03-24 14:30 → 82 days.
      assert.equal(calendarDaysBetween(created, n, 'Asia/Kolkata'), 82);
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, n, DEFAULT_POLICY, 'Asia/Kolkata').state, 'ok');
      // One hour later it is already 2026-03-25 in UTC+14: 82 days there, still 81 in UTC-11.
      const later = new Date('2026-03-24T10:00:00Z');
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, later, DEFAULT_POLICY, 'Pacific/Kiritimati').ageDays, 82);
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, later, DEFAULT_POLICY, 'Pacific/Pago_Pago').ageDays, 81);
      // At one instant the day-82/83 boundary splits the zones: due soon in UTC+14, still ok in UTC-11.
      const boundary = new Date('2026-03-25T10:00:00Z');
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, boundary, DEFAULT_POLICY, 'Pacific/Kiritimati').state, 'due-soon');
      assert.equal(evaluateAge({ createdAt: created.toISOString() }, boundary, DEFAULT_POLICY, 'Pacific/Pago_Pago').state, 'ok');
    });

    it('localDay / dayKey read the date in the zone', () => {
      const t = new Date('2026-06-30T22:30:00Z');
      assert.deepEqual(localDay(t, 'UTC'), { year: 2026, month: 6, day: 30 });
      assert.equal(dayKey(t, 'Asia/Tokyo'), '2026-07-01');
      assert.equal(dayKey(t, 'America/Los_Angeles'), '2026-06-30');
    });

    it('instantOfLocalDay round-trips to the same local day in many zones, DST days included', () => {
      const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Sao_Paulo'];
      const days = ['2026-03-08', '2026-03-29', '2026-10-04', '2026-10-25', '2026-11-01', '2024-02-29', '2026-12-31'];
      for (const tz of zones) {
        for (const d of days) {
          const parsed = parseDay(d)!;
          const noon = instantOfLocalDay(parsed, tz);
          assert.equal(dayKey(noon, tz), d, `${d} in ${tz}`);
          const wall = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(noon);
          assert.equal(Number(wall), 12, `noon of ${d} in ${tz}`);
        }
      }
    });

    it('rejects an unknown time zone with a RangeError', () => {
      assert.throws(() => localDay(now, 'Mars/Olympus_Mons'), RangeError);
    });
  });

  describe('parseDay', () => {
    it('accepts real YYYY-MM-DD dates only', () => {
      assert.deepEqual(parseDay('2024-02-29'), { year: 2024, month: 2, day: 29 });
      assert.deepEqual(parseDay(' 2026-01-05 '), { year: 2026, month: 1, day: 5 });
      for (const bad of ['2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '26-04-01', '2026/04/01', '', 'yesterday']) {
        assert.equal(parseDay(bad), undefined, bad);
      }
    });
  });

  describe('normalizePolicy', () => {
    it('uses the defaults for missing or non-numeric values and clamps the rest', () => {
      assert.deepEqual(normalizePolicy({}), { maxAgeDays: 90, remindDaysBefore: 7 });
      assert.deepEqual(normalizePolicy({ maxAgeDays: '30', remindDaysBefore: null }), { maxAgeDays: 90, remindDaysBefore: 7 });
      assert.deepEqual(normalizePolicy({ maxAgeDays: 0, remindDaysBefore: -3 }), { maxAgeDays: 1, remindDaysBefore: 0 });
      assert.deepEqual(normalizePolicy({ maxAgeDays: 45.9, remindDaysBefore: 3.2 }), { maxAgeDays: 45, remindDaysBefore: 3 });
    });
    it('a reminder window longer than the maximum age makes every token due soon from day 0', () => {
      const p = normalizePolicy({ maxAgeDays: 5, remindDaysBefore: 10 });
      const s = evaluateAge({ createdAt: now.toISOString() }, now, p, 'UTC');
      assert.equal(s.state, 'due-soon');
      assert.equal(describeAge(s), 'created today · rotate in 5 days');
    });
  });
});
