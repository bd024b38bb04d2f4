/**
 * Injection feature: terminals, new-terminal environment, the `${command:gogsKeyHygiene.tokenValue}`
 * variable and the `gogs-token` task type. `registerInjection(services)` is the feature's entry
 * in `src/extension.ts`; `refreshInjection()` is what the rotation feature calls after a token
 * changed.
 */
import * as vscode from 'vscode';
import { Commands, TASK_TYPE_GOGS_TOKEN } from '../constants';
import type { Services } from '../services';
import { InjectionController, InjectionTesting } from './controller';

export { InjectionController, refOf } from './controller';
export type { GogsTokenTaskDefinition, InjectionTesting } from './controller';
export { maskAll, maskedForm, StreamMasker } from './mask';
export { TOKEN_VARIABLE, TOKEN_VALUE_COMMAND } from './approvals';

let current: InjectionController | undefined;

/**
 * Registers the injection commands, the `gogs-token` task provider and the controller; every
 * Disposable goes to `services.context.subscriptions`.
 */
export function registerInjection(services: Services): void {
  const c = new InjectionController(services);
  current = c;
  const sub = services.context.subscriptions;
  sub.push(
    c,
    { dispose: () => void (current === c && (current = undefined)) },
    vscode.commands.registerCommand(Commands.openTerminal, (ref?: unknown) => c.openTerminal(ref)),
    vscode.commands.registerCommand(Commands.startInjection, (ref?: unknown) => c.startInjection(ref)),
    vscode.commands.registerCommand(Commands.stopInjection, () => c.stopInjection('user')),
    vscode.commands.registerCommand(Commands.tokenValue, (arg?: unknown) => c.tokenValue(arg)),
    vscode.commands.registerCommand(Commands.forgetTaskApprovals, () => c.forgetApprovals()),
    vscode.tasks.registerTaskProvider(TASK_TYPE_GOGS_TOKEN, c),
  );
}

/**
 * Re-applies the environment injected into new terminals with the tokens' current values (call
 * it after a rotation stored a new token under the same env var). A no-op while injection is off
 * or before the feature is registered. Never throws.
 * @returns when the new values are in place
 */
export async function refreshInjection(): Promise<void> {
  await current?.refreshInjection().catch(() => undefined);
}

/** The injection test hooks, once the feature is registered (the testing API exposes them). */
export function injectionTesting(): InjectionTesting | undefined {
  return current?.testing;
}
