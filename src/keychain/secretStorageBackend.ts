import type * as vscode from 'vscode';
import { SecretBackend } from './types';

/**
 * {@link SecretBackend} over VS Code's `SecretStorage` (`ExtensionContext.secrets`). VS Code
 * encrypts the values with a key kept in the OS keychain (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux); in a browser/remote host the workbench keeps them.
 */
export class SecretStorageBackend implements SecretBackend {

  /**
   * @param name for messages: "VS Code SecretStorage", or "VS Code SecretStorage (this browser
   *   only)" in a browser workbench (code-server, vscode.dev), where it is the browser's storage
   */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly name: string = 'VS Code SecretStorage',
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
  }
  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
  }
}
