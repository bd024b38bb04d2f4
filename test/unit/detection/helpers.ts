/**
 * Test helpers for the detector: fresh random tokens (never copied from anywhere) and case templates.
 */
import { randomBytes } from 'node:crypto';
import { isPlaceholder } from '../../../src/detection';

/** A fresh random 40-hex value: `crypto.randomBytes(20).toString('hex')`, as the product rules require. */
export function randomToken(): string {
  for (;;) {
    const t = randomBytes(20).toString('hex');
    if (!isPlaceholder(t)) return t;
  }
}

/**
 * Fills a template: each `{T}` becomes the same fresh token, `{T2}` a second one, each `{S}` a fresh commit-like
 * 40-hex value (a new one per occurrence), `{S64}` a fresh 64-hex value.
 */
export function fill(template: string): { text: string; token: string; token2: string } {
  const token = randomToken();
  const token2 = randomToken();
  const text = template
    .replace(/\{T\}/g, token)
    .replace(/\{T2\}/g, token2)
    .replace(/\{S\}/g, () => randomToken())
    .replace(/\{S64\}/g, () => randomToken() + randomToken().slice(0, 24));
  return { text, token, token2 };
}
