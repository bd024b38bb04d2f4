/**
 * The VS Code side of token rotation: the commands **Rotate Gogs Token**, **Verify Token** and
 * **I Deleted It** (forget a replaced token once the server rejects it). A thin adapter around
 * the pure flow in `rotate.ts`: it picks the token, asks for the server URL (when unknown), the
 * username and the password through `services.prompts`, builds the Gogs client from the settings
 * (`clientFactory.ts`), shows the flow's steps as a cancellable progress notification, refreshes
 * injected terminals (src/inject `refreshInjection`) and reports the outcome.
 *
 * The password (and a 2FA code) lives only in local variables of one run: it is never stored,
 * logged, put in a setting, a message or a command line.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { GogsApiError, GogsClient, redactSecrets } from '../gogs';
import type { ClientOptions } from '../gogs';
import { refreshInjection } from '../inject';
import type { TokenMeta } from '../keychain';
import { nameOf, normalizeHost } from '../panel/commands';
import { tokenLabel } from '../panel/presentation';
import type { Services } from '../services';
import { createGogsClient, currentClientOptions, readHttpSettings } from './clientFactory';
import { HttpSettingsError } from './clientOptions';
import { ManualRevocationInfo, RotationError, RotationResult, RotationStep, RotationStepEvent, rotateToken } from './rotate';
import { messageOf } from '../util/errors';

/**
 * Arguments of the commands. Menus pass the tree element (the token id, a string); the reminder
 * passes the id; a `TreeItem` carries `id`. Host tests pass this object to drive a command
 * without prompts: every field given replaces the matching prompt.
 */
export interface RotationCommandArgs {
  /** Store id of the token. */
  tokenId?: string;
  /** Same as `tokenId` (what a `TreeItem` carries). */
  id?: string;
  /**
   * Server base URL to prefill the server prompt with, when the token has no confirmed host yet.
   * It never replaces the prompt: only the user confirms where a token or password is sent.
   */
  serverUrl?: string;
  /** Account name (default: asked, prefilled with the token's recorded username). */
  username?: string;
  /** Account password (default: asked in a password box). Used once; never stored. */
  password?: string;
  /** Gitea/Forgejo 2FA code. */
  otp?: string;
  /**
   * Gogs: the answer to "I Deleted It" instead of asking (`true`: the user says they deleted the
   * old token in the web UI; `false`: later). The applications page is opened either way.
   */
  confirmDeleted?: boolean;
}

/** What **Rotate Gogs Token** resolves with (for the reminder, tests and other callers). Never holds a secret. */
export type RotateCommandResult =
  | {
      status: 'rotated' | 'pending-revocation';
      oldTokenId: string;
      newTokenId: string;
      newTokenName: string;
      login: string;
      flavor: RotationResult['flavor'];
      oldTokenForgotten: boolean;
      message: string;
    }
  | { status: 'failed'; step?: RotationStep; kind?: string; oldTokenIntact?: boolean; message: string }
  | { status: 'cancelled' | 'no-token' | 'busy' };

/** What **Verify Token** resolves with. */
export type VerifyCommandResult =
  | { status: 'ok'; login: string; fullName?: string }
  | { status: 'rejected' | 'limited-scope' }
  | { status: 'failed'; kind?: string; message: string }
  | { status: 'cancelled' | 'no-token' };

/** What **I Deleted It** resolves with. */
export type ConfirmDeletedResult =
  | { status: 'forgotten' | 'still-accepted' | 'not-pending' }
  | { status: 'failed'; kind?: string; message: string }
  | { status: 'cancelled' | 'no-token' };

/** Button labels (also what host tests answer). */
export const RotationActions = {
  deleted: 'I Deleted It',
  openPage: 'Open Applications Page',
  later: 'Later',
  tryAgain: 'Try Again',
  showOutput: 'Show Output',
  forget: 'Forget It',
} as const;

/** Note shown with every liveness check: Gogs updates the token's "last used" time on any authenticated call. */
export const RECORDED_AS_USE = 'The server records this check as a use of the token.';

/** Hooks host tests use (exposed through `api.testing.rotation`). */
export interface RotationTestHooks {
  /** URLs the feature opened (or, in tests, would have opened) in the browser, in order. */
  readonly openedUrls: string[];
  /**
   * Replaces the browser: called instead of `vscode.env.openExternal` with each URL (`undefined`
   * restores the default, which in test mode only records the URL). A test plays the user here,
   * e.g. deletes the old token on the fake server when the applications page is "opened".
   */
  setOpenExternal(fn: ((url: string) => void | Promise<void>) | undefined): void;
  /** The client options the settings give now (`ca` reduced to its length in characters). */
  clientOptions(): Promise<Omit<ClientOptions, 'ca' | 'fetch'> & { caLength?: number }>;
}

const hooksByServices = new WeakMap<Services, RotationTestHooks>();

/** The rotation test hooks for `services`, once {@link registerRotation} ran. */
export function rotationFor(services: Services): RotationTestHooks | undefined {
  return hooksByServices.get(services);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Registers **Rotate Gogs Token**, **Verify Token** and **I Deleted It**. Every Disposable goes
 * to `services.context.subscriptions`.
 */
export function registerRotation(services: Services): void {
  const { store, prompts, log } = services;
  const testMode = process.env.GOGS_KEY_HYGIENE_TEST === '1';
  const openedUrls: string[] = [];
  let openOverride: ((url: string) => void | Promise<void>) | undefined;
  const running = new Set<string>();

  /** Opens `url` in the browser (in test mode: records it, and calls the test's stand-in if any). */
  async function openExternal(url: string): Promise<void> {
    openedUrls.push(url);
    if (openOverride) return void (await openOverride(url));
    if (testMode) return;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  function argsOf(arg: unknown): { id?: string; args: RotationCommandArgs } {
    if (typeof arg === 'string') return { id: arg, args: {} };
    if (arg && typeof arg === 'object') {
      const a = arg as RotationCommandArgs;
      const id = typeof a.tokenId === 'string' ? a.tokenId : typeof a.id === 'string' ? a.id : undefined;
      return { id, args: a };
    }
    return { args: {} };
  }

  /** The token a command acts on; picks one (no pick when there is only one candidate). */
  async function target(id: string | undefined, candidates: (m: TokenMeta) => boolean, what: string): Promise<TokenMeta | undefined> {
    if (id !== undefined) {
      const meta = store.meta(id);
      if (!meta) void prompts.showWarningMessage('That Gogs token is no longer stored in the keychain.');
      return meta;
    }
    const all = store.list().filter(candidates);
    if (all.length === 0) {
      void prompts.showInformationMessage(`No stored Gogs token to ${what}.`);
      return undefined;
    }
    if (all.length === 1) return all[0];
    const picked = await prompts.showQuickPick(
      all.map((m) => ({ label: tokenLabel(m), description: `…${m.last4}${m.host ? ` · ${m.host}` : ''}`, id: m.id })),
      { title: 'Gogs Key Hygiene', placeHolder: `Token to ${what}` },
    );
    return picked && store.meta(picked.id);
  }

  /** Why `text` cannot be a server URL, or `undefined` when it can. */
  function serverUrlProblem(text: string): string | undefined {
    const host = normalizeHost(text);
    if (!host) return 'Enter the address of the Gogs home page, e.g. https://git.example.com.';
    const u = new URL(host);
    if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname) && readHttpSettings().allowInsecureHttp !== true) {
      return 'Plain http:// would send your password unencrypted: use https://, or turn on the setting gogsKeyHygiene.http.allowInsecureHttp for a trusted network.';
    }
    return undefined;
  }

  /**
   * The token's server base URL, confirmed by the user. A host the user stands behind
   * (`meta.hostConfirmed`: typed, confirmed before, or the host of the URL that carried the token)
   * is returned as is. A host guessed from text near the token is only a suggestion: it is shown
   * in an input box, prefilled, and nothing is sent anywhere until the user accepts (or corrects)
   * it; the answer is saved with `hostConfirmed: true`, so this is asked once. A token without a
   * host gets the same box, empty. `args.serverUrl` only prefills the box: a command argument
   * (another extension, a link) never confirms a server by itself.
   * @returns `undefined` when the user cancelled or the URL is unusable (after saying why)
   */
  async function hostOf(meta: TokenMeta, args: RotationCommandArgs): Promise<string | undefined> {
    const known = meta.host ? normalizeHost(meta.host) : undefined;
    if (known && meta.hostConfirmed === true) return known;
    const suggestion = known ?? (args.serverUrl !== undefined ? normalizeHost(args.serverUrl) : undefined);
    const where = meta.foundIn ? ` in ${foundInText(meta.foundIn)}` : '';
    const text = await prompts.showInputBox({
      title: known ? 'Confirm Gogs Server' : 'Gogs Server',
      prompt: known
        ? `${nameOf(meta)} would be sent to ${known}, a server guessed from the text near the token${where}. Check it: correct it if it is not the Gogs (or Gitea/Forgejo) server that issued the token. Nothing is sent before you confirm; the answer is saved with the token.`
        : `Server of ${nameOf(meta)}: the address of its Gogs (or Gitea/Forgejo) home page. It is saved with the token.`,
      placeHolder: 'https://git.example.com',
      value: suggestion ?? '',
      ignoreFocusOut: true,
      validateInput: (t) => (t.trim() ? serverUrlProblem(t) : undefined),
    });
    if (text === undefined || !text.trim()) return undefined;
    const problem = serverUrlProblem(text);
    if (problem) {
      await prompts.showErrorMessage(problem);
      return undefined;
    }
    const host = normalizeHost(text) as string;
    try {
      if (store.meta(meta.id)) await store.update(meta.id, { host, hostConfirmed: true });
    } catch (err) {
      log.warn(`Could not save the server URL of token …${meta.last4}: ${messageOf(err)}`);
    }
    log.info(`Server of token …${meta.last4} confirmed: ${host}.`);
    return host;
  }

  /** A client for `host`, or `undefined` after telling the user what is wrong with the settings. */
  async function clientFor(host: string): Promise<GogsClient | undefined> {
    try {
      return await createGogsClient(host);
    } catch (err) {
      const msg = err instanceof HttpSettingsError ? err.message : `Could not set up the connection: ${messageOf(err)}`;
      log.error(msg);
      void prompts.showErrorMessage(msg, RotationActions.showOutput).then((c) => c && log.show());
      return undefined;
    }
  }

  // ---- Rotate Gogs Token ---------------------------------------------------------------

  async function rotate(arg?: unknown): Promise<RotateCommandResult> {
    const { id, args } = argsOf(arg);
    const meta = await target(id, (m) => m.state !== 'pending-revocation', 'rotate');
    if (!meta) return { status: id === undefined ? 'cancelled' : 'no-token' };
    if (meta.state === 'pending-revocation') {
      // Already replaced: what is left is deleting it on the server.
      const choice = await prompts.showInformationMessage(
        `${nameOf(meta)} was already replaced by a rotation and waits to be revoked on the server. Delete it there, then choose "${RotationActions.deleted}".`,
        RotationActions.openPage,
        RotationActions.deleted,
      );
      if (choice === RotationActions.openPage) {
        // A page where the user signs in: only on a server they confirmed.
        const host = await hostOf(meta, args);
        if (host) await openExternal(applicationsUrl(host));
      }
      if (choice === RotationActions.deleted) await confirmDeleted(meta.id);
      return { status: 'cancelled' };
    }
    if (running.has(meta.id)) {
      void prompts.showInformationMessage(`${nameOf(meta)} is being rotated already.`);
      return { status: 'busy' };
    }
    running.add(meta.id);
    try {
      return await rotateOne(meta, args);
    } finally {
      running.delete(meta.id);
    }
  }

  async function rotateOne(meta: TokenMeta, args: RotationCommandArgs): Promise<RotateCommandResult> {
    const host = await hostOf(meta, args);
    if (!host) return { status: 'cancelled' };
    const username =
      args.username ??
      (await prompts.showInputBox({
        title: `Rotate ${nameOf(meta)} (1/2)`,
        prompt: `Your username on ${host}. Creating a token needs the account's password, not a token.`,
        value: meta.username ?? '',
        ignoreFocusOut: true,
        validateInput: (t) => (!t.trim() ? 'Enter the username (or e-mail address) you sign in with.' : t.includes(':') ? 'A username cannot contain ":".' : undefined),
      }));
    if (username === undefined || !username.trim()) return { status: 'cancelled' };
    const password =
      args.password ??
      (await prompts.showInputBox({
        title: `Rotate ${nameOf(meta)} (2/2)`,
        prompt: `Password of ${username.trim()} on ${host}. Used once to create the new token; never stored.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (t) => (t ? undefined : 'Enter the password.'),
      }));
    if (!password) return { status: 'cancelled' };
    const secrets = [password, args.otp];

    const client = await clientFor(host);
    if (!client) return { status: 'failed', message: 'The connection settings cannot be used.', oldTokenIntact: true };

    const title = `Rotating ${nameOf(meta)} on ${host}`;
    log.info(`${title} on ${host} as ${username.trim()}.`);
    let outcome: RotateCommandResult;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, cancel) => {
          const abort = new AbortController();
          const sub = cancel.onCancellationRequested(() => abort.abort());
          const onStep = (e: RotationStepEvent): void => {
            const line = redactSecrets(e.message, secrets);
            if (e.phase === 'start') progress.report({ message: `(${e.index}/${e.total}) ${line}…`, increment: 100 / e.total });
            if (e.phase === 'failed') log.warn(`Rotation step "${e.step}" failed: ${line}`);
            else if (e.phase !== 'start') log.info(`Rotation step "${e.step}" ${e.phase}: ${line}`);
          };
          try {
            const result = await rotateToken(
              {
                client,
                store,
                refreshInjection,
                confirmManualRevocation: (url, info) => {
                  progress.report({ message: 'Waiting for you to delete the old token in the web UI…' });
                  return askDeleted(meta, url, info, args, abort.signal);
                },
                askOtp: () => askOtp(host),
              },
              {
                tokenId: meta.id,
                label: meta.label,
                envVar: meta.envVar,
                host,
                username: username.trim(),
                password,
                otp: args.otp,
                now: services.now(),
              },
              onStep,
              abort.signal,
            );
            return {
              status: result.outcome === 'revoked' ? 'rotated' : 'pending-revocation',
              oldTokenId: result.oldTokenId,
              newTokenId: result.newTokenId,
              newTokenName: result.newTokenName,
              login: result.login,
              flavor: result.flavor,
              oldTokenForgotten: result.oldTokenForgotten,
              message: result.message,
            } satisfies RotateCommandResult;
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (err) {
      const message = redactSecrets(messageOf(err), secrets);
      if (err instanceof RotationError) {
        log.error(`Rotation of token …${meta.last4} stopped at "${err.step}" (${err.kind}): ${message}`);
        outcome = { status: 'failed', step: err.step, kind: err.kind, oldTokenIntact: err.oldTokenIntact, message };
      } else {
        log.error(`Rotation of token …${meta.last4} failed unexpectedly: ${message}`);
        outcome = { status: 'failed', message: `Rotation failed: ${message}` };
      }
    } finally {
      await client.close().catch(() => undefined);
    }

    report(meta, host, outcome);
    return outcome;
  }

  /** Tells the user how a rotation ended; follow-up buttons run later (not awaited). */
  function report(meta: TokenMeta, host: string, r: RotateCommandResult): void {
    if (r.status === 'rotated') {
      void prompts.showInformationMessage(r.message);
    } else if (r.status === 'pending-revocation') {
      void prompts.showWarningMessage(r.message, RotationActions.openPage, RotationActions.deleted).then(async (c) => {
        if (c === RotationActions.openPage) await openExternal(applicationsUrl(host));
        if (c === RotationActions.deleted) await vscode.commands.executeCommand(Commands.confirmTokenDeleted, r.oldTokenId);
      });
    } else if (r.status === 'failed' && r.kind === 'cancelled') {
      void prompts.showInformationMessage(r.message);
    } else if (r.status === 'failed') {
      void prompts.showErrorMessage(r.message, RotationActions.tryAgain, RotationActions.showOutput).then(async (c) => {
        if (c === RotationActions.showOutput) log.show();
        if (c === RotationActions.tryAgain && store.meta(meta.id)) await vscode.commands.executeCommand(Commands.rotateToken, meta.id);
      });
    }
  }

  /**
   * Gogs has no API to delete a token: opens the applications page (first attempt) and asks for
   * "I Deleted It". Resolves `false` on "Later", a dismissed notification, or Cancel on the progress.
   */
  async function askDeleted(meta: TokenMeta, url: string, info: ManualRevocationInfo, args: RotationCommandArgs, signal: AbortSignal): Promise<boolean> {
    const which = info.oldTokenName ? `"${info.oldTokenName}" (…${meta.last4})` : `the old token (…${meta.last4})`;
    if (info.attempt === 1) await openExternal(url);
    if (args.confirmDeleted !== undefined) return args.confirmDeleted;
    for (;;) {
      const text = info.stillAccepted
        ? `The server still accepts ${which}. Delete it at ${url}, then choose "${RotationActions.deleted}" again.`
        : `Gogs has no API to delete tokens: delete ${which} on the page just opened (${url}), then choose "${RotationActions.deleted}". The new token is already stored and in use; until then the old one stays stored as "pending revocation".`;
      const ask = (info.stillAccepted ? prompts.showWarningMessage(text, RotationActions.deleted, RotationActions.openPage, RotationActions.later) : prompts.showInformationMessage(text, RotationActions.deleted, RotationActions.openPage, RotationActions.later));
      const choice = await raceAbort(Promise.resolve(ask), signal);
      if (choice === RotationActions.openPage) {
        await openExternal(url);
        continue;
      }
      return choice === RotationActions.deleted;
    }
  }

  async function askOtp(host: string): Promise<string | undefined> {
    const code = await prompts.showInputBox({
      title: 'Two-Factor Authentication',
      prompt: `One-time code for your account on ${host} (from your authenticator app)`,
      ignoreFocusOut: true,
      validateInput: (t) => (/^\s*\d{6,8}\s*$/.test(t) || !t.trim() ? undefined : 'Enter the 6–8 digit code.'),
    });
    return code?.trim() || undefined;
  }

  // ---- Verify Token --------------------------------------------------------------------

  /**
   * The stored value of `meta`, or a failure already shown to the user: the keychain failed
   * (`keychain`) or no longer holds it (`missing-token`). `doing` and `hint` complete the messages.
   */
  async function readToken(
    meta: TokenMeta,
    doing: string,
    hint: string,
  ): Promise<{ ok: true; value: string } | { ok: false; failed: { status: 'failed'; kind: 'keychain' | 'missing-token'; message: string } }> {
    let value: string | undefined;
    try {
      value = await store.get(meta.id);
    } catch (err) {
      const message = messageOf(err);
      void prompts.showErrorMessage(`Could not read ${nameOf(meta)} from the keychain${doing}: ${message}`);
      return { ok: false, failed: { status: 'failed', kind: 'keychain', message } };
    }
    if (!value) {
      const message = `The keychain no longer holds the value of ${nameOf(meta)}${hint}.`;
      void prompts.showErrorMessage(message);
      return { ok: false, failed: { status: 'failed', kind: 'missing-token', message } };
    }
    return { ok: true, value };
  }

  async function verify(arg?: unknown): Promise<VerifyCommandResult> {
    const { id, args } = argsOf(arg);
    const meta = await target(id, () => true, 'verify');
    if (!meta) return { status: id === undefined ? 'cancelled' : 'no-token' };
    const host = await hostOf(meta, args);
    if (!host) return { status: 'cancelled' };
    const read = await readToken(meta, '', '');
    if (!read.ok) return read.failed;
    const token = read.value;
    const client = await clientFor(host);
    if (!client) return { status: 'failed', kind: 'settings', message: 'The connection settings cannot be used.' };
    try {
      const user = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Verifying ${nameOf(meta)} on ${host}`, cancellable: true },
        async (_p, cancel) => {
          const abort = new AbortController();
          const sub = cancel.onCancellationRequested(() => abort.abort());
          try {
            return await client.getUser(token, { signal: abort.signal });
          } finally {
            sub.dispose();
          }
        },
      );
      const who = user.full_name && user.full_name !== user.username ? `${user.username} (${user.full_name})` : user.username;
      log.info(`Verified token …${meta.last4} on ${host}: it belongs to ${user.username}.`);
      if (!meta.username && store.meta(meta.id)) await store.update(meta.id, { username: user.username }).catch(() => undefined);
      const pending = meta.state === 'pending-revocation' ? ' It was replaced by a rotation and still has to be deleted on the server.' : '';
      void prompts.showInformationMessage(`${nameOf(meta)} works on ${host}: it belongs to ${who}.${pending} ${RECORDED_AS_USE}`);
      return user.full_name ? { status: 'ok', login: user.username, fullName: user.full_name } : { status: 'ok', login: user.username };
    } catch (err) {
      if (err instanceof GogsApiError && err.kind === 'unauthorized') {
        log.warn(`Token …${meta.last4} is rejected by ${host} (401).`);
        if (meta.state === 'pending-revocation') {
          void prompts.showInformationMessage(`The server rejects ${nameOf(meta)}: it was revoked. Remove it from the keychain?`, RotationActions.forget).then(async (c) => {
            if (c === RotationActions.forget) await forget(meta);
          });
        } else {
          void prompts.showWarningMessage(
            `${host} rejects ${nameOf(meta)} (401): it was revoked or deleted on the server, or belongs to another server. Delete it from the keychain and add a working one (rotation needs no working old token). ${RECORDED_AS_USE}`,
          );
        }
        return { status: 'rejected' };
      }
      if (err instanceof GogsApiError && err.kind === 'forbidden') {
        void prompts.showInformationMessage(
          `${host} accepts ${nameOf(meta)}, but the token's scopes do not allow reading the account (403), so its owner cannot be shown. ${RECORDED_AS_USE}`,
        );
        return { status: 'limited-scope' };
      }
      if (err instanceof GogsApiError && err.kind === 'cancelled') return { status: 'cancelled' };
      const message = redactSecrets(messageOf(err), [token]);
      log.error(`Verifying token …${meta.last4} failed: ${message}`);
      void prompts.showErrorMessage(`Could not verify ${nameOf(meta)}: ${message}`, RotationActions.showOutput).then((c) => c && log.show());
      return { status: 'failed', kind: err instanceof GogsApiError ? err.kind : undefined, message };
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  // ---- I Deleted It --------------------------------------------------------------------

  async function confirmDeleted(arg?: unknown): Promise<ConfirmDeletedResult> {
    const { id, args } = argsOf(arg);
    const meta = await target(id, (m) => m.state === 'pending-revocation', 'forget after deleting it on the server');
    if (!meta) return { status: id === undefined ? 'cancelled' : 'no-token' };
    if (meta.state !== 'pending-revocation') {
      void prompts.showInformationMessage(
        `${nameOf(meta)} is in use (it was not replaced by a rotation). To stop using it, rotate it, or delete it from the keychain.`,
      );
      return { status: 'not-pending' };
    }
    const host = await hostOf(meta, args);
    if (!host) return { status: 'cancelled' };
    const read = await readToken(meta, ' to check it', ', so the server cannot be asked about it. Delete the entry from the panel');
    if (!read.ok) return read.failed;
    const value = read.value;
    const client = await clientFor(host);
    if (!client) return { status: 'failed', kind: 'settings', message: 'The connection settings cannot be used.' };
    const url = applicationsUrl(host);
    let accepted: true | 'rejected' | { error: unknown };
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Asking ${host} whether ${nameOf(meta)} was deleted` },
        () => client.getUser(value),
      );
      accepted = true;
    } catch (err) {
      // 403 (Gitea, token without a user scope): the server still knows the token.
      accepted = err instanceof GogsApiError && err.kind === 'unauthorized' ? 'rejected' : err instanceof GogsApiError && err.kind === 'forbidden' ? true : { error: err };
    } finally {
      await client.close().catch(() => undefined);
    }
    if (accepted === 'rejected') {
      return (await forget(meta)) ? { status: 'forgotten' } : { status: 'failed', kind: 'keychain', message: 'Could not remove the token from the keychain.' };
    }
    if (accepted !== true) {
      const err = accepted.error;
      const message = redactSecrets(messageOf(err), [value]);
      log.error(`Checking whether token …${meta.last4} was deleted failed: ${message}`);
      void prompts.showErrorMessage(`Could not check whether ${nameOf(meta)} was deleted: ${message} It stays stored as "pending revocation".`);
      return { status: 'failed', kind: err instanceof GogsApiError ? err.kind : undefined, message };
    }
    log.warn(`Token …${meta.last4} is still accepted by ${host}.`);
    void prompts.showWarningMessage(
      `The server still accepts ${nameOf(meta)}${meta.serverName ? ` ("${meta.serverName}")` : ''}. Delete it at ${url}, then choose "${RotationActions.deleted}" again.`,
      RotationActions.openPage,
      RotationActions.deleted,
    ).then(async (c) => {
      if (c === RotationActions.openPage) await openExternal(url);
      if (c === RotationActions.deleted) await vscode.commands.executeCommand(Commands.confirmTokenDeleted, meta.id);
    });
    return { status: 'still-accepted' };
  }

  async function forget(meta: TokenMeta): Promise<boolean> {
    try {
      await store.delete(meta.id);
    } catch (err) {
      void prompts.showErrorMessage(`The server rejects ${nameOf(meta)}, but it could not be removed from the keychain: ${messageOf(err)}`);
      return false;
    }
    log.info(`Token …${meta.last4} is rejected by the server and was removed from the keychain.`);
    void prompts.showInformationMessage(`The server rejects ${nameOf(meta)} now: it was removed from the keychain.`);
    return true;
  }

  services.context.subscriptions.push(
    vscode.commands.registerCommand(Commands.rotateToken, rotate),
    vscode.commands.registerCommand(Commands.verifyToken, verify),
    vscode.commands.registerCommand(Commands.confirmTokenDeleted, confirmDeleted),
  );

  hooksByServices.set(services, {
    openedUrls,
    setOpenExternal(fn) {
      openOverride = fn;
    },
    async clientOptions() {
      const { ca, fetch: _f, ...rest } = await currentClientOptions();
      return ca === undefined ? rest : { ...rest, caLength: ca.length };
    },
  });
}

/** `path/of/file.env line 3` (workspace-relative when possible) for a token's first place. */
function foundInText(foundIn: { uri: string; line: number }): string {
  let where: string;
  try {
    where = vscode.workspace.asRelativePath(vscode.Uri.parse(foundIn.uri, true));
  } catch {
    where = foundIn.uri;
  }
  // A file name is shown, never a token in it (a 40-hex run keeps its last 4 characters).
  return `${where.replace(/[0-9a-fA-F]{40,}/g, (run) => `…${run.slice(-4)}`)} line ${foundIn.line}`;
}

/** `<host>/user/settings/applications`: where a Gogs user deletes tokens (same as the client's). */
function applicationsUrl(host: string): string {
  return `${(normalizeHost(host) ?? host).replace(/\/+$/, '')}/user/settings/applications`;
}


/** `p`, or `undefined` as soon as `signal` fires. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
