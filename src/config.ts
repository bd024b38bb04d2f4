import * as vscode from 'vscode';
import { readAutoStopMinutes, readDetectionSettings, SettingOrigin, SeverityName, SettingsSource, userValue } from './configPolicy';
import { Settings } from './constants';

export type { SeverityName } from './configPolicy';

/**
 * Typed view of the `gogsKeyHygiene.*` detection settings for one resource (read per document,
 * never cached). The safety knobs come from the user's settings only (src/configPolicy.ts).
 */
export interface DetectionConfig {
  /** `gogsKeyHygiene.enable`: check documents at all (user settings only). */
  enable: boolean;
  /** `gogsKeyHygiene.severity`: severity of the diagnostics (user settings only). */
  severity: vscode.DiagnosticSeverity;
  /** `gogsKeyHygiene.debounceMs`: delay between the last edit and the check, in ms (0–5000). */
  debounceMs: number;
  /** `gogsKeyHygiene.exclude`: minimatch globs relative to the workspace folder. */
  exclude: string[];
  /** Which settings scope `exclude` comes from (a workspace's globs are announced). */
  excludeOrigin: SettingOrigin;
  /** `gogsKeyHygiene.maxFileSizeKB` × 1024: size cap for checking a document, in bytes (0 = no cap; user settings only). */
  maxBytes: number;
  /** `gogsKeyHygiene.ignoredFingerprints`: SHA-256 hex of tokens never reported (user settings only). */
  ignoredFingerprints: string[];
  /** `gogsKeyHygiene.scan.useGitignore`: the workspace scan skips files `.gitignore` excludes (user settings only). */
  scanUseGitignore: boolean;
  /** `gogsKeyHygiene.scan.maxFileSizeKB` × 1024: the workspace scan's size cap in bytes (0 = no cap; user settings only). */
  scanMaxBytes: number;
  /** `gogsKeyHygiene.errorInTrackedFiles`: Error severity in files tracked by git (user settings only). */
  errorInTrackedFiles: boolean;
}

const SEVERITIES: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The `gogsKeyHygiene` section for `resource`, as the pure readers take it. */
export function ourSettings(resource?: vscode.Uri): SettingsSource {
  return vscode.workspace.getConfiguration(Settings.section, resource);
}

/** Reads the settings that apply to `resource` (a document or folder URI). */
export function detectionConfig(resource?: vscode.Uri): DetectionConfig {
  const s = readDetectionSettings(ourSettings(resource));
  return { ...s, severity: SEVERITIES[s.severity] ?? vscode.DiagnosticSeverity.Warning };
}

/** `gogsKeyHygiene.injection.autoStopMinutes` from the user's settings (minutes ≥ 0; 0 = never). */
export function injectionAutoStopMinutes(): number {
  return readAutoStopMinutes(ourSettings());
}

/** The user's value of one of our settings (see {@link userValue}); workspace values are ignored. */
export function userSetting<T>(key: string, valid: (v: unknown) => v is T, fallback: T): T {
  return userValue(ourSettings(), key, valid, fallback);
}

/** True when a configuration change touches our section for `resource` (or at all). */
export function affectsUs(e: vscode.ConfigurationChangeEvent, resource?: vscode.Uri): boolean {
  return e.affectsConfiguration(Settings.section, resource);
}
