/**
 * Quick-fix text planning (pure, no `vscode` import): which edits turn a literal Gogs token into a
 * reference to an environment variable in the file's own idiom, and which variable name to use.
 */
export { planReplacement, applyEdits, placeholderFor } from './replacement';
export type { ReferenceEdit, ReplacementPlan, ReplacementInput } from './replacement';
export { envVarNameFrom, isValidEnvVarName, ENV_VAR_NAME } from './envName';
export { dialectOf } from './dialect';
export type { Dialect } from './dialect';
