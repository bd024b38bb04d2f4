/**
 * What the rotation commands take and answer (host tests, the reminder and other features call
 * them with these shapes), and the labels of their buttons. Never holds a secret.
 */
import type { ClientOptions } from '../gogs';
import type { RotationResult, RotationStep } from './rotate';

/**
 * Arguments of the commands. Menus pass the tree element (the token id, a string); the reminder
 * passes the id; a `TreeItem` carries `id`. Host tests pass this object to drive a command
 * without prompts: every field given replaces the matching prompt.
 */
export interface RotationCommandArgs {
  /** Store id of the token. */
  tokenId?: string;
  /** Same as `tokenId` (what a `TreeItem` carries). */
  id?: string;
  /**
   * Server base URL to prefill the server prompt with, when the token has no confirmed host yet.
   * It never replaces the prompt: only the user confirms where a token or password is sent.
   */
  serverUrl?: string;
  /** Account name (default: asked, prefilled with the token's recorded username). */
  username?: string;
  /** Account password (default: asked in a password box). Used once; never stored. */
  password?: string;
  /** Gitea/Forgejo 2FA code. */
  otp?: string;
  /**
   * Gogs: the answer to "I Deleted It" instead of asking (`true`: the user says they deleted the
   * old token in the web UI; `false`: later). The applications page is opened either way.
   */
  confirmDeleted?: boolean;
}

/** What **Rotate Gogs Token** resolves with (for the reminder, tests and other callers). Never holds a secret. */
export type RotateCommandResult =
  | {
      status: 'rotated' | 'pending-revocation';
      oldTokenId: string;
      newTokenId: string;
      newTokenName: string;
      login: string;
      flavor: RotationResult['flavor'];
      oldTokenForgotten: boolean;
      message: string;
    }
  | { status: 'failed'; step?: RotationStep; kind?: string; oldTokenIntact?: boolean; message: string }
  | { status: 'cancelled' | 'no-token' | 'busy' };

/** What **Verify Token** resolves with. */
export type VerifyCommandResult =
  | { status: 'ok'; login: string; fullName?: string }
  | { status: 'rejected' | 'limited-scope' }
  | { status: 'failed'; kind?: string; message: string }
  | { status: 'cancelled' | 'no-token' };

/** What **I Deleted It** resolves with. */
export type ConfirmDeletedResult =
  | { status: 'forgotten' | 'still-accepted' | 'not-pending' }
  | { status: 'failed'; kind?: string; message: string }
  | { status: 'cancelled' | 'no-token' };

/** Button labels (also what host tests answer). */
export const RotationActions = {
  deleted: 'I Deleted It',
  openPage: 'Open Applications Page',
  later: 'Later',
  tryAgain: 'Try Again',
  showOutput: 'Show Output',
  forget: 'Forget It',
} as const;

/** Note shown with every liveness check: Gogs updates the token's "last used" time on any authenticated call. */
export const RECORDED_AS_USE = 'The server records this check as a use of the token.';

/** Hooks host tests use (exposed through `api.testing.rotation`). */
export interface RotationTestHooks {
  /** URLs the feature opened (or, in tests, would have opened) in the browser, in order. */
  readonly openedUrls: string[];
  /**
   * Replaces the browser: called instead of `vscode.env.openExternal` with each URL (`undefined`
   * restores the default, which in test mode only records the URL). A test plays the user here,
   * e.g. deletes the old token on the fake server when the applications page is "opened".
   */
  setOpenExternal(fn: ((url: string) => void | Promise<void>) | undefined): void;
  /** The client options the settings give now (`ca` reduced to its length in characters). */
  clientOptions(): Promise<Omit<ClientOptions, 'ca' | 'fetch'> & { caLength?: number }>;
}
