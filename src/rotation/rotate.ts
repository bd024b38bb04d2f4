/**
 * The token rotation flow, pure (no `vscode` import): create → verify → store → switch → revoke,
 * never losing a working token. The VS Code command is a thin adapter that supplies the
 * {@link RotationDeps} (client, token store, injection refresh, prompts) and shows the steps
 * reported through `onStep` as progress.
 *
 * Guarantee: when {@link rotateToken} throws (any step before the switch: wrong password, create
 * fails, verification fails or shows another account, keychain write fails, server down,
 * cancelled), the old token is still stored, still `active`, and — if the server accepted it
 * before — still accepted: the flow never touches the old token on the server before the new
 * one is stored, read back and switched to. A new token already created on the server is
 * deleted again where the API allows it (Gitea/Forgejo); on Gogs the error names it and the page
 * to delete it. After the switch, nothing throws: a failed revocation leaves the old token
 * `pending-revocation` and the result says what to do.
 */
import { RotationRun } from './rotationRun';
import type { CreateTokenExtras, CreatedToken, Flavor, GogsApiErrorKind, GogsUser, RequestExtras, ServerToken } from '../gogs';

/** The client calls the flow uses; {@link GogsClient} satisfies it. */
export interface RotationClient {
  getUser(token: string, extras?: RequestExtras): Promise<GogsUser>;
  listTokens(username: string, password: string, otp?: string, extras?: RequestExtras): Promise<ServerToken[]>;
  createToken(username: string, password: string, name: string, otp?: string, extras?: CreateTokenExtras): Promise<CreatedToken>;
  deleteToken(username: string, password: string, idOrName: string | number, otp?: string, extras?: RequestExtras): Promise<void>;
  detectFlavor(extras?: RequestExtras): Promise<Flavor>;
  applicationsPageUrl(): string;
}

/**
 * The token store calls the flow uses. The real `TokenStore` (src/keychain/tokenStore.ts)
 * satisfies it structurally: `add` writes the secret, reads it back and records metadata;
 * `update` patches metadata; `delete` removes secret and metadata; `get` returns the value.
 * Every method may throw (locked keychain, no keyring daemon); messages must not contain values.
 */
export interface RotationStore {
  get(id: string): Promise<string | undefined>;
  add(input: {
    value: string;
    label?: string;
    envVar: string;
    host?: string;
    /** The new token's host is the one the user confirmed for this rotation. */
    hostConfirmed?: boolean;
    username?: string;
    createdAt?: Date;
    replaces?: string;
    serverName?: string;
  }): Promise<{ id: string }>;
  update(
    id: string,
    patch: { state?: 'active' | 'pending-revocation'; replacedBy?: string; rotatedAt?: string; serverName?: string },
  ): Promise<unknown>;
  delete(id: string): Promise<void>;
}

/** What the Gogs manual revocation prompt is told. */
export interface ManualRevocationInfo {
  /** Name of the old token on the server, when it was found in the list. */
  oldTokenName?: string;
  /** 1 for the first ask; higher after the user said "I deleted it" but the server still accepts the token. */
  attempt: number;
  /** True when the previous "I deleted it" was not confirmed by the server (it still accepts the token). */
  stillAccepted: boolean;
}

/** Everything the flow needs from outside. */
export interface RotationDeps {
  client: RotationClient;
  store: RotationStore;
  /** Re-injects the (now new) token into terminals/environments that use it. */
  refreshInjection(): Promise<void>;
  /**
   * Gogs only (no delete API): open `url` (`<host>/user/settings/applications`) and ask the user
   * to delete the old token there. Resolve `true` when they say they did ("I Deleted It"), `false`
   * to leave it pending. The flow then checks that the server rejects the old token.
   */
  confirmManualRevocation(url: string, info: ManualRevocationInfo): Promise<boolean>;
  /** Gitea/Forgejo 2FA: ask for a (fresh) one-time code when the server wants one. Optional. */
  askOtp?(): Promise<string | undefined>;
}

/** What to rotate and with which credentials. The password is used for this run only. */
export interface RotationInput {
  /** Store id of the token to replace. */
  tokenId: string;
  /** Label of the stored token (also the prefix of the new token's server name). */
  label: string;
  /** Environment variable name; the new token gets the same. */
  envVar: string;
  /** Base URL of the server, as recorded for the token and confirmed by the user (the new token is stored with it as confirmed). */
  host: string;
  /** Account name; the password belongs to it. */
  username: string;
  /** Account password (never stored, never in a message). */
  password: string;
  /** Gitea/Forgejo one-time code, when the account has 2FA. */
  otp?: string;
  /** Server-side name of the new token. Default `<label>-<yyyymmdd-hhmm>` (local time), made unique. */
  tokenName?: string;
  /** Gitea/Forgejo scopes when the old token's scopes cannot be read from the server. Default `['all']`. */
  scopes?: string[];
  /** Clock (for the name and `rotatedAt`). Default `new Date()`. */
  now?: Date;
  /** Gogs: how many times to ask "I Deleted It" when the server still accepts the old token. Default 3. */
  maxManualAttempts?: number;
}

/** The steps, in order. */
export const ROTATION_STEPS = ['check', 'create', 'verify', 'store', 'switch', 'revoke', 'confirm'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** Human titles of the steps (progress text). */
export const STEP_TITLES: Record<RotationStep, string> = {
  check: 'Checking the account and the old token',
  create: 'Creating the new token on the server',
  verify: 'Verifying the new token',
  store: 'Storing the new token in the keychain',
  switch: 'Switching terminals to the new token',
  revoke: 'Revoking the old token',
  confirm: 'Confirming the old token is rejected',
};

/** Progress event; `message` never contains a secret. */
export interface RotationStepEvent {
  step: RotationStep;
  /** 1-based position of `step` in {@link ROTATION_STEPS}. */
  index: number;
  total: number;
  phase: 'start' | 'done' | 'failed' | 'skipped';
  message: string;
}

/** How a rotation that did not throw ended. */
export interface RotationResult {
  /** `revoked`: old token rejected by the server and forgotten (or kept only because forgetting failed). `pending-revocation`: old token still valid, kept and marked. */
  outcome: 'revoked' | 'pending-revocation';
  flavor: Flavor;
  /** Login the new token belongs to. */
  login: string;
  newTokenId: string;
  newTokenName: string;
  /** Last 4 characters of the new token (the most ever shown). */
  newTokenLast4: string;
  oldTokenId: string;
  /** Whether the old token was removed from the store. */
  oldTokenForgotten: boolean;
  /** What happened and, when pending, what to do. */
  message: string;
}

/** Why a rotation failed. `GogsApiErrorKind` for server/network problems. */
export type RotationErrorKind = GogsApiErrorKind | 'keychain' | 'login-mismatch' | 'missing-token';

/** A new token left on the server by a failed rotation. */
export interface StrayServerToken {
  name: string;
  /** Deleted again through the API (Gitea/Forgejo). */
  deleted: boolean;
  /** Where the user can delete it when not deleted. */
  applicationsUrl: string;
}

/**
 * A rotation that stopped before switching to the new token. The message says what failed,
 * what was cleaned up, and that the old token is still stored and working. No secret in it.
 */
export class RotationError extends Error {
  override readonly name = 'RotationError';
  constructor(
    readonly step: RotationStep,
    readonly kind: RotationErrorKind,
    message: string,
    /** The old token is still in the store, active, with its value unchanged. */
    readonly oldTokenIntact: boolean,
    /** A token the failed run created on the server, if any (or possibly, see `strayUnknown`). */
    readonly strayServerToken?: StrayServerToken,
    /** The create call may or may not have created a token (answer lost) and the list could not tell. */
    readonly strayUnknown = false,
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      step: this.step,
      kind: this.kind,
      message: this.message,
      oldTokenIntact: this.oldTokenIntact,
      strayServerToken: this.strayServerToken,
      strayUnknown: this.strayUnknown,
    };
  }
}

/** Default server-side name of a rotated token: `<label>-<yyyymmdd-hhmm>` in local time, label whitespace → `-`. */
export function rotationTokenName(label: string, now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
  const base = label.trim().replace(/\s+/g, '-').slice(0, 200) || 'token';
  return `${base}-${stamp}`;
}

/**
 * Rotates one stored token. See the module comment for the guarantees.
 *
 * Steps (reported through `onStep`): `check` (old value from the store, server flavour, password
 * by listing tokens, old token's owner), `create` (unique name, Gitea scopes copied from the old
 * token), `verify` (`GET /api/v1/user` with the new token: same login), `store` (add + read
 * back + mark the old one `pending-revocation`; the commit point), `switch`
 * (`refreshInjection`), `revoke` (Gitea/Forgejo API; Gogs: the user deletes it in the web UI),
 * `confirm` (the server now answers 401 for the old token → forget it).
 *
 * @param signal cancels the run; before the `store` step that rolls back (RotationError kind
 *   `cancelled`), after it the run ends as `pending-revocation`
 * @throws RotationError for any failure up to and including `store`
 */
export function rotateToken(
  deps: RotationDeps,
  input: RotationInput,
  onStep?: (e: RotationStepEvent) => void,
  signal?: AbortSignal,
): Promise<RotationResult> {
  return new RotationRun(deps, input, onStep, signal).run();
}
