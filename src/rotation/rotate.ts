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
import { GogsApiError, redactSecrets, tokenMatchesServerEntry } from '../gogs';
import type { CreateTokenExtras, CreatedToken, Flavor, GogsApiErrorKind, GogsUser, RequestExtras, ServerToken } from '../gogs';
import { messageOf } from '../util/errors';

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

const AMBIGUOUS_CREATE: ReadonlySet<string> = new Set(['timeout', 'network', 'server', 'bad-response', 'cancelled']);

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
export async function rotateToken(
  deps: RotationDeps,
  input: RotationInput,
  onStep?: (e: RotationStepEvent) => void,
  signal?: AbortSignal,
): Promise<RotationResult> {
  const { client, store } = deps;
  const now = input.now ?? new Date();
  const secrets: (string | undefined)[] = [input.password, input.otp];
  let otp = input.otp;
  const total = ROTATION_STEPS.length;
  const emit = (step: RotationStep, phase: RotationStepEvent['phase'], message: string): void => {
    onStep?.({ step, index: ROTATION_STEPS.indexOf(step) + 1, total, phase, message: redactSecrets(message, secrets) });
  };
  const withOtp = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'otp-required' && deps.askOtp && !signal?.aborted) {
        const code = await deps.askOtp();
        if (code) {
          otp = code;
          secrets.push(code);
          return call();
        }
      }
      throw err;
    }
  };
  const cancelledError = (step: RotationStep): GogsApiError =>
    new GogsApiError('cancelled', `Cancelled before "${STEP_TITLES[step].toLowerCase()}".`);
  const checkCancel = (step: RotationStep): void => {
    if (signal?.aborted) throw cancelledError(step);
  };

  let oldValue: string | undefined;
  let oldAlive = true;
  let flavor: Flavor = 'gogs';
  let stray: StrayServerToken | undefined;
  let strayUnknown = false;

  /** Deletes the new token again where the API allows it. */
  const removeStray = async (name: string, id?: number): Promise<StrayServerToken> => {
    const s: StrayServerToken = { name, deleted: false, applicationsUrl: client.applicationsPageUrl() };
    if (flavor === 'gogs') return s;
    try {
      await withOtp(() => client.deleteToken(input.username, input.password, id ?? name, otp));
      s.deleted = true;
    } catch {
      s.deleted = false;
    }
    return s;
  };

  const fail = async (step: RotationStep, err: unknown): Promise<never> => {
    const kind: RotationErrorKind =
      err instanceof RotationError ? err.kind
      : err instanceof GogsApiError ? err.kind
      : isKeychainLike(err) ? 'keychain'
      : step === 'store' ? 'keychain'
      : 'server';
    const cause = redactSecrets(messageOf(err), secrets);
    let intact: boolean;
    try {
      intact = oldValue !== undefined && (await store.get(input.tokenId)) === oldValue;
    } catch {
      intact = false;
    }
    let msg = `Rotation stopped while ${STEP_TITLES[step].toLowerCase()}: ${cause}`;
    if (stray) {
      msg += stray.deleted
        ? ` The new token "${stray.name}" was deleted again on the server.`
        : ` The new token "${stray.name}" is still on the server and unused: delete it at ${stray.applicationsUrl}.`;
    } else if (strayUnknown) {
      msg += ` The server may have created a token anyway: check ${client.applicationsPageUrl()}.`;
    }
    if (intact) {
      msg += oldAlive
        ? ' Your old token is still stored and still works.'
        : ' Your old token is still stored (the server had already rejected it).';
    }
    emit(step, 'failed', msg);
    throw new RotationError(step, kind, redactSecrets(msg, secrets), intact, stray, strayUnknown);
  };

  // ---- check -------------------------------------------------------------------------
  emit('check', 'start', STEP_TITLES.check);
  let entries: ServerToken[];
  let oldEntry: ServerToken | undefined;
  let oldOwner: string | undefined;
  try {
    checkCancel('check');
    oldValue = await store.get(input.tokenId);
    if (!oldValue) {
      throw new RotationError('check', 'missing-token', 'The token to rotate is no longer in the keychain.', false);
    }
    secrets.push(oldValue);
    flavor = await client.detectFlavor({ signal });
    entries = await withOtp(() => client.listTokens(input.username, input.password, otp, { signal }));
    oldEntry = entries.find((e) => tokenMatchesServerEntry(oldValue as string, e));
    try {
      oldOwner = (await client.getUser(oldValue, { signal })).username;
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'unauthorized') oldAlive = false;
      else if (!(err instanceof GogsApiError && err.kind === 'forbidden')) throw err; // forbidden: Gitea token without a user scope
    }
    // Sign-in may use an e-mail address (Gogs accepts it); then only the old token's owner can be compared.
    const signedInAs = input.username.includes('@') ? undefined : input.username;
    if (oldOwner && signedInAs && !sameLogin(oldOwner, signedInAs)) {
      throw new RotationError(
        'check',
        'login-mismatch',
        `The stored token belongs to "${oldOwner}", but you signed in as "${input.username}". Sign in with the token owner's account.`,
        true,
      );
    }
    if (oldAlive && !oldOwner && !oldEntry) {
      // Gitea token without a user scope: its owner is unknown, and it is not in this account's list.
      throw new RotationError(
        'check',
        'login-mismatch',
        `The stored token is not one of the tokens of "${input.username}". Sign in with the account that owns it.`,
        true,
      );
    }
  } catch (err) {
    return fail('check', err);
  }
  emit(
    'check',
    'done',
    `Signed in as ${input.username} (${flavor}). ` +
      (oldEntry ? `The old token is "${oldEntry.name}" on the server.` : 'The old token is not in the server\'s list.') +
      (oldAlive ? '' : ' The server already rejects the old token.'),
  );

  // ---- create ------------------------------------------------------------------------
  emit('create', 'start', STEP_TITLES.create);
  const taken = new Set(entries.map((e) => e.name));
  const baseName = input.tokenName ?? rotationTokenName(input.label, now);
  let name = uniqueName(baseName, taken);
  const scopes =
    flavor === 'gogs' ? undefined : oldEntry?.scopes && oldEntry.scopes.length > 0 ? oldEntry.scopes : input.scopes ?? ['all'];
  let created: CreatedToken | undefined;
  try {
    checkCancel('create');
    for (let attempt = 0; ; attempt++) {
      try {
        created = await withOtp(() => client.createToken(input.username, input.password, name, otp, { scopes, signal }));
        break;
      } catch (err) {
        if (err instanceof GogsApiError && err.kind === 'conflict' && attempt < 2) {
          taken.add(name);
          name = uniqueName(baseName, taken);
          continue;
        }
        throw err;
      }
    }
    secrets.push(created.token);
  } catch (err) {
    if (err instanceof GogsApiError && AMBIGUOUS_CREATE.has(err.kind)) {
      // The answer may have been lost after the server created the token: look for it by name.
      try {
        const after = await withOtp(() => client.listTokens(input.username, input.password, otp));
        const found = after.find((e) => e.name === name);
        if (found) stray = await removeStray(name, found.id);
      } catch {
        strayUnknown = true;
      }
    }
    return fail('create', err);
  }
  emit('create', 'done', `Created "${created.name}" (…${created.token.slice(-4)}).`);

  // ---- verify ------------------------------------------------------------------------
  emit('verify', 'start', STEP_TITLES.verify);
  let login: string;
  try {
    checkCancel('verify');
    try {
      login = (await client.getUser(created.token, { signal })).username;
    } catch (err) {
      // Gitea/Forgejo: a token whose copied scopes lack read:user gets 403 here — it did
      // authenticate (scopes are checked after the token is found). Its owner is then proven by
      // finding it in the signed-in account's own token list.
      if (!(err instanceof GogsApiError && err.kind === 'forbidden' && flavor !== 'gogs')) throw err;
      const mine = await withOtp(() => client.listTokens(input.username, input.password, otp, { signal }));
      if (!mine.some((e) => e.name === created?.name && tokenMatchesServerEntry(created.token, e))) throw err;
      login = oldOwner ?? input.username;
    }
    const expected = oldOwner ?? (input.username.includes('@') ? undefined : input.username);
    if (expected && !sameLogin(login, expected)) {
      throw new RotationError(
        'verify',
        'login-mismatch',
        `The new token belongs to "${login}", not to "${expected}" who owns the old token. Sign in with the old token's account.`,
        true,
      );
    }
  } catch (err) {
    stray = await removeStray(created.name, created.id);
    return fail('verify', err);
  }
  emit('verify', 'done', `The new token works for ${login}.`);

  // ---- store (commit point) ----------------------------------------------------------
  emit('store', 'start', STEP_TITLES.store);
  let newId: string | undefined;
  try {
    checkCancel('store');
    const meta = await store.add({
      value: created.token,
      label: input.label,
      envVar: input.envVar,
      host: input.host,
      hostConfirmed: true,
      username: login,
      createdAt: now,
      replaces: input.tokenId,
      serverName: created.name,
    });
    newId = meta.id;
    const readBack = await store.get(newId);
    if (readBack !== created.token) {
      throw new Error('The keychain did not return the new token just saved.');
    }
    await store.update(newId, { rotatedAt: now.toISOString() });
    await store.update(input.tokenId, {
      state: 'pending-revocation',
      replacedBy: newId,
      ...(oldEntry ? { serverName: oldEntry.name } : {}),
    });
  } catch (err) {
    if (newId !== undefined) {
      try {
        await store.delete(newId);
      } catch {
        // The store is failing already; the old token was not changed.
      }
      try {
        await store.update(input.tokenId, { state: 'active' });
      } catch {
        // best effort
      }
    }
    stray = await removeStray(created.name, created.id);
    return fail('store', err);
  }
  emit('store', 'done', `Stored the new token as ${input.envVar}; the old one is pending revocation.`);

  const pending = (why: string): RotationResult => ({
    outcome: 'pending-revocation',
    flavor,
    login,
    newTokenId: newId as string,
    newTokenName: created.name,
    newTokenLast4: created.token.slice(-4),
    oldTokenId: input.tokenId,
    oldTokenForgotten: false,
    message: redactSecrets(
      `The new token "${created.name}" is stored and in use. ${why} The old token stays stored as "pending revocation" until it is revoked.`,
      secrets,
    ),
  });

  // ---- switch ------------------------------------------------------------------------
  emit('switch', 'start', STEP_TITLES.switch);
  try {
    await deps.refreshInjection();
  } catch (err) {
    const cause = redactSecrets(messageOf(err), secrets);
    emit('switch', 'failed', `Could not refresh terminals: ${cause}`);
    emit('revoke', 'skipped', 'Not revoking the old token while terminals may still use it.');
    return pending(`Terminals could not be switched to it (${cause}), so the old token was not revoked: reopen the terminals, then revoke it.`);
  }
  emit('switch', 'done', 'Terminals and environments now get the new token.');
  if (signal?.aborted) {
    emit('revoke', 'skipped', 'Cancelled.');
    return pending('Cancelled before revoking the old token.');
  }

  // ---- revoke ------------------------------------------------------------------------
  emit('revoke', 'start', STEP_TITLES.revoke);
  const old = oldValue;
  const stillAccepted = async (): Promise<boolean | 'unknown'> => {
    try {
      await client.getUser(old);
      return true;
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'unauthorized') return false;
      if (err instanceof GogsApiError && err.kind === 'forbidden') return true; // Gitea: token known, scope too small
      return 'unknown';
    }
  };

  if (!oldAlive) {
    emit('revoke', 'skipped', 'The server already rejected the old token.');
  } else if (flavor === 'gogs') {
    const url = client.applicationsPageUrl();
    const max = Math.max(1, input.maxManualAttempts ?? 3);
    let confirmed = false;
    for (let attempt = 1; attempt <= max && !confirmed; attempt++) {
      let said: boolean;
      try {
        said = await deps.confirmManualRevocation(url, { oldTokenName: oldEntry?.name, attempt, stillAccepted: attempt > 1 });
      } catch {
        said = false;
      }
      if (!said || signal?.aborted) {
        emit('revoke', 'skipped', 'Left for later.');
        return pending(`Delete ${oldEntry ? `"${oldEntry.name}"` : 'the old token'} at ${url} when you can, then use "I Deleted It" on the token.`);
      }
      const accepted = await stillAccepted();
      if (accepted === 'unknown') {
        emit('revoke', 'failed', 'Could not reach the server to check.');
        return pending(`Could not reach the server to check that the old token was deleted at ${url}.`);
      }
      confirmed = !accepted;
    }
    if (!confirmed) {
      emit('revoke', 'failed', 'The server still accepts the old token.');
      return pending(`The server still accepts the old token: delete ${oldEntry ? `"${oldEntry.name}"` : 'it'} at ${url}.`);
    }
    emit('revoke', 'done', 'Deleted in the web UI.');
  } else {
    const target = oldEntry?.id ?? oldEntry?.name;
    if (target === undefined) {
      emit('revoke', 'failed', 'The old token is not in the server\'s list.');
      return pending(`The old token was not found in the server's list of tokens for ${input.username}; revoke it at ${client.applicationsPageUrl()}.`);
    }
    try {
      await withOtp(() => client.deleteToken(input.username, input.password, target, otp));
    } catch (err) {
      const cause = redactSecrets(messageOf(err), secrets);
      emit('revoke', 'failed', cause);
      return pending(`Revoking the old token failed: ${cause}`);
    }
    emit('revoke', 'done', `Deleted "${oldEntry?.name ?? target}" through the API.`);
  }

  // ---- confirm -----------------------------------------------------------------------
  emit('confirm', 'start', STEP_TITLES.confirm);
  if (oldAlive && flavor !== 'gogs') {
    const accepted = await stillAccepted();
    if (accepted !== false) {
      emit('confirm', 'failed', accepted === 'unknown' ? 'Could not reach the server.' : 'The server still accepts the old token.');
      return pending(
        accepted === 'unknown'
          ? 'The old token was deleted, but the server could not be reached to confirm it.'
          : `The server still accepts the old token: revoke it at ${client.applicationsPageUrl()}.`,
      );
    }
  }
  let forgotten = true;
  try {
    await store.delete(input.tokenId);
  } catch {
    forgotten = false;
  }
  emit('confirm', 'done', forgotten ? 'The server rejects the old token; it was removed from the keychain.' : 'The server rejects the old token.');
  return {
    outcome: 'revoked',
    flavor,
    login,
    newTokenId: newId,
    newTokenName: created.name,
    newTokenLast4: created.token.slice(-4),
    oldTokenId: input.tokenId,
    oldTokenForgotten: forgotten,
    message: redactSecrets(
      `Rotated: "${created.name}" is stored and in use, and the old token is revoked.` +
        (forgotten ? '' : ' The old token could not be removed from the keychain: delete it from the panel.'),
      secrets,
    ),
  };
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** `base`, or `base-2`, `base-3`, … — the first not in `taken`. */
function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function isKeychainLike(err: unknown): boolean {
  return err instanceof Error && (err.name === 'KeychainError' || /keychain|secret ?storage|keyring/i.test(err.message));
}
