/**
 * Token rotation: the pure flow (`rotate.ts`), the settings → client options mapping
 * (`clientOptions.ts`, `clientFactory.ts`) and the commands **Rotate Gogs Token**, **Verify Token**
 * and **I Deleted It** (`command.ts`). Entry point: {@link registerRotation} (one line in
 * src/extension.ts).
 */
export { registerRotation } from './command';
export type { RotationDependencies, RotationFeature } from './command';
export { RotationActions, RECORDED_AS_USE } from './types';
export type { ConfirmDeletedResult, RotateCommandResult, RotationCommandArgs, RotationTestHooks, VerifyCommandResult } from './types';
export { clientOptionsFrom, HttpSettingsError } from './clientOptions';
export type { HttpSettings } from './clientOptions';
export { rotateToken, RotationError, ROTATION_STEPS, STEP_TITLES } from './rotate';
