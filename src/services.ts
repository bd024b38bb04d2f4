import type * as vscode from 'vscode';
import type { TokenStore } from './keychain';
import type { Keychain } from './keychain/open';
import type { SwitchableSecretBackend } from './keychain/selection';
import type { Prompts } from './ui/prompts';

/**
 * The services built once by `activate()` and handed to every feature module
 * (`register…(services)` functions). Features own their Disposables by pushing them to
 * `context.subscriptions`.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Stored tokens (values in the OS keychain or SecretStorage; see `keychain`). */
  readonly store: TokenStore;
  /** The secret backend behind `store` (exposed for the test seam's fault switch). */
  readonly secrets: SwitchableSecretBackend;
  /** Which store is in use, and both stores (for moving tokens between them). */
  readonly keychain: Keychain;
  /** Log output channel. Never log a token value; at most its last 4 characters. */
  readonly log: vscode.LogOutputChannel;
  /** Prompts and notifications (scripted in host tests). */
  readonly prompts: Prompts;
  /** Current time; replaced by host tests to age tokens. */
  now(): Date;
}
