/**
 * Which of the extension's settings a workspace may set, and how they are read. Pure (no `vscode`
 * import): it works on anything shaped like `vscode.WorkspaceConfiguration`, so unit tests feed it
 * a fake configuration.
 *
 * A cloned repository's `.vscode/settings.json` (or a `.code-workspace` file) is workspace content:
 * it must not switch the safety features off. So:
 * - the safety knobs ({@link USER_ONLY_SETTINGS}) are `"scope": "machine"` in package.json (VS Code
 *   then ignores workspace and folder values, and greys them out in the settings editor), and are
 *   read here from the user value only (`inspect().globalValue`, else the default), whatever VS Code
 *   hands over;
 * - `gogsKeyHygiene.exclude` stays per folder (fixtures need it), but a workspace or folder value is
 *   announced ({@link workspaceOverrides}) and named in the status bar of a file it keeps unchecked;
 * - the remaining settings (`debounceMs`, `http.timeoutMs`) cannot weaken anything and follow the
 *   usual layering.
 */
import { NS, Settings } from './constants';

/** The subset of `vscode.WorkspaceConfiguration.inspect()`'s answer read here. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** A configuration section (`gogsKeyHygiene`) as read here; `vscode.WorkspaceConfiguration` satisfies it. */
export interface SettingsSource {
  /** The effective value (most specific scope wins), as `WorkspaceConfiguration.get`. */
  get<T>(key: string): T | undefined;
  /** The value of each scope, as `WorkspaceConfiguration.inspect`. */
  inspect<T>(key: string): InspectedSetting<T> | undefined;
}

/**
 * Settings only the user's own settings (user, or remote-machine settings in a remote window) can
 * set: `"scope": "machine"` in package.json (a unit test checks it) and read with {@link userValue}.
 * Each one would weaken protection if a workspace could set it: detection on/off, severity, size
 * caps, ignored tokens, the git-tracked Error, rotation reminders, the injection auto-stop, and the
 * connection's trust settings.
 */
export const USER_ONLY_SETTINGS: readonly string[] = [
  Settings.enable,
  Settings.severity,
  Settings.maxFileSizeKB,
  Settings.ignoredFingerprints,
  Settings.scanUseGitignore,
  Settings.scanMaxFileSizeKB,
  Settings.errorInTrackedFiles,
  Settings.maxAgeDays,
  Settings.remindDaysBefore,
  Settings.injectionAutoStopMinutes,
  Settings.httpAllowInsecureHttp,
  Settings.httpCaCertificates,
];

/**
 * The user's value of `key` (`globalValue`) when `valid`, else the contributed default when
 * `valid`, else `fallback`. Workspace and folder values are never used.
 */
export function userValue<T>(src: SettingsSource, key: string, valid: (v: unknown) => v is T, fallback: T): T {
  const i = src.inspect<unknown>(key);
  if (i && valid(i.globalValue)) return i.globalValue;
  if (i && valid(i.defaultValue)) return i.defaultValue;
  return fallback;
}

/** Type guard: a boolean. */
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
/** Type guard: a finite number. */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Type guard: an array (its items are filtered by the caller). */
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

/** Severity names accepted by `gogsKeyHygiene.severity`. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
const SEVERITY_NAMES: readonly string[] = ['error', 'warning', 'information', 'hint'];
const isSeverityName = (v: unknown): v is SeverityName => typeof v === 'string' && SEVERITY_NAMES.includes(v);

/** Where the effective value of a layered setting comes from. */
export type SettingOrigin = 'default' | 'user' | 'workspace' | 'workspaceFolder';

/** The detection settings for one resource, editor-independent (see `detectionConfig` in config.ts). */
export interface DetectionSettings {
  /** `enable` (user only). */
  enable: boolean;
  /** `severity` (user only). */
  severity: SeverityName;
  /** `debounceMs`, clamped to 0–5000 ms. */
  debounceMs: number;
  /** `exclude`: minimatch globs relative to the workspace folder (most specific scope wins). */
  exclude: string[];
  /** Which scope `exclude` comes from. */
  excludeOrigin: SettingOrigin;
  /** `maxFileSizeKB` × 1024 (user only), bytes; 0 = no cap. */
  maxBytes: number;
  /** `ignoredFingerprints` (user only), lowercased. */
  ignoredFingerprints: string[];
  /** `scan.useGitignore` (user only). */
  scanUseGitignore: boolean;
  /** `scan.maxFileSizeKB` × 1024 (user only), bytes; 0 = no cap. */
  scanMaxBytes: number;
  /** `errorInTrackedFiles` (user only). */
  errorInTrackedFiles: boolean;
}

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));
const strings = (v: unknown[]): string[] => v.filter((x): x is string => typeof x === 'string');

/** Which scope the effective value of `key` comes from. */
export function originOf(src: SettingsSource, key: string): SettingOrigin {
  const i = src.inspect<unknown>(key);
  if (i?.workspaceFolderValue !== undefined) return 'workspaceFolder';
  if (i?.workspaceValue !== undefined) return 'workspace';
  if (i?.globalValue !== undefined) return 'user';
  return 'default';
}

/** Reads the detection settings from `src` (the `gogsKeyHygiene` section for one resource). */
export function readDetectionSettings(src: SettingsSource): DetectionSettings {
  const debounce = src.get<unknown>(Settings.debounceMs);
  const exclude = src.get<unknown>(Settings.exclude);
  return {
    enable: userValue(src, Settings.enable, isBoolean, true),
    severity: userValue(src, Settings.severity, isSeverityName, 'warning'),
    debounceMs: isFiniteNumber(debounce) ? clamp(debounce, 0, 5000) : 200,
    exclude: isArray(exclude) ? strings(exclude) : [],
    excludeOrigin: originOf(src, Settings.exclude),
    maxBytes: clamp(userValue(src, Settings.maxFileSizeKB, isFiniteNumber, 1024), 0, 1024 * 1024) * 1024,
    ignoredFingerprints: strings(userValue(src, Settings.ignoredFingerprints, isArray, [])).map((s) => s.toLowerCase()),
    scanUseGitignore: userValue(src, Settings.scanUseGitignore, isBoolean, true),
    scanMaxBytes: clamp(userValue(src, Settings.scanMaxFileSizeKB, isFiniteNumber, 10240), 0, 1024 * 1024) * 1024,
    errorInTrackedFiles: userValue(src, Settings.errorInTrackedFiles, isBoolean, true),
  };
}

/** `injection.autoStopMinutes` (user only): minutes ≥ 0, 0 = never; at most 1440. */
export function readAutoStopMinutes(src: SettingsSource): number {
  const v = userValue(src, Settings.injectionAutoStopMinutes, isFiniteNumber, 60);
  return v > 0 ? Math.min(v, 1440) : 0;
}

/** A workspace or folder value of one of our settings that the user should know about. */
export interface WorkspaceOverride {
  /** Setting key relative to `gogsKeyHygiene`, e.g. `exclude`. */
  key: string;
  /** `applied`: it takes effect (exclude globs); `ignored`: a user-only setting, the user's value is used. */
  effect: 'applied' | 'ignored';
  /** Scope the value comes from. */
  origin: 'workspace' | 'workspaceFolder';
  /** The value as set there (globs, a number, …), for the message. */
  value: unknown;
}

/**
 * The workspace and folder values in `src` that weaken detection or would if they were used:
 * non-empty `exclude` globs (applied), and any value of a {@link USER_ONLY_SETTINGS} key that
 * differs from what is used (ignored). VS Code usually drops the latter before an extension sees
 * them (machine scope); they are listed when it does not.
 */
export function workspaceOverrides(src: SettingsSource): WorkspaceOverride[] {
  const out: WorkspaceOverride[] = [];
  const ex = src.inspect<unknown>(Settings.exclude);
  for (const origin of ['workspace', 'workspaceFolder'] as const) {
    const v = origin === 'workspace' ? ex?.workspaceValue : ex?.workspaceFolderValue;
    if (isArray(v) && strings(v).length > 0) out.push({ key: Settings.exclude, effect: 'applied', origin, value: strings(v) });
  }
  for (const key of USER_ONLY_SETTINGS) {
    const i = src.inspect<unknown>(key);
    const used = i?.globalValue !== undefined ? i.globalValue : i?.defaultValue;
    for (const origin of ['workspace', 'workspaceFolder'] as const) {
      const v = origin === 'workspace' ? i?.workspaceValue : i?.workspaceFolderValue;
      if (v !== undefined && JSON.stringify(v) !== JSON.stringify(used)) out.push({ key, effect: 'ignored', origin, value: v });
    }
  }
  return out;
}

const MAX_SHOWN = 5;

/**
 * A settings value as it may be shown in a message: control and bidi characters dropped, 40+ hex
 * runs cut to their last 4 characters (a glob could hold a token), at most 80 characters.
 */
export function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[0-9a-fA-F]{40,}/g, (run) => `…${run.slice(-4)}`);
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** The text of the notice for `overrides` (non-empty). */
export function noticeText(overrides: readonly WorkspaceOverride[]): string {
  const applied = overrides.filter((o) => o.effect === 'applied');
  const ignored = overrides.filter((o) => o.effect === 'ignored');
  const parts: string[] = [];
  if (applied.length > 0) {
    const globs = [...new Set(applied.flatMap((o) => (Array.isArray(o.value) ? o.value.map(printable) : [printable(o.value)])))];
    const shown = globs.slice(0, MAX_SHOWN).map((g) => `"${g}"`).join(', ');
    const more = globs.length > MAX_SHOWN ? ` and ${globs.length - MAX_SHOWN} more` : '';
    parts.push(
      `the settings of this workspace keep files from being checked for tokens: ${NS}.exclude ${shown}${more}. Files they match are not checked (the status bar says so on each); remove the globs you did not write.`,
    );
  }
  if (ignored.length > 0) {
    const keys = [...new Set(ignored.map((o) => `${NS}.${o.key}`))].join(', ');
    parts.push(`${parts.length ? 'They also set' : 'the settings of this workspace set'} ${keys}, which only your user settings can change: ignored.`);
  }
  return `Gogs Key Hygiene: ${parts.join(' ')}`;
}
