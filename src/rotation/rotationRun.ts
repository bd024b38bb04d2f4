/**
 * One run of the rotation flow (see `rotate.ts` for the guarantees): the state a run carries from
 * step to step (old value, server flavour, the old token's entry and owner, the new token, the
 * stray token to delete again) and one method per step. PURE: no `vscode` import.
 */
import { GogsApiError, redactSecrets, tokenMatchesServerEntry } from '../gogs';
import type { CreatedToken, Flavor, ServerToken } from '../gogs';
import { messageOf } from '../util/errors';
import {
  ROTATION_STEPS,
  RotationDeps,
  RotationError,
  RotationErrorKind,
  RotationInput,
  RotationResult,
  RotationStep,
  RotationStepEvent,
  rotationTokenName,
  STEP_TITLES,
  StrayServerToken,
} from './rotate';

const AMBIGUOUS_CREATE: ReadonlySet<string> = new Set(['timeout', 'network', 'server', 'bad-response', 'cancelled']);

/** A run of {@link rotateToken}'s flow; `run()` once. */
export class RotationRun {
  private readonly now: Date;
  private readonly secrets: (string | undefined)[];
  private otp: string | undefined;
  private oldValue: string | undefined;
  private oldAlive = true;
  private flavor: Flavor = 'gogs';
  private stray: StrayServerToken | undefined;
  private strayUnknown = false;
  private entries: ServerToken[] = [];
  private oldEntry: ServerToken | undefined;
  private oldOwner: string | undefined;
  private created!: CreatedToken;
  private login = '';
  private newId: string | undefined;

  constructor(
    private readonly deps: RotationDeps,
    private readonly input: RotationInput,
    private readonly onStep?: (e: RotationStepEvent) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.now = input.now ?? new Date();
    this.secrets = [input.password, input.otp];
    this.otp = input.otp;
  }

  private get client(): RotationDeps['client'] {
    return this.deps.client;
  }
  private get store(): RotationDeps['store'] {
    return this.deps.store;
  }

  /** Runs every step; see `rotateToken`. */
  async run(): Promise<RotationResult> {
    await this.check();
    await this.create();
    await this.verify();
    await this.commit();
    return (await this.switchOver()) ?? (await this.revoke()) ?? (await this.confirm());
  }

  /** `check`: old value from the store, server flavour, password (by listing tokens), the old token's owner. */
  private async check(): Promise<void> {
    this.emit('check', 'start', STEP_TITLES.check);
    try {
      this.checkCancel('check');
      this.oldValue = await this.store.get(this.input.tokenId);
      if (!this.oldValue) {
        throw new RotationError('check', 'missing-token', 'The token to rotate is no longer in the keychain.', false);
      }
      this.secrets.push(this.oldValue);
      this.flavor = await this.client.detectFlavor({ signal: this.signal });
      this.entries = await this.withOtp(() => this.client.listTokens(this.input.username, this.input.password, this.otp, { signal: this.signal }));
      this.oldEntry = this.entries.find((e) => tokenMatchesServerEntry(this.oldValue as string, e));
      try {
        this.oldOwner = (await this.client.getUser(this.oldValue, { signal: this.signal })).username;
      } catch (err) {
        if (err instanceof GogsApiError && err.kind === 'unauthorized') this.oldAlive = false;
        else if (!(err instanceof GogsApiError && err.kind === 'forbidden')) throw err; // forbidden: Gitea token without a user scope
      }
      // Sign-in may use an e-mail address (Gogs accepts it); then only the old token's owner can be compared.
      const signedInAs = this.input.username.includes('@') ? undefined : this.input.username;
      if (this.oldOwner && signedInAs && !sameLogin(this.oldOwner, signedInAs)) {
        throw new RotationError(
          'check',
          'login-mismatch',
          `The stored token belongs to "${this.oldOwner}", but you signed in as "${this.input.username}". Sign in with the token owner's account.`,
          true,
        );
      }
      if (this.oldAlive && !this.oldOwner && !this.oldEntry) {
        // Gitea token without a user scope: its owner is unknown, and it is not in this account's list.
        throw new RotationError(
          'check',
          'login-mismatch',
          `The stored token is not one of the tokens of "${this.input.username}". Sign in with the account that owns it.`,
          true,
        );
      }
    } catch (err) {
      return this.fail('check', err);
    }
    this.emit(
      'check',
      'done',
      `Signed in as ${this.input.username} (${this.flavor}). ` +
        (this.oldEntry ? `The old token is "${this.oldEntry.name}" on the server.` : 'The old token is not in the server\'s list.') +
        (this.oldAlive ? '' : ' The server already rejects the old token.'),
    );
  }

  /** `create`: a unique name, Gitea scopes copied from the old token; a token the server may have created anyway is looked up and deleted again. */
  private async create(): Promise<void> {
    this.emit('create', 'start', STEP_TITLES.create);
    const taken = new Set(this.entries.map((e) => e.name));
    const baseName = this.input.tokenName ?? rotationTokenName(this.input.label, this.now);
    let name = uniqueName(baseName, taken);
    const scopes =
      this.flavor === 'gogs' ? undefined : this.oldEntry?.scopes && this.oldEntry.scopes.length > 0 ? this.oldEntry.scopes : this.input.scopes ?? ['all'];
    try {
      this.checkCancel('create');
      for (let attempt = 0; ; attempt++) {
        try {
          this.created = await this.withOtp(() => this.client.createToken(this.input.username, this.input.password, name, this.otp, { scopes, signal: this.signal }));
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
      this.secrets.push(this.created.token);
    } catch (err) {
      if (err instanceof GogsApiError && AMBIGUOUS_CREATE.has(err.kind)) {
        // The answer may have been lost after the server created the token: look for it by name.
        try {
          const after = await this.withOtp(() => this.client.listTokens(this.input.username, this.input.password, this.otp));
          const found = after.find((e) => e.name === name);
          if (found) this.stray = await this.removeStray(name, found.id);
        } catch {
          this.strayUnknown = true;
        }
      }
      return this.fail('create', err);
    }
    this.emit('create', 'done', `Created "${this.created.name}" (…${this.created.token.slice(-4)}).`);
  }

  /** `verify`: `GET /api/v1/user` with the new token gives the same login. */
  private async verify(): Promise<void> {
    this.emit('verify', 'start', STEP_TITLES.verify);
    try {
      this.checkCancel('verify');
      try {
        this.login = (await this.client.getUser(this.created.token, { signal: this.signal })).username;
      } catch (err) {
        // Gitea/Forgejo: a token whose copied scopes lack read:user gets 403 here — it did
        // authenticate (scopes are checked after the token is found). Its owner is then proven by
        // finding it in the signed-in account's own token list.
        if (!(err instanceof GogsApiError && err.kind === 'forbidden' && this.flavor !== 'gogs')) throw err;
        const mine = await this.withOtp(() => this.client.listTokens(this.input.username, this.input.password, this.otp, { signal: this.signal }));
        if (!mine.some((e) => e.name === this.created?.name && tokenMatchesServerEntry(this.created.token, e))) throw err;
        this.login = this.oldOwner ?? this.input.username;
      }
      const expected = this.oldOwner ?? (this.input.username.includes('@') ? undefined : this.input.username);
      if (expected && !sameLogin(this.login, expected)) {
        throw new RotationError(
          'verify',
          'login-mismatch',
          `The new token belongs to "${this.login}", not to "${expected}" who owns the old token. Sign in with the old token's account.`,
          true,
        );
      }
    } catch (err) {
      this.stray = await this.removeStray(this.created.name, this.created.id);
      return this.fail('verify', err);
    }
    this.emit('verify', 'done', `The new token works for ${this.login}.`);
  }

  /** `store` (the commit point): add + read back, mark the old one `pending-revocation`; rolled back on failure. */
  private async commit(): Promise<void> {
    this.emit('store', 'start', STEP_TITLES.store);
    try {
      this.checkCancel('store');
      const meta = await this.store.add({
        value: this.created.token,
        label: this.input.label,
        envVar: this.input.envVar,
        host: this.input.host,
        hostConfirmed: true,
        username: this.login,
        createdAt: this.now,
        replaces: this.input.tokenId,
        serverName: this.created.name,
      });
      this.newId = meta.id;
      const readBack = await this.store.get(this.newId);
      if (readBack !== this.created.token) {
        throw new Error('The keychain did not return the new token just saved.');
      }
      await this.store.update(this.newId, { rotatedAt: this.now.toISOString() });
      await this.store.update(this.input.tokenId, {
        state: 'pending-revocation',
        replacedBy: this.newId,
        ...(this.oldEntry ? { serverName: this.oldEntry.name } : {}),
      });
    } catch (err) {
      if (this.newId !== undefined) {
        try {
          await this.store.delete(this.newId);
        } catch {
          // The store is failing already; the old token was not changed.
        }
        try {
          await this.store.update(this.input.tokenId, { state: 'active' });
        } catch {
          // best effort
        }
      }
      this.stray = await this.removeStray(this.created.name, this.created.id);
      return this.fail('store', err);
    }
    this.emit('store', 'done', `Stored the new token as ${this.input.envVar}; the old one is pending revocation.`);
  }

  /** `switch`: injected terminals get the new value. A result when the run ends here (pending revocation). */
  private async switchOver(): Promise<RotationResult | undefined> {
    this.emit('switch', 'start', STEP_TITLES.switch);
    try {
      await this.deps.refreshInjection();
    } catch (err) {
      const cause = redactSecrets(messageOf(err), this.secrets);
      this.emit('switch', 'failed', `Could not refresh terminals: ${cause}`);
      this.emit('revoke', 'skipped', 'Not revoking the old token while terminals may still use it.');
      return this.pending(`Terminals could not be switched to it (${cause}), so the old token was not revoked: reopen the terminals, then revoke it.`);
    }
    this.emit('switch', 'done', 'Terminals and environments now get the new token.');
    if (this.signal?.aborted) {
      this.emit('revoke', 'skipped', 'Cancelled.');
      return this.pending('Cancelled before revoking the old token.');
    }
  }

  /** `revoke`: Gitea/Forgejo through the API; Gogs in the web UI, confirmed by a 401. A result when the run ends here. */
  private async revoke(): Promise<RotationResult | undefined> {
    this.emit('revoke', 'start', STEP_TITLES.revoke);

    if (!this.oldAlive) {
      this.emit('revoke', 'skipped', 'The server already rejected the old token.');
    } else if (this.flavor === 'gogs') {
      const url = this.client.applicationsPageUrl();
      const max = Math.max(1, this.input.maxManualAttempts ?? 3);
      let confirmed = false;
      for (let attempt = 1; attempt <= max && !confirmed; attempt++) {
        let said: boolean;
        try {
          said = await this.deps.confirmManualRevocation(url, { oldTokenName: this.oldEntry?.name, attempt, stillAccepted: attempt > 1 });
        } catch {
          said = false;
        }
        if (!said || this.signal?.aborted) {
          this.emit('revoke', 'skipped', 'Left for later.');
          return this.pending(`Delete ${this.oldEntry ? `"${this.oldEntry.name}"` : 'the old token'} at ${url} when you can, then use "I Deleted It" on the token.`);
        }
        const accepted = await this.stillAccepted();
        if (accepted === 'unknown') {
          this.emit('revoke', 'failed', 'Could not reach the server to check.');
          return this.pending(`Could not reach the server to check that the old token was deleted at ${url}.`);
        }
        confirmed = !accepted;
      }
      if (!confirmed) {
        this.emit('revoke', 'failed', 'The server still accepts the old token.');
        return this.pending(`The server still accepts the old token: delete ${this.oldEntry ? `"${this.oldEntry.name}"` : 'it'} at ${url}.`);
      }
      this.emit('revoke', 'done', 'Deleted in the web UI.');
    } else {
      const target = this.oldEntry?.id ?? this.oldEntry?.name;
      if (target === undefined) {
        this.emit('revoke', 'failed', 'The old token is not in the server\'s list.');
        return this.pending(`The old token was not found in the server's list of tokens for ${this.input.username}; revoke it at ${this.client.applicationsPageUrl()}.`);
      }
      try {
        await this.withOtp(() => this.client.deleteToken(this.input.username, this.input.password, target, this.otp));
      } catch (err) {
        const cause = redactSecrets(messageOf(err), this.secrets);
        this.emit('revoke', 'failed', cause);
        return this.pending(`Revoking the old token failed: ${cause}`);
      }
      this.emit('revoke', 'done', `Deleted "${this.oldEntry?.name ?? target}" through the API.`);
    }
  }

  /** `confirm`: the server answers 401 for the old token → it is forgotten. */
  private async confirm(): Promise<RotationResult> {
    this.emit('confirm', 'start', STEP_TITLES.confirm);
    if (this.oldAlive && this.flavor !== 'gogs') {
      const accepted = await this.stillAccepted();
      if (accepted !== false) {
        this.emit('confirm', 'failed', accepted === 'unknown' ? 'Could not reach the server.' : 'The server still accepts the old token.');
        return this.pending(
          accepted === 'unknown'
            ? 'The old token was deleted, but the server could not be reached to confirm it.'
            : `The server still accepts the old token: revoke it at ${this.client.applicationsPageUrl()}.`,
        );
      }
    }
    let forgotten = true;
    try {
      await this.store.delete(this.input.tokenId);
    } catch {
      forgotten = false;
    }
    this.emit('confirm', 'done', forgotten ? 'The server rejects the old token; it was removed from the keychain.' : 'The server rejects the old token.');
    return {
      outcome: 'revoked',
      flavor: this.flavor,
      login: this.login,
      newTokenId: this.newId as string,
      newTokenName: this.created.name,
      newTokenLast4: this.created.token.slice(-4),
      oldTokenId: this.input.tokenId,
      oldTokenForgotten: forgotten,
      message: redactSecrets(
        `Rotated: "${this.created.name}" is stored and in use, and the old token is revoked.` +
          (forgotten ? '' : ' The old token could not be removed from the keychain: delete it from the panel.'),
        this.secrets,
      ),
    };
  }

  private emit(step: RotationStep, phase: RotationStepEvent['phase'], message: string): void {
    this.onStep?.({ step, index: ROTATION_STEPS.indexOf(step) + 1, total: ROTATION_STEPS.length, phase, message: redactSecrets(message, this.secrets) });
  }

  private async withOtp<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'otp-required' && this.deps.askOtp && !this.signal?.aborted) {
        const code = await this.deps.askOtp();
        if (code) {
          this.otp = code;
          this.secrets.push(code);
          return call();
        }
      }
      throw err;
    }
  }

  private checkCancel(step: RotationStep): void {
    if (this.signal?.aborted) throw this.cancelledError(step);
  }

  /** Deletes the new token again where the API allows it. */
  private async removeStray(name: string, id?: number): Promise<StrayServerToken> {
    const s: StrayServerToken = { name, deleted: false, applicationsUrl: this.client.applicationsPageUrl() };
    if (this.flavor === 'gogs') return s;
    try {
      await this.withOtp(() => this.client.deleteToken(this.input.username, this.input.password, id ?? name, this.otp));
      s.deleted = true;
    } catch {
      s.deleted = false;
    }
    return s;
  }

  private async fail(step: RotationStep, err: unknown): Promise<never> {
    const kind: RotationErrorKind =
      err instanceof RotationError ? err.kind
      : err instanceof GogsApiError ? err.kind
      : isKeychainLike(err) ? 'keychain'
      : step === 'store' ? 'keychain'
      : 'server';
    const cause = redactSecrets(messageOf(err), this.secrets);
    let intact: boolean;
    try {
      intact = this.oldValue !== undefined && (await this.store.get(this.input.tokenId)) === this.oldValue;
    } catch {
      intact = false;
    }
    let msg = `Rotation stopped while ${STEP_TITLES[step].toLowerCase()}: ${cause}`;
    if (this.stray) {
      msg += this.stray.deleted
        ? ` The new token "${this.stray.name}" was deleted again on the server.`
        : ` The new token "${this.stray.name}" is still on the server and unused: delete it at ${this.stray.applicationsUrl}.`;
    } else if (this.strayUnknown) {
      msg += ` The server may have created a token anyway: check ${this.client.applicationsPageUrl()}.`;
    }
    if (intact) {
      msg += this.oldAlive
        ? ' Your old token is still stored and still works.'
        : ' Your old token is still stored (the server had already rejected it).';
    }
    this.emit(step, 'failed', msg);
    throw new RotationError(step, kind, redactSecrets(msg, this.secrets), intact, this.stray, this.strayUnknown);
  }

  private async stillAccepted(): Promise<boolean | 'unknown'> {
    try {
      await this.client.getUser(this.oldValue as string);
      return true;
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'unauthorized') return false;
      if (err instanceof GogsApiError && err.kind === 'forbidden') return true; // Gitea: token known, scope too small
      return 'unknown';
    }
  }

  private cancelledError(step: RotationStep): GogsApiError {
    return new GogsApiError('cancelled', `Cancelled before "${STEP_TITLES[step].toLowerCase()}".`);
  }

  private pending(why: string): RotationResult {
    return {
      outcome: 'pending-revocation',
      flavor: this.flavor,
      login: this.login,
      newTokenId: this.newId as string,
      newTokenName: this.created.name,
      newTokenLast4: this.created.token.slice(-4),
      oldTokenId: this.input.tokenId,
      oldTokenForgotten: false,
      message: redactSecrets(
        `The new token "${this.created.name}" is stored and in use. ${why} The old token stays stored as "pending revocation" until it is revoked.`,
        this.secrets,
      ),
    };
  }
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
