/**
 * **I Deleted It**: after the user deleted a replaced Gogs token in the web UI (Gogs has no API
 * for it), asks the server whether it still accepts the token (401 → forgotten) and removes it
 * from the keychain once it does not.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { GogsApiError, redactSecrets } from '../gogs';
import { nameOf } from '../tokens/naming';
import { messageOf } from '../util/errors';
import { applicationsUrl, RotationContext } from './context';
import { ConfirmDeletedResult, RotationActions } from './types';

/** The command's handler over `ctx`. */
export function confirmDeletedCommand(ctx: RotationContext): (arg?: unknown) => Promise<ConfirmDeletedResult> {
  const { services, openExternal, argsOf, target, hostOf, clientFor, readToken, forget } = ctx;
  const { prompts, log } = services;

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

  return confirmDeleted;
}
