/**
 * Which store holds the tokens: the OS keychain (keytar items + the metadata file) or VS Code's
 * SecretStorage (+ globalState), per the setting `gogsKeyHygiene.keychain.backend`. PURE: no
 * `vscode` import; the composition root passes the VS Code parts in.
 */
import { KeytarBackend, KeytarLoad, probeKeychain } from './keytarBackend';
import { MetadataBackend, SecretBackend } from './types';

/** Values of `gogsKeyHygiene.keychain.backend`. */
export type BackendSetting = 'auto' | 'os' | 'secretStorage';

/** The chosen store and why (the reason is shown once, and logged). */
export interface BackendChoice {
  kind: 'os' | 'secretStorage';
  /** One sentence for the log, e.g. "OS keychain (Secret Service) answered in 21 ms". */
  reason: string;
  /** A one-time explanation to show the user (fallbacks only), or `undefined`. */
  notice?: string;
  /** Round trip of the probe in ms, when one ran and answered. */
  probeMs?: number;
}

/** What {@link chooseBackend} needs to know. */
export interface ChooseInput {
  setting: BackendSetting;
  /** Result of `loadKeytar()` (or `undefined` in a build without native code). */
  keytar: KeytarLoad | undefined;
  /** The keytar backend over `keytar.api`, when it loaded. */
  os: KeytarBackend | undefined;
  /** Number of tokens whose metadata sits in globalState (values in SecretStorage). */
  tokensInSecretStorage: number;
  /** Probe bound in ms (default 3000). */
  probeTimeoutMs?: number;
}

/**
 * Decides the store. `secretStorage` → SecretStorage. `os` → the OS keychain when keytar loaded
 * (a failing keyring then fails each operation with its own clear error), else SecretStorage with
 * a notice. `auto` → the OS keychain when a write → read-back → delete probe succeeds within
 * the bound and no token is still stored in SecretStorage (those stay where they are until the
 * user runs **Move Stored Tokens to the OS Keychain**), else SecretStorage.
 */
export async function chooseBackend(input: ChooseInput): Promise<BackendChoice> {
  if (input.setting === 'secretStorage') return { kind: 'secretStorage', reason: 'the setting gogsKeyHygiene.keychain.backend is "secretStorage"' };
  if (!input.os) {
    const why = input.keytar?.error ?? 'this build carries no native keychain module (universal VSIX)';
    return {
      kind: 'secretStorage',
      reason: `the OS keychain module could not be loaded: ${why}`,
      notice:
        input.setting === 'os' || input.keytar?.error
          ? `the OS keychain is not available on the machine running the extension (${why}); tokens are kept in VS Code SecretStorage instead. On Linux install libsecret-1-0 and a Secret Service (gnome-keyring or KWallet), or install the VSIX for your platform, then reload the window.`
          : undefined,
    };
  }
  if (input.setting === 'os') return { kind: 'os', reason: 'the setting gogsKeyHygiene.keychain.backend is "os"' };
  const probe = await probeKeychain(input.os, input.probeTimeoutMs);
  if (!probe.ok) {
    return {
      kind: 'secretStorage',
      reason: `${input.os.name} did not pass the write/read-back probe: ${probe.reason}`,
      notice: `${input.os.name} did not answer (${probe.reason}); tokens are kept in VS Code SecretStorage, which programs outside VS Code cannot read. Unlock or start your keyring and reload the window, or set gogsKeyHygiene.keychain.backend.`,
    };
  }
  if (input.tokensInSecretStorage > 0) {
    return {
      kind: 'secretStorage',
      reason: `${input.os.name} answered in ${probe.ms} ms, but ${input.tokensInSecretStorage} token(s) are still in VS Code SecretStorage (run "Move Stored Tokens to the OS Keychain")`,
      probeMs: probe.ms,
    };
  }
  return { kind: 'os', reason: `${input.os.name} answered the probe in ${probe.ms} ms`, probeMs: probe.ms };
}

/**
 * A {@link SecretBackend} that forwards to the store chosen at run time ({@link setTarget}); its
 * `name` and `keying` are the current target's.
 */
export class SwitchableSecretBackend implements SecretBackend {
  private target: SecretBackend;
  private ready: Promise<void>;
  private resolveReady: () => void = () => undefined;

  /** @param initial the store used until {@link setTarget}; calls wait for `setTarget` when `waitForTarget` */
  constructor(initial: SecretBackend, waitForTarget = false) {
    this.target = initial;
    this.ready = waitForTarget ? new Promise((r) => (this.resolveReady = r)) : Promise.resolve();
  }

  get name(): string {
    return this.target.name;
  }
  get keying(): 'id' | 'account' {
    return this.target.keying ?? 'id';
  }
  /** The store in use now. */
  get current(): SecretBackend {
    return this.target;
  }
  /** Switches to `target` and releases calls that were waiting. */
  setTarget(target: SecretBackend): void {
    this.target = target;
    this.resolveReady();
  }
  /** Resolves once a target is set. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  async get(key: string): Promise<string | undefined> {
    await this.ready;
    return this.target.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    await this.ready;
    await this.target.store(key, value);
  }
  async delete(key: string): Promise<void> {
    await this.ready;
    await this.target.delete(key);
  }
}

/** A {@link MetadataBackend} forwarding to the one chosen at run time. */
export class SwitchableMetadata implements MetadataBackend {
  constructor(private target: MetadataBackend) {}
  /** The backend in use now. */
  get current(): MetadataBackend {
    return this.target;
  }
  setTarget(target: MetadataBackend): void {
    this.target = target;
  }
  get<T>(key: string): T | undefined {
    return this.target.get<T>(key);
  }
  update(key: string, value: unknown): PromiseLike<void> {
    return this.target.update(key, value);
  }
}
