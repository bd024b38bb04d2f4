/**
 * Gogs/Gitea/Forgejo REST client (pure: Node `fetch` or `https`, no `vscode` import).
 * See {@link GogsClient}.
 */
export { GogsClient, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './client';
export { GogsApiError, UnsupportedError, redactSecrets, revealsSecret } from './errors';
export type { GogsApiErrorKind, GogsApiErrorDetails } from './errors';
export { tokenMatchesServerEntry, sha256Hex, gogsListedSha1 } from './tokens';
export { bypassesProxy } from './transport';
export type {
  ClientOptions,
  CreateTokenExtras,
  CreatedToken,
  Flavor,
  GogsUser,
  RequestExtras,
  ServerToken,
} from './types';
