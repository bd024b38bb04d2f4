/**
 * Token metadata in a JSON file of the user's config directory, readable outside VS Code (the
 * CLI reads the same file). PURE: no `vscode` import.
 *
 * Location ({@link metadataFile}): `$XDG_CONFIG_HOME/gogs-key-hygiene/tokens.json` (default
 * `~/.config/…`) on Linux, `~/Library/Application Support/gogs-key-hygiene/tokens.json` on macOS,
 * `%APPDATA%\gogs-key-hygiene\tokens.json` on Windows. The folder is created with mode 0700, the
 * file with 0600. Content: `{ "<key>": <value>, … }` — the {@link MetadataBackend} keys, today
 * only `gogsKeyHygiene.tokens` (a `TokenMeta[]`: never a token value).
 *
 * Writes are atomic: a temporary file in the same folder, created exclusively with mode 0600,
 * holding the new metadata (never a value), fsync'ed, then renamed over the file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MetadataBackend } from './types';

/** Folder name under the config directory. */
export const CONFIG_DIR_NAME = 'gogs-key-hygiene';

/**
 * Path of the metadata file for this user.
 * @param env environment (for `XDG_CONFIG_HOME`, `APPDATA`, `GOGS_KEY_HYGIENE_CONFIG_DIR` — the
 *   last overrides the folder, e.g. for tests)
 */
export function metadataFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (env.GOGS_KEY_HYGIENE_CONFIG_DIR) return path.join(env.GOGS_KEY_HYGIENE_CONFIG_DIR, 'tokens.json');
  let base: string;
  if (platform === 'darwin') base = path.join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA || path.join(home, 'AppData', 'Roaming');
  else base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(base, CONFIG_DIR_NAME, 'tokens.json');
}

/**
 * {@link MetadataBackend} over {@link metadataFile}. `get` is synchronous (as `Memento.get`): it
 * re-reads the file when its size or mtime changed since the last read (the CLI may have
 * written it), else answers from memory. An unreadable or malformed file reads as empty for
 * `get`, but `update` refuses to overwrite a malformed file (it throws).
 */
export class FileMetadataBackend implements MetadataBackend {
  private cache: Record<string, unknown> = {};
  private stamp = '';

  constructor(readonly file: string = metadataFile()) {}

  get<T>(key: string): T | undefined {
    this.refresh();
    const v = this.cache[key];
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    const current = this.readStrict();
    const next = { ...current, [key]: value };
    if (value === undefined) delete next[key];
    writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    this.cache = JSON.parse(JSON.stringify(next)) as Record<string, unknown>;
    this.stamp = this.statStamp();
  }

  private statStamp(): string {
    try {
      const st = fs.statSync(this.file);
      return `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      return 'absent';
    }
  }

  private refresh(): void {
    const stamp = this.statStamp();
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    try {
      this.cache = this.readStrict();
    } catch {
      this.cache = {};
    }
  }

  private readStrict(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${this.file} is not a JSON object; fix or remove it`);
    return parsed as Record<string, unknown>;
  }
}

/**
 * Writes `text` to `file` atomically with mode 0600: creates the folder (0700) when missing,
 * writes a fresh temporary file `.<name>.<random>.tmp` beside it (exclusive create, 0600),
 * fsyncs it and renames it over `file`. The temporary file is removed when anything fails.
 * @throws the file system error
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      fs.fchmodSync(fd, 0o600);
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
