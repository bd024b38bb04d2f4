/**
 * Line-level rules without a key: a value that prose or a comment labels as a token (`the old token was <t>`,
 * `Токен бота: <t>`), and a value fed to a registry login on standard input (`echo <t> | docker login
 * --password-stdin`, `<<< "<t>"`).
 */
import { PROSE_COMMIT_WORD_SOURCE, PROSE_TOKEN_WORD_SOURCE } from '../vocabulary';
import { RuleIds, Verdict } from './catalogue';
import type { Ctx } from './context';
import { isHereStringLogin, trimProseTrailing } from './scans';
import { cliVerdict } from './verdicts';

const PROSE_TOKEN_RE = new RegExp(PROSE_TOKEN_WORD_SOURCE, 'gi');
const PROSE_COMMIT_RE = new RegExp(PROSE_COMMIT_WORD_SOURCE, 'i');
const PROSE_SEPARATOR_RE = /(?:[:：=→—–-]|\bis|\bwas|->|=>)$/i;
const STDIN_LOGIN_RE = /^[^|\n]{0,8}\|\s*(?:sudo\s+)?(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry|crane\s+auth|regctl\s+registry)\s+login\b[^\n]*--password-stdin/;
const STDIN_HEAD_RE = /(?:^|[\s;&|(])(?:echo(?:\s{1,4}-[ne]{1,2})?|printf(?:\s{1,4}(?:'%s'|"%s"|%s))?)\s{1,4}["']?$/;

/** A registry login command (`docker login`, `helm registry login`, …). */
export const LOGIN_CMD_RE = /\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry)\s+login\b/;

/** The candidate piped or here-string-fed to a registry login's `--password-stdin`, or null. */
export function stdinLogin(ctx: Ctx): Verdict | null {
  const w = ctx.w;
  const { s, e, ls, le } = ctx;
  if (ctx.line().indexOf('login') === -1) return null;
  const head = w.slice(Math.max(ls, s - 512), s);
  if (isHereStringLogin(head)) return cliVerdict(ctx, 'fed to a registry login', undefined);
  if (!STDIN_HEAD_RE.test(head.slice(-40))) return null;
  if (!STDIN_LOGIN_RE.test(w.slice(e, Math.min(le, e + 512)))) return null;
  return cliVerdict(ctx, 'piped to a registry login', undefined);
}

/** The candidate after a token word on its line (`token: <t>`, `the token was <t>`) with forge evidence near, or null. */
export function prose(ctx: Ctx): Verdict | null {
  const w = ctx.w;
  const { s, ls } = ctx;
  const head = w.slice(Math.max(ls, s - 120), s);
  PROSE_TOKEN_RE.lastIndex = 0;
  let wordEnd = -1;
  for (let m = PROSE_TOKEN_RE.exec(head); m !== null; m = PROSE_TOKEN_RE.exec(head)) wordEnd = m.index + m[0].length;
  if (wordEnd === -1) return null;
  const gap = head.slice(wordEnd);
  if (gap.length > 64) return null;
  // separator right before the value: `:` `=` `is` `was` `→` `—` …, or nothing (`the token <t>`)
  const sep = trimProseTrailing(gap);
  if (sep !== '' && !PROSE_SEPARATOR_RE.test(sep)) return null;
  if (PROSE_COMMIT_RE.test(head)) return null;
  if (!ctx.forgeNearer()) return null;
  return { ruleId: RuleIds.prose, confidence: 'medium', context: 'other', host: ctx.host(), detail: 'labelled as a token' };
}
