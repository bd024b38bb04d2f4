import type * as vscode from 'vscode';
import type { SecretStorageBackend, TokenStore } from './keychain';
import type { Prompts } from './ui/prompts';

/**
 * The services built once by `activate()` and handed to every feature module
 * (`register…(services)` functions). Features own their Disposables by pushing them to
 * `context.subscriptions`.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** Stored tokens (values in SecretStorage, metadata in globalState). */
  readonly store: TokenStore;
  /** The SecretStorage adapter behind `store` (exposed for the test seam's fault switch). */
  readonly secrets: SecretStorageBackend;
  /** Log output channel. Never log a token value; at most its last 4 characters. */
  readonly log: vscode.LogOutputChannel;
  /** Prompts and notifications (scripted in host tests). */
  readonly prompts: Prompts;
  /** Current time; replaced by host tests to age tokens. */
  now(): Date;
}
