/** What the store was doing when the keychain failed. */
export type KeychainOperation = 'write' | 'read-back' | 'read' | 'delete' | 'metadata';

const HEX_RUN = /[0-9a-fA-F]{16,}/g;

/**
 * Removes anything that could be (part of) a secret from a backend's error text: the value
 * itself and every long hex run. Used so that a keychain error message never carries a token.
 */
export function sanitizeCause(text: string, secret?: string): string {
  let out = text;
  if (secret) out = out.split(secret).join('****');
  return out.replace(HEX_RUN, '****');
}

/**
 * A keychain (secret backend) failure, with a message that names the cause and what to do.
 * Never contains the token value: the backend's own error text is sanitized with
 * {@link sanitizeCause} before it is used.
 */
export class KeychainError extends Error {
  override readonly name = 'KeychainError';

  constructor(
    readonly operation: KeychainOperation,
    readonly backend: string,
    cause: unknown,
    secret?: string,
  ) {
    super(KeychainError.describe(operation, backend, cause, secret));
  }

  private static describe(op: KeychainOperation, backend: string, cause: unknown, secret?: string): string {
    const raw = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
    const detail = raw ? ` (${sanitizeCause(raw, secret)})` : '';
    const what: Record<KeychainOperation, string> = {
      write: `Could not save the token in the ${backend}${detail}.`,
      'read-back': `The ${backend} did not return the token just saved${detail}.`,
      read: `Could not read the token from the ${backend}${detail}.`,
      delete: `Could not delete the token from the ${backend}${detail}.`,
      metadata: `Could not save the token's details (kept beside the ${backend})${detail}.`,
    };
    const fix =
      ' Nothing in your files was changed. Make sure your OS keychain is available and unlocked' +
      ' (on Linux: a Secret Service provider such as gnome-keyring or KWallet must be running and unlocked;' +
      ' see "Troubleshooting keychain issues" in the VS Code docs), then try again.';
    return what[op] + fix;
  }
}
