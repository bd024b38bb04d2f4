/**
 * The detection rules: metadata as data (`catalogue.ts`) and the evaluator (`evaluation.ts`) that decides, from
 * the context around one 40-hex candidate, whether it is a Gogs/Gitea/Forgejo access token and which rule says so.
 *
 * Context reads are confined to a window around the candidate (`context.ts`): at most CONTEXT_LINES lines and
 * CONTEXT_CHARS UTF-16 units on each side, plus the file's first line (CSV headers). The incremental scanner
 * relies on that bound.
 *
 * Every regex here is linear-time by construction, so that the work per candidate is linear in the window:
 * no two adjacent or nested unbounded quantifiers over overlapping classes (`[ \t]*:?[ \t]*` is written
 * `[ \t]*(?::[ \t]*)?`), and an unanchored regex never starts with an unbounded quantifier (a failing search would
 * rescan the rest of the input from every position). Where a pattern cannot be both (a value that may contain
 * its own key, a trailing run), the check is a hand-written scan (`scans.ts`). test/unit/detection/regexLinearity.test.ts
 * lists every regex of this folder with an adversarial input and compares the cost per KiB at 64 KiB and 1 MiB.
 *
 * The parts: `catalogue.ts` (rule ids and documentation), `chars.ts` (named char codes), `keys.ts` (key words and
 * classes, hosts), `context.ts` (the window, evidence, hosts), `lhs.ts` (what precedes a value), `urls.ts`
 * (userinfo, query), `tables.ts` (access_token dumps, CSV), `sections.ts` (enclosing sections), `calls.ts`
 * (arguments and constructors), `objects.ts` (token API responses), `prose.ts` (labels in prose, stdin logins),
 * `verdicts.ts` (shared verdicts), `scans.ts` (hand-written scans), `evaluation.ts` (the evaluator).
 */
export { RULES, RuleIds, ruleTitle } from './catalogue';
export type { Verdict } from './catalogue';
export { CONTEXT_LINES, CONTEXT_CHARS } from './context';
export { classifyKey, detach, keyWords, splitCamelCase } from './keys';
export type { KeyClass } from './keys';
export { Evaluator } from './evaluation';
export { hasFileLikeName, isHereStringLogin, trimProseTrailing } from './scans';
