/**
 * Verdicts several rules give: an Authorization header, a command-line credential, an access_token table cell.
 * Each weighs the forge and other-service evidence of the context window.
 */
import { Confidence } from '../types';
import { RuleIds, Verdict } from './catalogue';
import type { Ctx } from './context';

/** A value in an Authorization header with auth scheme `scheme` ('token', 'bearer' or ''), or null. */
export function headerVerdict(ctx: Ctx, scheme: string, quote: string | undefined): Verdict | null {
  const ev = ctx.evidence();
  if (ev.other < ev.forge) return null;
  let confidence: Confidence;
  if (scheme === 'token') confidence = ev.forge !== Infinity ? 'high' : 'medium';
  else if (scheme === 'bearer') confidence = ev.forge !== Infinity ? 'high' : 'low';
  else if (ev.forge !== Infinity) confidence = 'medium';
  else return null;
  return {
    ruleId: RuleIds.header,
    confidence,
    context: 'header',
    host: ctx.host(),
    quote,
    detail: scheme === '' ? 'in an Authorization header' : `in an Authorization: ${scheme === 'token' ? 'token' : 'Bearer'} header`,
  };
}

/** A credential given to a command, when forge evidence is near and nearer than any other service's; else null. */
export function cliVerdict(ctx: Ctx, detail: string, quote: string | undefined, keyName?: string): Verdict | null {
  const ev = ctx.evidence();
  if (ev.forge === Infinity || ev.other < ev.forge) return null;
  return { ruleId: RuleIds.cli, confidence: ev.forge <= 5 ? 'high' : 'medium', context: 'other', keyName, host: ctx.host(), quote, detail };
}

/** A value in the sha1 column of Gogs' access_token table. */
export function tableVerdict(ctx: Ctx, detail: string): Verdict {
  return { ruleId: RuleIds.table, confidence: 'high', context: 'other', keyName: 'sha1', host: ctx.host(), detail };
}
