/**
 * A {@link SecretBackend} wrapper that fails chosen operations on demand: the host tests' way to
 * prove that a failing keychain (locked, no daemon, a write that does not read back) leaves files
 * untouched and the old token working. Built only in test mode, by the composition root, around
 * the backend the token store uses; production code never sees it. PURE: no `vscode` import.
 */
import type { SecretBackend } from './types';

/** Operations a fault can target. */
export type SecretOperation = 'get' | 'store' | 'delete';

/** A fault: the listed operations throw `Error(message)` while it is set. */
export interface SecretFault {
  operations: ReadonlyArray<SecretOperation>;
  message: string;
}

/** Forwards every call to `inner` unless {@link fault} names the operation. */
export class FaultInjectingBackend implements SecretBackend {
  /** The fault in force, or `undefined` (every call forwarded). */
  fault: SecretFault | undefined;

  constructor(private readonly inner: SecretBackend) {}

  get name(): string {
    return this.inner.name;
  }
  get keying(): 'id' | 'account' {
    return this.inner.keying ?? 'id';
  }

  async get(key: string): Promise<string | undefined> {
    this.maybeFail('get');
    return this.inner.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.maybeFail('store');
    await this.inner.store(key, value);
  }
  async delete(key: string): Promise<void> {
    this.maybeFail('delete');
    await this.inner.delete(key);
  }

  private maybeFail(op: SecretOperation): void {
    if (this.fault?.operations.includes(op)) throw new Error(this.fault.message);
  }
}
