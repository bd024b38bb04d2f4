import type * as vscode from 'vscode';
import type { TokenStore } from './keychain';
import type { Keychain } from './keychain/open';
import type { Prompts } from './ui/prompts';

/**
 * The services built once by `activate()` and handed to every feature module
 * (`register…(services)` functions). Features own their Disposables by pushing them to
 * `context.subscriptions`, and return a handle (what the root wires to other features and to the
 * test seam) when they have one.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Stored tokens (values in the OS keychain or SecretStorage; see `keychain`). */
  readonly store: TokenStore;
  /** Which store is in use, and both stores (for moving tokens between them). */
  readonly keychain: Keychain;
  /** Log output channel. Never log a token value; at most its last 4 characters. */
  readonly log: vscode.LogOutputChannel;
  /** Prompts and notifications (scripted in host tests). */
  readonly prompts: Prompts;
  /**
   * The host test runner started this window (`GOGS_KEY_HYGIENE_TEST=1`, read once by
   * `activate()`): prompts are scripted, the browser is not opened, unprompted reminders wait.
   */
  readonly testMode: boolean;
  /** Current time; replaced by host tests to age tokens. */
  now(): Date;
}
