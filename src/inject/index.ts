/**
 * Injection feature: terminals, new-terminal environment, the `${command:gogsKeyHygiene.tokenValue}`
 * variable and the `gogs-token` task type. `registerInjection(services)` is the feature's entry
 * in `src/extension.ts`; its handle's `refresh()` is what the rotation feature calls after a
 * token changed (wired in the root).
 */
import * as vscode from 'vscode';
import { Commands, TASK_TYPE_GOGS_TOKEN } from '../constants';
import type { Services } from '../services';
import { InjectionController, type InjectionTesting } from './controller';

export { InjectionController } from './controller';
export type { GogsTokenTaskDefinition, InjectionTesting } from './controller';
export { maskAll, maskedForm, StreamMasker } from './mask';
export { TOKEN_VARIABLE, TOKEN_VALUE_COMMAND } from './approvals';

/** The injection feature's handle, wired by `src/extension.ts`. */
export interface InjectionFeature {
  /**
   * Re-applies the environment injected into new terminals with the tokens' current values (what
   * rotation calls after it stored a new token under the same env var). A no-op while injection
   * is off. Never rejects.
   */
  refresh(): Promise<void>;
  /** Test hooks (trust override, task output capture). */
  readonly testing: InjectionTesting;
}

/**
 * Registers the injection commands, the `gogs-token` task provider and the controller; every
 * Disposable goes to `services.context.subscriptions`.
 */
export function registerInjection(services: Services): InjectionFeature {
  const c = new InjectionController(services);
  services.context.subscriptions.push(
    c,
    vscode.commands.registerCommand(Commands.openTerminal, (ref?: unknown) => c.openTerminal(ref)),
    vscode.commands.registerCommand(Commands.startInjection, (ref?: unknown) => c.startInjection(ref)),
    vscode.commands.registerCommand(Commands.stopInjection, () => c.stopInjection('user')),
    vscode.commands.registerCommand(Commands.tokenValue, (arg?: unknown) => c.tokenValue(arg)),
    vscode.commands.registerCommand(Commands.forgetTaskApprovals, () => c.forgetApprovals()),
    vscode.tasks.registerTaskProvider(TASK_TYPE_GOGS_TOKEN, c),
  );
  return { refresh: () => c.refreshInjection().catch(() => undefined), testing: c.testing };
}
