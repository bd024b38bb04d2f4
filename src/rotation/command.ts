/**
 * The VS Code side of token rotation: the commands **Rotate Gogs Token**, **Verify Token** and
 * **I Deleted It** (forget a replaced token once the server rejects it), one module each
 * (`rotateCommand.ts`, `verifyCommand.ts`, `confirmDeletedCommand.ts`) over the pieces they share
 * (`context.ts`); the pure flow is `rotate.ts`.
 *
 * The password (and a 2FA code) lives only in local variables of one run: it is never stored,
 * logged, put in a setting, a message or a command line.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Services } from '../services';
import { currentClientOptions } from './clientFactory';
import { confirmDeletedCommand } from './confirmDeletedCommand';
import { createRotationContext } from './context';
import { rotateCommand } from './rotateCommand';
import type { RotationTestHooks } from './types';
import { verifyCommand } from './verifyCommand';

/** What the root needs of other features. */
export interface RotationDependencies {
  /** Re-applies injected terminal environments after a rotation stored a new value (the injection feature's). */
  refreshInjection(): Promise<void>;
}

/** The rotation feature's handle, wired by `src/extension.ts`. */
export interface RotationFeature {
  /** Test hooks (opened URLs, a stand-in browser, effective client options). */
  readonly testing: RotationTestHooks;
}

/**
 * Registers **Rotate Gogs Token**, **Verify Token** and **I Deleted It**. Every Disposable goes
 * to `services.context.subscriptions`.
 */
export function registerRotation(services: Services, deps: RotationDependencies): RotationFeature {
  const ctx = createRotationContext(services, deps.refreshInjection, services.testMode);
  services.context.subscriptions.push(
    vscode.commands.registerCommand(Commands.rotateToken, rotateCommand(ctx)),
    vscode.commands.registerCommand(Commands.verifyToken, verifyCommand(ctx)),
    vscode.commands.registerCommand(Commands.confirmTokenDeleted, confirmDeletedCommand(ctx)),
  );
  return {
    testing: {
      openedUrls: ctx.openedUrls,
      setOpenExternal: (fn) => ctx.setOpenOverride(fn),
      async clientOptions() {
        const { ca, fetch: _f, ...rest } = await currentClientOptions();
        return ca === undefined ? rest : { ...rest, caLength: ca.length };
      },
    },
  };
}
