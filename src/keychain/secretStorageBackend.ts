import type * as vscode from 'vscode';
import { SecretBackend } from './types';

/**
 * {@link SecretBackend} over VS Code's `SecretStorage` (`ExtensionContext.secrets`). VS Code
 * encrypts the values with a key kept in the OS keychain (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux); in a browser/remote host the workbench keeps them.
 *
 * `fault`, when set (only by the test seam), makes the next calls throw, to prove that a failing
 * keychain leaves files untouched.
 */
export class SecretStorageBackend implements SecretBackend {
  /** Test seam: operations that throw `Error(fault.message)` while set. */
  fault?: { operations: ReadonlyArray<'get' | 'store' | 'delete'>; message: string };

  /**
   * @param name for messages: "VS Code SecretStorage", or "VS Code SecretStorage (this browser
   *   only)" in a browser workbench (code-server, vscode.dev), where it is the browser's storage
   */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly name: string = 'VS Code SecretStorage',
  ) {}

  async get(key: string): Promise<string | undefined> {
    this.maybeFail('get');
    return this.secrets.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.maybeFail('store');
    await this.secrets.store(key, value);
  }
  async delete(key: string): Promise<void> {
    this.maybeFail('delete');
    await this.secrets.delete(key);
  }

  private maybeFail(op: 'get' | 'store' | 'delete'): void {
    if (this.fault?.operations.includes(op)) throw new Error(this.fault.message);
  }
}
