import { MetadataBackend, SecretBackend } from '../../src/keychain';

/** In-memory SecretStorage stand-in with fault switches, for unit tests. */
export class MemorySecrets implements SecretBackend {
  readonly name = 'memory secrets';
  readonly data = new Map<string, string>();
  failStore?: Error;
  failGet?: Error;
  failDelete?: Error;
  /** When set, `get` returns this instead of the stored value (a corrupting keychain). */
  corruptReadBack?: string;

  async get(key: string): Promise<string | undefined> {
    if (this.failGet) throw this.failGet;
    if (this.corruptReadBack !== undefined && this.data.has(key)) return this.corruptReadBack;
    return this.data.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    if (this.failStore) throw this.failStore;
    this.data.set(key, value);
  }
  async delete(key: string): Promise<void> {
    if (this.failDelete) throw this.failDelete;
    this.data.delete(key);
  }
}

/** In-memory Memento stand-in. */
export class MemoryMemento implements MetadataBackend {
  readonly data = new Map<string, unknown>();
  failUpdate?: Error;
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (this.failUpdate) throw this.failUpdate;
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}
