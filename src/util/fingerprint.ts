/**
 * Token fingerprints: SHA-256 hex of the token (UTF-8), what settings, logs and the keychain metadata store
 * instead of the token. Mirrors how Gogs ≥ 0.13 keeps SHA-256(token) server-side (gogs internal/database/access_tokens.go).
 */
import { createHash } from 'node:crypto';

/** SHA-256 of `token` as 64 lowercase hex characters. Never throws. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The last 4 characters of `token`: the most of a token that may be shown. */
export function last4(token: string): string {
  return token.slice(-4);
}
