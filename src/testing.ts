import type { EditorFeature } from './editor';
import { injectionTesting, type InjectionTesting } from './inject';
import { panelFor, type PanelTestHooks } from './panel';
import { rotationFor, type RotationTestHooks } from './rotation';
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
  /** The token panel (tree items, badge, status bar, reminders), once it registered. */
  readonly panel: PanelTestHooks | undefined;
  /** The editor feature (diagnostics pipeline), when it started. */
  readonly editor?: EditorFeature;
  /** How long `activate()` took, in ms (measured inside it). */
  readonly activationMs: number;
  /** Injection hooks (trust override, task output capture), once the feature registered. */
  readonly inject: InjectionTesting | undefined;
  /** Rotation hooks (opened URLs, a stand-in browser, effective client options), once the feature registered. */
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

/** Feature handles the test seam exposes. */
export interface FeatureHandles {
  editor?: EditorFeature;
  /** How long `activate()` took, in ms. */
  activationMs?: number;
}

/** Builds the {@link TestingApi} over the live services. */
export function createTestingApi(services: Services, clock: { offsetMs: number }, features: FeatureHandles = {}): TestingApi {
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
    get inject() {
      return injectionTesting();
    },
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
    get panel() {
      return panelFor(services);
    },
    get rotation() {
      return rotationFor(services);
    },
    editor: features.editor,
    activationMs: features.activationMs ?? NaN,
    prompts: services.prompts as ScriptedPrompts,
    setClockOffsetDays(days: number) {
      clock.offsetMs = days * 86_400_000;
    },
    setKeychainFault(fault) {
      services.secrets.fault = fault;
    },
  };
}
