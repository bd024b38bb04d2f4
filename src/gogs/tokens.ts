import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerToken } from './types';

/** SHA-256 hex (64 lowercase chars) of a token, as Gogs stores it (`access_token.sha256`). */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * What a Gogs server lists as `sha1` for `token` since 0.13: the first 40 hex characters of
 * SHA-256(token). Mirrors gogs/gogs `internal/database/access_tokens.go` `Create`
 * (`Sha1: sha256[:40]`, kept 40 long "to pass the column unique constraint").
 */
export function gogsListedSha1(token: string): string {
  return sha256Hex(token).slice(0, 40);
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Whether `entry` (one element of `GET /api/v1/users/{username}/tokens`) is the server's record
 * of `token`, decided without sending the token anywhere:
 * - Gogs ≥ 0.13: `entry.sha1 === sha256(token)[:40]` (gogs/gogs `internal/database/access_tokens.go`);
 * - Gogs < 0.13: `entry.sha1` is the raw token;
 * - Gitea/Forgejo: `entry.sha1` is empty and `entry.token_last_eight === token.slice(-8)`
 *   (go-gitea/gitea `routers/api/v1/user/app.go` `ListAccessTokens`). Eight characters identify a
 *   token among one user's tokens with high probability but are not proof; callers that act on
 *   the match (delete) should only match among the same user's tokens.
 * @param token the 40-hex token value
 * @param entry a listed token
 */
export function tokenMatchesServerEntry(token: string, entry: ServerToken): boolean {
  if (!token) return false;
  const sha1 = typeof entry.sha1 === 'string' ? entry.sha1.toLowerCase() : '';
  if (sha1) {
    return safeEqual(sha1, gogsListedSha1(token)) || safeEqual(sha1, token.toLowerCase());
  }
  if (typeof entry.token_last_eight === 'string' && entry.token_last_eight.length === 8) {
    return safeEqual(entry.token_last_eight.toLowerCase(), token.slice(-8).toLowerCase());
  }
  return false;
}
