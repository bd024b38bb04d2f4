/**
 * Token rotation: the pure flow (`rotate.ts`), the settings → client options mapping
 * (`clientOptions.ts`, `clientFactory.ts`) and the commands **Rotate Gogs Token**, **Verify Token**
 * and **I Deleted It** (`command.ts`). Entry point: {@link registerRotation} (one line in
 * src/extension.ts).
 */
export { registerRotation, rotationFor, RotationActions, RECORDED_AS_USE } from './command';
export type { ConfirmDeletedResult, RotateCommandResult, RotationCommandArgs, RotationTestHooks, VerifyCommandResult } from './command';
export { clientOptionsFrom, HttpSettingsError } from './clientOptions';
export type { HttpSettings } from './clientOptions';
export { rotateToken, RotationError, ROTATION_STEPS, STEP_TITLES } from './rotate';
