/**
 * **Rotate Gogs Token**: picks the token, confirms its server, asks for the username and the
 * password (used once, never stored), runs the pure flow of `rotate.ts` under a cancellable
 * progress notification, refreshes injected terminals and reports the outcome with a next step.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { redactSecrets } from '../gogs';
import type { TokenMeta } from '../keychain';
import { nameOf } from '../tokens/naming';
import { messageOf } from '../util/errors';
import { applicationsUrl, RotationContext } from './context';
import { ManualRevocationInfo, RotationError, RotationStepEvent, rotateToken } from './rotate';
import { RotateCommandResult, RotationActions, RotationCommandArgs } from './types';

/** The command's handler over `ctx`. */
export function rotateCommand(ctx: RotationContext): (arg?: unknown) => Promise<RotateCommandResult> {
  const { services, refreshInjection, openExternal, argsOf, target, hostOf, clientFor } = ctx;
  const { store, prompts, log } = services;
  const running = new Set<string>();
  const confirmDeleted = (id: string): Thenable<unknown> => vscode.commands.executeCommand(Commands.confirmTokenDeleted, id);

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

  return rotate;
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

