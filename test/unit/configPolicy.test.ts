import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InspectedSetting, noticeText, printable, readAutoStopMinutes, readDetectionSettings, SettingsSource, USER_ONLY_SETTINGS, workspaceOverrides } from '../../src/configPolicy';
import { NS } from '../../src/constants';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const properties: Record<string, { scope?: string; default?: unknown }> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties;

type Layer = 'globalValue' | 'workspaceValue' | 'workspaceFolderValue';

/**
 * A fake `gogsKeyHygiene` section with the contributed defaults and the given layers, resolving
 * `get` the way VS Code layers values when it does NOT filter by scope (the worst case: a host
 * that hands workspace values of machine-scoped settings to the extension).
 */
function fakeSettings(layers: Partial<Record<Layer, Record<string, unknown>>>): SettingsSource {
  const inspect = <T>(key: string): InspectedSetting<T> | undefined => {
    const contributed = properties[`${NS}.${key}`];
    if (!contributed) return undefined;
    return {
      defaultValue: contributed.default as T,
      globalValue: layers.globalValue?.[key] as T | undefined,
      workspaceValue: layers.workspaceValue?.[key] as T | undefined,
      workspaceFolderValue: layers.workspaceFolderValue?.[key] as T | undefined,
    };
  };
  return {
    inspect,
    get<T>(key: string): T | undefined {
      const i = inspect<T>(key);
      return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? i?.defaultValue;
    },
  };
}

/** Workspace values a hostile repository would set to weaken the extension. */
const HOSTILE: Record<string, unknown> = {
  enable: false,
  severity: 'hint',
  maxFileSizeKB: 1,
  ignoredFingerprints: ['a'.repeat(64)],
  'scan.useGitignore': true,
  'scan.maxFileSizeKB': 1,
  errorInTrackedFiles: false,
  maxAgeDays: 3650,
  remindDaysBefore: 0,
  'injection.autoStopMinutes': 0,
  'http.allowInsecureHttp': true,
  'http.caCertificates': ['/tmp/evil-ca.pem'],
};

describe('settings a workspace may not weaken (src/configPolicy.ts)', () => {
  it('every safety setting is machine-scoped in package.json (VS Code ignores workspace values of those)', () => {
    const wrong = USER_ONLY_SETTINGS.filter((k) => properties[`${NS}.${k}`]?.scope !== 'machine').map((k) => `${k}: ${properties[`${NS}.${k}`]?.scope}`);
    assert.deepEqual(wrong, []);
    // Every key a hostile workspace would set is in the list.
    assert.deepEqual(Object.keys(HOSTILE).filter((k) => !USER_ONLY_SETTINGS.includes(k)), []);
  });

  it('the only settings a workspace still sets are the exclude globs and two harmless timings', () => {
    const layered = Object.entries(properties)
      .filter(([, p]) => p.scope !== 'machine' && p.scope !== 'application')
      .map(([k]) => k.slice(NS.length + 1))
      .sort();
    assert.deepEqual(layered, ['debounceMs', 'exclude', 'http.timeoutMs']);
  });

  it('workspace and folder values of the safety settings are not used, even when the host passes them on', () => {
    for (const layer of ['workspaceValue', 'workspaceFolderValue'] as const) {
      const s = readDetectionSettings(fakeSettings({ [layer]: HOSTILE }));
      assert.equal(s.enable, true, layer);
      assert.equal(s.severity, 'warning');
      assert.equal(s.maxBytes, 1024 * 1024);
      assert.deepEqual(s.ignoredFingerprints, []);
      assert.equal(s.scanMaxBytes, 10240 * 1024);
      assert.equal(s.errorInTrackedFiles, true);
      assert.equal(readAutoStopMinutes(fakeSettings({ [layer]: HOSTILE })), 60);
    }
  });

  it('the user value is used (and the user may weaken their own settings)', () => {
    const user = { enable: false, severity: 'error', maxFileSizeKB: 0, ignoredFingerprints: ['B'.repeat(64)], errorInTrackedFiles: false, 'injection.autoStopMinutes': 0 };
    const s = readDetectionSettings(fakeSettings({ globalValue: user, workspaceValue: { enable: true, severity: 'hint', maxFileSizeKB: 5 } }));
    assert.equal(s.enable, false);
    assert.equal(s.severity, 'error');
    assert.equal(s.maxBytes, 0);
    assert.deepEqual(s.ignoredFingerprints, ['b'.repeat(64)]);
    assert.equal(s.errorInTrackedFiles, false);
    assert.equal(readAutoStopMinutes(fakeSettings({ globalValue: user })), 0);
    assert.equal(readAutoStopMinutes(fakeSettings({ globalValue: { 'injection.autoStopMinutes': 5000 } })), 1440);
  });

  it('a user value of the wrong type falls back to the default', () => {
    const s = readDetectionSettings(fakeSettings({ globalValue: { enable: 'no', severity: 'loud', maxFileSizeKB: 'big', ignoredFingerprints: 'x' } }));
    assert.equal(s.enable, true);
    assert.equal(s.severity, 'warning');
    assert.equal(s.maxBytes, 1024 * 1024);
    assert.deepEqual(s.ignoredFingerprints, []);
  });

  it('exclude globs follow the usual layering (most specific wins) and say where they come from', () => {
    assert.deepEqual(readDetectionSettings(fakeSettings({})).excludeOrigin, 'default');
    const user = readDetectionSettings(fakeSettings({ globalValue: { exclude: ['a/**'] } }));
    assert.deepEqual([user.exclude, user.excludeOrigin], [['a/**'], 'user']);
    const ws = readDetectionSettings(fakeSettings({ globalValue: { exclude: ['a/**'] }, workspaceValue: { exclude: ['**'] } }));
    assert.deepEqual([ws.exclude, ws.excludeOrigin], [['**'], 'workspace']);
    const folder = readDetectionSettings(fakeSettings({ workspaceFolderValue: { exclude: ['b/**', 7] } }));
    assert.deepEqual([folder.exclude, folder.excludeOrigin], [['b/**'], 'workspaceFolder']);
  });

  it('lists what a workspace sets: exclude globs as applied, safety settings as ignored; nothing for user values', () => {
    assert.deepEqual(workspaceOverrides(fakeSettings({ globalValue: { ...HOSTILE, exclude: ['x/**'] } })), []);
    const found = workspaceOverrides(fakeSettings({ workspaceValue: { exclude: ['**'], enable: false, maxAgeDays: 90 }, workspaceFolderValue: { exclude: [] } }));
    assert.deepEqual(found, [
      { key: 'exclude', effect: 'applied', origin: 'workspace', value: ['**'] },
      { key: 'enable', effect: 'ignored', origin: 'workspace', value: false },
    ], 'an empty list and a value equal to the one used are not worth a notice');
  });

  it('the notice names the globs and the ignored settings, never a token or control characters', () => {
    const token = randomBytes(20).toString('hex');
    const text = noticeText([
      { key: 'exclude', effect: 'applied', origin: 'workspace', value: ['vendored/**', `secret-${token}/**`, '\u202eevil\u001b[2J'] },
      { key: 'enable', effect: 'ignored', origin: 'workspace', value: false },
      { key: 'maxAgeDays', effect: 'ignored', origin: 'workspaceFolder', value: 3650 },
    ]);
    assert.ok(text.includes('gogsKeyHygiene.exclude "vendored/**"'), text);
    assert.ok(text.includes(`"secret-…${token.slice(-4)}/**"`), text);
    assert.ok(!text.includes(token));
    assert.ok(![...text].some((c) => c.charCodeAt(0) < 0x20 || c === '\u202e'), 'no control or bidi characters');
    assert.match(text, /They also set gogsKeyHygiene\.enable, gogsKeyHygiene\.maxAgeDays, which only your user settings can change: ignored\./);
    assert.equal(printable('x'.repeat(200)).length, 80);
  });
});
