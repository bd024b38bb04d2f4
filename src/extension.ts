import * as vscode from 'vscode';
import { Commands, OUTPUT_CHANNEL } from './constants';
import { registerEditor } from './editor';
import { registerInjection } from './inject';
import { sanitizeCause, TokenStore } from './keychain';
import { FaultInjectingBackend } from './keychain/faultInjecting';
import { registerMoveCommands } from './keychain/moveCommand';
import { openKeychain } from './keychain/open';
import { registerPanel } from './panel';
import { registerRotation } from './rotation';
import { registerGit } from './git';
import { Services } from './services';
import { createTestingApi, TestingApi } from './testing';
import { Prompts, ScriptedPrompts, windowPrompts } from './ui/prompts';
import { messageOf } from './util/errors';

/** What `activate()` returns: a testing seam, present only when the host runs our tests. */
export interface ExtensionApi {
  testing?: TestingApi;
}

/**
 * Composition root: builds every service once and registers every Disposable in
 * `context.subscriptions`. Stays fast (no network, no workspace-wide scan) and never throws
 * because a keychain is missing: each feature registers inside its own guard and a failure is
 * logged and shown as one clear message.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const startedAt = performance.now();
  const testMode = process.env.GOGS_KEY_HYGIENE_TEST === '1';
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showOutput, () => log.show()));

  const prompts: Prompts = testMode ? new ScriptedPrompts() : windowPrompts;
  const clock = { offsetMs: 0 };
  const keychain = openKeychain(context, openSecretStorage(context, log, prompts), log, prompts);
  // Host tests make the keychain fail through this wrapper; outside tests the store talks to the keychain directly.
  const faults = testMode ? new FaultInjectingBackend(keychain.secrets) : undefined;
  const store = new TokenStore(faults ?? keychain.secrets, keychain.metadata, () => new Date(Date.now() + clock.offsetMs));
  context.subscriptions.push(store);
  void keychain.ready.then(() => store.notifyBackendChanged());

  const services: Services = {
    context,
    store,
    keychain,
    log,
    prompts,
    testMode,
    now: () => new Date(Date.now() + clock.offsetMs),
  };

  /** Registers one feature inside its own guard: a failure is logged and shown, the others still start. */
  function start<T>(name: string, register: () => T): T | undefined {
    try {
      return register();
    } catch (err) {
      const detail = sanitizeCause(messageOf(err));
      log.error(`Could not start ${name}: ${detail}`);
      void prompts.showErrorMessage(`Gogs Key Hygiene: ${name} is unavailable (${detail}). Reload the window to try again; the log (Gogs Key Hygiene: Show Output) has details.`);
      return undefined;
    }
  }

  // Feature registrations, one line each; a feature that needs another gets its handle here.
  const editor = start('token detection in the editor', () => registerEditor(services));
  const panel = start('token panel', () => registerPanel(services));
  const injection = start('token injection', () => registerInjection(services));
  const rotation = start('token rotation', () => registerRotation(services, { refreshInjection: () => injection?.refresh() ?? Promise.resolve() }));
  start('git credentials', () => registerGit(services));
  start('moving tokens between stores', () => registerMoveCommands(services));

  const activationMs = performance.now() - startedAt;
  log.info(`Gogs Key Hygiene activated in ${activationMs.toFixed(0)} ms.`);
  if (!testMode) return {};
  return {
    testing: createTestingApi(services, {
      clock,
      faults: faults as FaultInjectingBackend,
      editor,
      panel: panel?.testing,
      inject: injection?.testing,
      rotation: rotation?.testing,
      activationMs,
    }),
  };
}

/**
 * `context.secrets`, or, when VS Code cannot give it (no keyring on Linux, a broken profile), a
 * stand-in whose every call fails with that cause: detection keeps working, and moving a token
 * to the keychain fails with a clear KeychainError instead of activation failing.
 */
function openSecretStorage(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, prompts: Prompts): vscode.SecretStorage {
  try {
    return context.secrets;
  } catch (err) {
    const detail = sanitizeCause(messageOf(err));
    log.error(`VS Code SecretStorage is not available: ${detail}`);
    void prompts.showErrorMessage(
      `Gogs Key Hygiene: VS Code SecretStorage (which VS Code keeps encrypted with a key in the OS keychain) is not available (${detail}). Tokens are still found in your files, but they cannot be moved to the keychain until it is: on Linux, install and unlock gnome-keyring or KWallet, then reload the window.`,
    );
    const fail = (): Promise<never> => Promise.reject(new Error(detail));
    return { get: fail, store: fail, delete: fail, keys: fail, onDidChange: () => ({ dispose: () => undefined }) } as unknown as vscode.SecretStorage;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
