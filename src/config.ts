import * as vscode from 'vscode';
import { Settings } from './constants';

/** Severity names accepted by the `gogsKeyHygiene.severity` setting. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** Typed view of the `gogsKeyHygiene.*` settings for one resource (read per document, never cached). */
export interface DetectionConfig {
  /** `gogsKeyHygiene.enable`: check documents at all. */
  enable: boolean;
  /** `gogsKeyHygiene.severity`: severity of the diagnostics. */
  severity: vscode.DiagnosticSeverity;
  /** `gogsKeyHygiene.debounceMs`: delay between the last edit and the check, in ms (0–5000). */
  debounceMs: number;
  /** `gogsKeyHygiene.exclude`: minimatch globs relative to the workspace folder. */
  exclude: string[];
  /** `gogsKeyHygiene.maxFileSizeKB` × 1024: size cap for checking a document, in bytes (0 = no cap). */
  maxBytes: number;
  /** `gogsKeyHygiene.ignoredFingerprints`: SHA-256 hex of tokens never reported. */
  ignoredFingerprints: string[];
  /** `gogsKeyHygiene.scan.useGitignore`: the workspace scan skips files `.gitignore` excludes. */
  scanUseGitignore: boolean;
  /** `gogsKeyHygiene.errorInTrackedFiles`: Error severity in files tracked by git. */
  errorInTrackedFiles: boolean;
}

const SEVERITIES: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Reads the settings that apply to `resource` (a document or folder URI). */
export function detectionConfig(resource?: vscode.Uri): DetectionConfig {
  const c = vscode.workspace.getConfiguration(Settings.section, resource);
  const num = (key: string, fallback: number, min: number, max: number): number => {
    const v = c.get<number>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
  };
  const strings = (key: string): string[] => (c.get<unknown[]>(key, []) ?? []).filter((x): x is string => typeof x === 'string');
  return {
    enable: c.get<boolean>(Settings.enable, true),
    severity: SEVERITIES[c.get<SeverityName>(Settings.severity, 'warning')] ?? vscode.DiagnosticSeverity.Warning,
    debounceMs: num(Settings.debounceMs, 200, 0, 5000),
    exclude: strings(Settings.exclude),
    maxBytes: num(Settings.maxFileSizeKB, 1024, 0, 1024 * 1024) * 1024,
    ignoredFingerprints: strings(Settings.ignoredFingerprints).map((s) => s.toLowerCase()),
    scanUseGitignore: c.get<boolean>(Settings.scanUseGitignore, true),
    errorInTrackedFiles: c.get<boolean>(Settings.errorInTrackedFiles, true),
  };
}

/** True when a configuration change touches our section for `resource` (or at all). */
export function affectsUs(e: vscode.ConfigurationChangeEvent, resource?: vscode.Uri): boolean {
  return e.affectsConfiguration(Settings.section, resource);
}
