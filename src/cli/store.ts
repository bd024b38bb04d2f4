/**
 * The command line's view of the stored tokens: the same OS keychain items (service
 * `gogs-key-hygiene`, account = env var name) and the same metadata file as the extension with
 * backend `os`/`auto` (see src/keychain/keytarBackend.ts, src/keychain/fileMetadata.ts). PURE:
 * no `vscode` import. Tokens kept in VS Code SecretStorage are out of reach here by design.
 */
import { FileMetadataBackend, metadataFile } from '../keychain/fileMetadata';
import { KeytarBackend, loadKeytar } from '../keychain/keytarBackend';
import { TokenStore } from '../keychain/tokenStore';
import { TokenMeta } from '../keychain/types';
import { messageOf } from '../util/errors';

/** An opened store, or why it could not be opened. */
export interface CliStore {
  store: TokenStore;
  backend: KeytarBackend;
  /** Path of the metadata file. */
  file: string;
}

/** Thrown for a problem the user must fix (printed as is, exit code 2). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * Opens the OS keychain and the metadata file of this user.
 * @throws CliError when keytar's native module cannot be loaded (no libsecret, wrong platform)
 */
export function openCliStore(env: NodeJS.ProcessEnv = process.env): CliStore {
  const load = loadKeytar();
  if (!load.api) {
    throw new CliError(
      `the OS keychain is not available (${load.error}). On Linux install libsecret-1-0 and run a Secret Service such as gnome-keyring. Tokens kept in VS Code SecretStorage can only be used inside VS Code.`,
    );
  }
  const timeoutMs = Number(env.GOGS_KEY_HYGIENE_KEYCHAIN_TIMEOUT_MS) || undefined;
  const backend = new KeytarBackend(load.api, { timeoutMs });
  const file = metadataFile(env);
  return { store: new TokenStore(backend, new FileMetadataBackend(file)), backend, file };
}

/** A token resolved by name: its value and, unless it was stored by hand, its metadata. */
export interface ResolvedToken {
  name: string;
  value: string;
  meta?: TokenMeta;
}

/**
 * Finds a token by name: the env var of an active stored token, else its label, else a keychain
 * item stored by hand under service `gogs-key-hygiene` with that account (no metadata).
 * @throws CliError when nothing is found; KeychainError when the keychain fails
 */
export async function resolveToken(cli: CliStore, name: string): Promise<ResolvedToken> {
  const all = cli.store.list();
  const meta =
    all.find((m) => m.envVar === name && m.state !== 'pending-revocation') ?? all.find((m) => m.label === name && m.state !== 'pending-revocation');
  if (meta) {
    const value = await cli.store.get(meta.id);
    if (!value) throw new CliError(`${name}: the ${cli.backend.name} has no item for it (account ${meta.account ?? meta.envVar}); is the keyring unlocked?`);
    return { name: meta.envVar, value, meta };
  }
  let raw: string | undefined;
  try {
    raw = await cli.backend.get(name);
  } catch (err) {
    throw new CliError(`${name}: could not read the ${cli.backend.name} (${messageOf(err)})`);
  }
  if (raw) return { name, value: raw };
  throw new CliError(`no stored token named ${name} (see: gogs-key-hygiene tokens list)`);
}
