import * as vscode from 'vscode';
import { Commands, OUTPUT_CHANNEL } from './constants';

/**
 * Composition root: builds every service once and registers every Disposable in
 * `context.subscriptions`. Must stay fast (no network, no workspace-wide scan) and must never
 * throw because a keychain is missing.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => log.show()),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
