/**
 * **Verify Token**: asks the token's confirmed server who owns the token (`GET /api/v1/user`,
 * gogs internal/route/api/v1/api.go), which the server records as a use of the token.
 */
import * as vscode from 'vscode';
import { GogsApiError, redactSecrets } from '../gogs';
import { nameOf } from '../tokens/naming';
import { messageOf } from '../util/errors';
import type { RotationContext } from './context';
import { RECORDED_AS_USE, RotationActions, VerifyCommandResult } from './types';

/** The command's handler over `ctx`. */
export function verifyCommand(ctx: RotationContext): (arg?: unknown) => Promise<VerifyCommandResult> {
  const { services, argsOf, target, hostOf, clientFor, readToken, forget } = ctx;
  const { store, prompts, log } = services;

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

  return verify;
}
