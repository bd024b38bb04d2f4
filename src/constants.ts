/**
 * Every id the extension contributes or reads: commands, settings, views, context keys,
 * diagnostic source. One namespace: `gogsKeyHygiene`. Keep in sync with package.json `contributes`
 * (a unit test checks that every command and setting named here is declared there).
 */

/** Namespace prefix of every id. */
export const NS = 'gogsKeyHygiene';

/** Human-facing extension name; also the diagnostic `source`. */
export const DISPLAY_NAME = 'Gogs Key Hygiene';

/** `source` of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = DISPLAY_NAME;

/** Command ids (`contributes.commands`). */
export const Commands = {
  scanWorkspace: `${NS}.scanWorkspace`,
  moveToKeychain: `${NS}.moveToKeychain`,
  ignoreLine: `${NS}.ignoreLine`,
  ignoreTokenEverywhere: `${NS}.ignoreTokenEverywhere`,
  showOutput: `${NS}.showOutput`,
} as const;

/** Setting keys, relative to the `gogsKeyHygiene` section. */
export const Settings = {
  section: NS,
} as const;

/** Output channel name (log output; never a token value). */
export const OUTPUT_CHANNEL = DISPLAY_NAME;
