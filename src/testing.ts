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
}

/** Builds the {@link TestingApi} over the live services. */
export function createTestingApi(services: Services, clock: { offsetMs: number }): TestingApi {
  return {
    services,
    prompts: services.prompts as ScriptedPrompts,
    setClockOffsetDays(days: number) {
      clock.offsetMs = days * 86_400_000;
    },
    setKeychainFault(fault) {
      services.secrets.fault = fault;
    },
  };
}
