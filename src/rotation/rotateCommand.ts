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
  return new RotateCommand(ctx).rotate;
}

/** **Rotate Gogs Token** over one {@link RotationContext}; one rotation per token at a time. */
class RotateCommand {
  /** Ids of the tokens being rotated now. */
  private readonly running = new Set<string>();

  constructor(private readonly ctx: RotationContext) {}

  private get services(): RotationContext['services'] {
    return this.ctx.services;
  }
  private get store(): RotationContext['services']['store'] {
    return this.ctx.services.store;
  }
  private get prompts(): RotationContext['services']['prompts'] {
    return this.ctx.services.prompts;
  }
  private get log(): RotationContext['services']['log'] {
    return this.ctx.services.log;
  }
  private get refreshInjection(): RotationContext['refreshInjection'] {
    return this.ctx.refreshInjection;
  }
  private get openExternal(): RotationContext['openExternal'] {
    return this.ctx.openExternal;
  }
  private get argsOf(): RotationContext['argsOf'] {
    return this.ctx.argsOf;
  }
  private get target(): RotationContext['target'] {
    return this.ctx.target;
  }
  private get hostOf(): RotationContext['hostOf'] {
    return this.ctx.hostOf;
  }
  private get clientFor(): RotationContext['clientFor'] {
    return this.ctx.clientFor;
  }

  private readonly confirmDeleted = (id: string): Thenable<unknown> => vscode.commands.executeCommand(Commands.confirmTokenDeleted, id);


  readonly rotate = async (arg?: unknown): Promise<RotateCommandResult> => {
    const { id, args } = this.argsOf(arg);
    const meta = await this.target(id, (m) => m.state !== 'pending-revocation', 'this.rotate');
    if (!meta) return { status: id === undefined ? 'cancelled' : 'no-token' };
    if (meta.state === 'pending-revocation') {
      // Already replaced: what is left is deleting it on the server.
      const choice = await this.prompts.showInformationMessage(
        `${nameOf(meta)} was already replaced by a rotation and waits to be revoked on the server. Delete it there, then choose "${RotationActions.deleted}".`,
        RotationActions.openPage,
        RotationActions.deleted,
      );
      if (choice === RotationActions.openPage) {
        // A page where the user signs in: only on a server they confirmed.
        const host = await this.hostOf(meta, args);
        if (host) await this.openExternal(applicationsUrl(host));
      }
      if (choice === RotationActions.deleted) await this.confirmDeleted(meta.id);
      return { status: 'cancelled' };
    }
    if (this.running.has(meta.id)) {
      void this.prompts.showInformationMessage(`${nameOf(meta)} is being rotated already.`);
      return { status: 'busy' };
    }
    this.running.add(meta.id);
    try {
      return await this.rotateOne(meta, args);
    } finally {
      this.running.delete(meta.id);
    }
  };

  readonly rotateOne = async (meta: TokenMeta, args: RotationCommandArgs): Promise<RotateCommandResult> => {
    const host = await this.hostOf(meta, args);
    if (!host) return { status: 'cancelled' };
    const username =
      args.username ??
      (await this.prompts.showInputBox({
        title: `Rotate ${nameOf(meta)} (1/2)`,
        prompt: `Your username on ${host}. Creating a token needs the account's password, not a token.`,
        value: meta.username ?? '',
        ignoreFocusOut: true,
        validateInput: (t) => (!t.trim() ? 'Enter the username (or e-mail address) you sign in with.' : t.includes(':') ? 'A username cannot contain ":".' : undefined),
      }));
    if (username === undefined || !username.trim()) return { status: 'cancelled' };
    const password =
      args.password ??
      (await this.prompts.showInputBox({
        title: `Rotate ${nameOf(meta)} (2/2)`,
        prompt: `Password of ${username.trim()} on ${host}. Used once to create the new token; never stored.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (t) => (t ? undefined : 'Enter the password.'),
      }));
    if (!password) return { status: 'cancelled' };
    const secrets = [password, args.otp];

    const client = await this.clientFor(host);
    if (!client) return { status: 'failed', message: 'The connection settings cannot be used.', oldTokenIntact: true };

    const title = `Rotating ${nameOf(meta)} on ${host}`;
    this.log.info(`${title} on ${host} as ${username.trim()}.`);
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
            if (e.phase === 'failed') this.log.warn(`Rotation step "${e.step}" failed: ${line}`);
            else if (e.phase !== 'start') this.log.info(`Rotation step "${e.step}" ${e.phase}: ${line}`);
          };
          try {
            const result = await rotateToken(
              {
                client,
                store: this.store,
                refreshInjection: this.refreshInjection,
                confirmManualRevocation: (url, info) => {
                  progress.report({ message: 'Waiting for you to delete the old token in the web UI…' });
                  return this.askDeleted(meta, url, info, args, abort.signal);
                },
                askOtp: () => this.askOtp(host),
              },
              {
                tokenId: meta.id,
                label: meta.label,
                envVar: meta.envVar,
                host,
                username: username.trim(),
                password,
                otp: args.otp,
                now: this.services.now(),
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
        this.log.error(`Rotation of token …${meta.last4} stopped at "${err.step}" (${err.kind}): ${message}`);
        outcome = { status: 'failed', step: err.step, kind: err.kind, oldTokenIntact: err.oldTokenIntact, message };
      } else {
        this.log.error(`Rotation of token …${meta.last4} failed unexpectedly: ${message}`);
        outcome = { status: 'failed', message: `Rotation failed: ${message}` };
      }
    } finally {
      await client.close().catch(() => undefined);
    }

    this.report(meta, host, outcome);
    return outcome;
  };

  /** Tells the user how a rotation ended; follow-up buttons run later (not awaited). */
  readonly report = (meta: TokenMeta, host: string, r: RotateCommandResult): void => {
    if (r.status === 'rotated') {
      void this.prompts.showInformationMessage(r.message);
    } else if (r.status === 'pending-revocation') {
      void this.prompts.showWarningMessage(r.message, RotationActions.openPage, RotationActions.deleted).then(async (c) => {
        if (c === RotationActions.openPage) await this.openExternal(applicationsUrl(host));
        if (c === RotationActions.deleted) await vscode.commands.executeCommand(Commands.confirmTokenDeleted, r.oldTokenId);
      });
    } else if (r.status === 'failed' && r.kind === 'cancelled') {
      void this.prompts.showInformationMessage(r.message);
    } else if (r.status === 'failed') {
      void this.prompts.showErrorMessage(r.message, RotationActions.tryAgain, RotationActions.showOutput).then(async (c) => {
        if (c === RotationActions.showOutput) this.log.show();
        if (c === RotationActions.tryAgain && this.store.meta(meta.id)) await vscode.commands.executeCommand(Commands.rotateToken, meta.id);
      });
    }
  };

  /**
   * Gogs has no API to delete a token: opens the applications page (first attempt) and asks for
   * "I Deleted It". Resolves `false` on "Later", a dismissed notification, or Cancel on the progress.
   */
  readonly askDeleted = async (meta: TokenMeta, url: string, info: ManualRevocationInfo, args: RotationCommandArgs, signal: AbortSignal): Promise<boolean> => {
    const which = info.oldTokenName ? `"${info.oldTokenName}" (…${meta.last4})` : `the old token (…${meta.last4})`;
    if (info.attempt === 1) await this.openExternal(url);
    if (args.confirmDeleted !== undefined) return args.confirmDeleted;
    for (;;) {
      const text = info.stillAccepted
        ? `The server still accepts ${which}. Delete it at ${url}, then choose "${RotationActions.deleted}" again.`
        : `Gogs has no API to delete tokens: delete ${which} on the page just opened (${url}), then choose "${RotationActions.deleted}". The new token is already stored and in use; until then the old one stays stored as "pending revocation".`;
      const ask = (info.stillAccepted ? this.prompts.showWarningMessage(text, RotationActions.deleted, RotationActions.openPage, RotationActions.later) : this.prompts.showInformationMessage(text, RotationActions.deleted, RotationActions.openPage, RotationActions.later));
      const choice = await raceAbort(Promise.resolve(ask), signal);
      if (choice === RotationActions.openPage) {
        await this.openExternal(url);
        continue;
      }
      return choice === RotationActions.deleted;
    }
  };

  readonly askOtp = async (host: string): Promise<string | undefined> => {
    const code = await this.prompts.showInputBox({
      title: 'Two-Factor Authentication',
      prompt: `One-time code for your account on ${host} (from your authenticator app)`,
      ignoreFocusOut: true,
      validateInput: (t) => (/^\s*\d{6,8}\s*$/.test(t) || !t.trim() ? undefined : 'Enter the 6–8 digit code.'),
    });
    return code?.trim() || undefined;
  };
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

