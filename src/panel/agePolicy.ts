/**
 * Age policy of stored tokens: how old a token is, and whether it is ok, due soon, overdue or
 * waiting to be revoked. PURE: no `vscode` import, the clock and the time zone are arguments, so
 * it runs under plain mocha.
 *
 * Ages are counted in *calendar days in a time zone* (the extension host's own zone unless one
 * is given), not in elapsed 24-hour periods: a token created on 1 March is 1 day old on
 * 2 March at any hour, also across a daylight-saving change (a 23- or 25-hour day) and whatever
 * the offset of the zone. Each instant is mapped to its local date with `Intl.DateTimeFormat`,
 * and local dates are subtracted as UTC midnights, which is exact.
 *
 * Gogs keeps neither the creation time nor the last use of a token (its API reports neither;
 * gogs/gogs internal/route/api/v1/user/app.go lists only name and sha1), so the age is counted
 * from `TokenMeta.createdAt`, which the extension records itself or the user sets.
 */

/** Milliseconds in a 24-hour day (only used on UTC midnights, which have no DST). */
const MS_PER_DAY = 86_400_000;

/** What the panel shows for a token. */
export type AgeState = 'ok' | 'due-soon' | 'overdue' | 'pending-revocation' | 'unknown';

/** Rotation policy, in whole days. Settings `gogsKeyHygiene.maxAgeDays` / `remindDaysBefore`. */
export interface AgePolicy {
  /** A token should be rotated when it is this many days old (default 90). At least 1. */
  maxAgeDays: number;
  /** Reminders start this many days before `maxAgeDays` (default 7). At least 0. */
  remindDaysBefore: number;
}

/** The defaults of the settings. */
export const DEFAULT_POLICY: Readonly<AgePolicy> = Object.freeze({ maxAgeDays: 90, remindDaysBefore: 7 });

/** A date without a time: year, month 1–12, day 1–31. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** The part of `TokenMeta` the policy reads. */
export interface AgeInput {
  /** ISO-8601 instant the token was created. */
  createdAt: string;
  /** Lifecycle state; absent means active. */
  state?: 'active' | 'pending-revocation';
}

/** Outcome of {@link evaluateAge}. */
export interface AgeStatus {
  state: AgeState;
  /** Whole calendar days since creation (0 on the day of creation); `undefined` when the date is invalid. Never negative. */
  ageDays: number | undefined;
  /** `maxAgeDays - ageDays`: days left before rotation is due; 0 = due today; negative = overdue by that many days. */
  daysLeft: number | undefined;
  /** The creation date lies after today (clock skew or a wrong date); the age is then counted as 0. */
  createdInFuture: boolean;
  /** True for 'due-soon' and 'overdue': counted in the badge and the status bar, and reminded. */
  due: boolean;
}

/**
 * Clamps raw setting values to a usable policy: integers, `maxAgeDays` ≥ 1,
 * `remindDaysBefore` ≥ 0; anything not a finite number falls back to the default.
 */
export function normalizePolicy(raw: { maxAgeDays?: unknown; remindDaysBefore?: unknown }): AgePolicy {
  const num = (v: unknown, dflt: number, min: number): number =>
    typeof v === 'number' && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : dflt;
  return {
    maxAgeDays: num(raw.maxAgeDays, DEFAULT_POLICY.maxAgeDays, 1),
    remindDaysBefore: num(raw.remindDaysBefore, DEFAULT_POLICY.remindDaysBefore, 0),
  };
}

/** The time zone of this process (IANA name such as "Europe/Berlin"; "UTC" if unknown). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: Date, timeZone: string): CalendarDay & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/**
 * The calendar date of `instant` in `timeZone`.
 * @throws RangeError for an unknown time zone or an invalid date
 */
export function localDay(instant: Date, timeZone: string = systemTimeZone()): CalendarDay {
  if (Number.isNaN(instant.getTime())) throw new RangeError('localDay: invalid date');
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** Days from 1970-01-01 to `d` (a day number; exact, since UTC has no DST). */
function dayNumber(d: CalendarDay): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY);
}

/**
 * Whole calendar days from the local date of `from` to the local date of `to` in `timeZone`
 * (negative when `from` is later). 23:59 → 00:01 the next day is 1; a 25-hour DST day is 1.
 */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string = systemTimeZone()): number {
  return dayNumber(localDay(to, timeZone)) - dayNumber(localDay(from, timeZone));
}

/** `YYYY-MM-DD` of a calendar day. */
export function formatDay(d: CalendarDay): string {
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month, 2)}-${p(d.day, 2)}`;
}

/** `YYYY-MM-DD` of `instant` in `timeZone`: the key of "one reminder per day". */
export function dayKey(instant: Date, timeZone: string = systemTimeZone()): string {
  return formatDay(localDay(instant, timeZone));
}

/**
 * Parses a strict `YYYY-MM-DD` (as typed in "Set Creation Date") into a real calendar day.
 * @returns `undefined` for any other shape or a date that does not exist (2025-02-29, 2025-13-01)
 */
export function parseDay(text: string): CalendarDay | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const probe = new Date(Date.UTC(d.year, d.month - 1, d.day));
  if (probe.getUTCFullYear() !== d.year || probe.getUTCMonth() !== d.month - 1 || probe.getUTCDate() !== d.day) return undefined;
  return d;
}

/** Offset of `timeZone` from UTC at `instant`, in ms (e.g. +3 600 000 for CET in winter). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at `hour`:00 local time on `day` in `timeZone` (default noon: far from the
 * night-time DST switches, so the stored instant maps back to the same local day).
 */
export function instantOfLocalDay(day: CalendarDay, timeZone: string = systemTimeZone(), hour = 12): Date {
  const guess = Date.UTC(day.year, day.month - 1, day.day, hour);
  // Two passes settle the offset also when the guess and the result lie on both sides of a DST change.
  let t = guess - zoneOffsetMs(new Date(guess), timeZone);
  t = guess - zoneOffsetMs(new Date(t), timeZone);
  return new Date(t);
}

/**
 * Age and state of one token at `now` under `policy`, counted in calendar days in `timeZone`.
 *
 * - 'pending-revocation' whenever `state` says so (replaced by rotation; revoke it on the server);
 * - 'unknown' when `createdAt` is not a valid date;
 * - 'overdue' when `ageDays > maxAgeDays` (day 91 of 90);
 * - 'due-soon' when `ageDays >= maxAgeDays - remindDaysBefore` (days 83–90 of 90/7; day 90 = "rotate today");
 * - else 'ok'.
 * A creation date after today counts as age 0 with `createdInFuture` set.
 */
export function evaluateAge(token: AgeInput, now: Date, policy: AgePolicy = DEFAULT_POLICY, timeZone: string = systemTimeZone()): AgeStatus {
  const created = new Date(token.createdAt);
  const valid = typeof token.createdAt === 'string' && !Number.isNaN(created.getTime());
  let ageDays: number | undefined;
  let createdInFuture = false;
  if (valid) {
    const raw = calendarDaysBetween(created, now, timeZone);
    createdInFuture = raw < 0;
    ageDays = Math.max(0, raw);
  }
  const daysLeft = ageDays === undefined ? undefined : policy.maxAgeDays - ageDays;

  let state: AgeState;
  if (token.state === 'pending-revocation') state = 'pending-revocation';
  else if (ageDays === undefined || daysLeft === undefined) state = 'unknown';
  else if (daysLeft < 0) state = 'overdue';
  else if (daysLeft <= policy.remindDaysBefore) state = 'due-soon';
  else state = 'ok';

  return { state, ageDays, daysLeft, createdInFuture, due: state === 'due-soon' || state === 'overdue' };
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/**
 * The panel's one-line description of a status, e.g. "43 days · rotate in 47 days",
 * "90 days · rotate today", "overdue by 5 days", "pending revocation",
 * "created today · rotate in 90 days", "date in the future · check it", "creation date unknown".
 */
export function describeAge(status: AgeStatus): string {
  if (status.state === 'pending-revocation') return 'pending revocation';
  if (status.state === 'unknown' || status.ageDays === undefined || status.daysLeft === undefined) return 'creation date unknown';
  if (status.state === 'overdue') return `overdue by ${days(-status.daysLeft)}`;
  if (status.createdInFuture) return 'date in the future · check it';
  const age = status.ageDays === 0 ? 'created today' : days(status.ageDays);
  const rotate = status.daysLeft === 0 ? 'rotate today' : `rotate in ${days(status.daysLeft)}`;
  return `${age} · ${rotate}`;
}

/** Human label of a state, for tooltips and messages. */
export function stateLabel(state: AgeState): string {
  switch (state) {
    case 'ok':
      return 'OK';
    case 'due-soon':
      return 'Due for rotation soon';
    case 'overdue':
      return 'Overdue for rotation';
    case 'pending-revocation':
      return 'Replaced; pending revocation on the server';
    case 'unknown':
      return 'Creation date unknown';
  }
}
