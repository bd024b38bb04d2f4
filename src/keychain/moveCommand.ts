import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Services } from '../services';
import { moveAllTokens } from './move';
import { TokenStore } from './tokenStore';

/**
 * Commands **Move Stored Tokens to the OS Keychain** and **Move Stored Tokens to VS Code
 * SecretStorage**: move every token (see `moveAllTokens`), then make the target the store in use
 * for this window. For later windows: `auto` picks the OS keychain once SecretStorage is empty;
 * after moving back, `auto` keeps SecretStorage while it holds tokens.
 */
export function registerMoveCommands(services: Services): void {
  const { context, keychain, prompts, store, log } = services;
  const run = async (toOs: boolean): Promise<boolean> => {
    await keychain.ready;
    if (!keychain.os) {
      await prompts.showErrorMessage(`Gogs Key Hygiene: the OS keychain is not available here (${keychain.keytar.error ?? 'no native module'}).`);
      return false;
    }
    const ss = new TokenStore(keychain.secretStorage, context.globalState);
    const os = new TokenStore(keychain.os, keychain.file);
    const [from, to] = toOs ? [ss, os] : [os, ss];
    if (!from.list().length) {
      void prompts.showInformationMessage(`Gogs Key Hygiene: no token is stored in the ${from.backendName}.`);
      return true;
    }
    const report = await moveAllTokens(from, to);
    keychain.secrets.setTarget(toOs ? keychain.os : keychain.secretStorage);
    keychain.metadata.setTarget(toOs ? keychain.file : context.globalState);
    store.notifyBackendChanged();
    log.info(`Moved ${report.moved.length} token(s) to the ${to.backendName}; ${report.left.length} left in the ${from.backendName}.`);
    if (report.left.length) {
      await prompts.showErrorMessage(
        `Gogs Key Hygiene: moved ${report.moved.length} token(s) to the ${to.backendName}; ${report.left.map((l) => l.envVar).join(', ')} stayed in the ${from.backendName} (${report.left[0].reason}). Nothing was lost; fix the cause and run the command again.`,
      );
      return false;
    }
    void prompts.showInformationMessage(`Gogs Key Hygiene: moved ${report.moved.join(', ')} to the ${to.backendName}.`);
    return true;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.moveTokensToOsKeychain, () => run(true)),
    vscode.commands.registerCommand(Commands.moveTokensToSecretStorage, () => run(false)),
  );
}
