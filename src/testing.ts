import type { EditorFeature } from './editor';
import type { InjectionTesting } from './inject';
import type { FaultInjectingBackend } from './keychain/faultInjecting';
import type { PanelTestHooks } from './panel';
import type { RotationTestHooks } from './rotation';
import type { Services } from './services';
import type { ScriptedPrompts } from './ui/prompts';

/**
 * Test seam returned by `activate()` when `GOGS_KEY_HYGIENE_TEST=1` (set only by the host test
 * runner). Lets host tests answer prompts, move the clock and make the keychain fail. It never
 * exposes more than the services already hold.
 */
export interface TestingApi {
  readonly services: Services;
  /** The scripted prompts (answers queue + record of what was shown). */
  readonly prompts: ScriptedPrompts;
  /** Moves the extension's clock by `days` (may be negative); 0 resets. */
  setClockOffsetDays(days: number): void;
  /** Makes the given SecretStorage operations throw `message` until cleared with `undefined`. */
  setKeychainFault(fault: { operations: ('get' | 'store' | 'delete')[]; message: string } | undefined): void;
  /** The token panel (tree items, badge, status bar, reminders), when it started. */
  readonly panel: PanelTestHooks | undefined;
  /** The editor feature (diagnostics pipeline), when it started. */
  readonly editor?: EditorFeature;
  /** How long `activate()` took, in ms (measured inside it). */
  readonly activationMs: number;
  /** Injection hooks (trust override, task output capture), when the feature started. */
  readonly inject: InjectionTesting | undefined;
  /** Rotation hooks (opened URLs, a stand-in browser, effective client options), when the feature started. */
  readonly rotation: RotationTestHooks | undefined;
  /**
   * Every token value stored during this run (recorded in memory when the store reports an
   * addition, plus what is stored now, plus values passed to {@link registerTokenValue}), for
   * the security test that greps VS Code's folders. Held in memory only, in test mode only.
   */
  allTokenValuesSeen(): Promise<string[]>;
  /** Adds a value the tests used without storing it (e.g. one that was only typed into a file). */
  registerTokenValue(value: string): void;
}

/** What the composition root hands the test seam: the clock, the keychain fault wrapper and the features' test hooks. */
export interface TestingParts {
  /** The extension's clock offset in ms (shared with `services.now`). */
  clock: { offsetMs: number };
  /** The fault-injecting wrapper the token store writes through in test mode. */
  faults: FaultInjectingBackend;
  editor?: EditorFeature;
  panel?: PanelTestHooks;
  inject?: InjectionTesting;
  rotation?: RotationTestHooks;
  /** How long `activate()` took, in ms. */
  activationMs: number;
}

/** Builds the {@link TestingApi} over the live services. */
export function createTestingApi(services: Services, parts: TestingParts): TestingApi {
  const { clock, faults } = parts;
  const seen = new Set<string>();
  const remember = (id: string): void => {
    void Promise.resolve(services.store.get(id)).then(
      (v) => v && seen.add(v),
      () => undefined,
    );
  };
  services.context.subscriptions.push(services.store.onDidChange((e) => e.kind !== 'deleted' && remember(e.id)));
  return {
    services,
    inject: parts.inject,
    async allTokenValuesSeen() {
      for (const m of services.store.list()) {
        try {
          const v = await services.store.get(m.id);
          if (v) seen.add(v);
        } catch {
          // a keychain fault switched on by a test: the values recorded earlier still count
        }
      }
      return [...seen];
    },
    registerTokenValue(value: string) {
      if (value) seen.add(value);
    },
    panel: parts.panel,
    rotation: parts.rotation,
    editor: parts.editor,
    activationMs: parts.activationMs,
    prompts: services.prompts as ScriptedPrompts,
    setClockOffsetDays(days: number) {
      clock.offsetMs = days * 86_400_000;
    },
    setKeychainFault(fault) {
      faults.fault = fault;
    },
  };
}
