/**
 * What the file name (or VS Code language id) says about a text, before any content is read.
 */
import { COMMIT_ID_FILE_NAMES, COMMIT_ID_FILE_SUFFIXES, FORGE_SERVER_CONFIG_NAMES, NETRC_FILE_NAMES } from './vocabulary';

/** Facts about a file that rules use. */
export interface FileKind {
  /** Lockfile, git metadata or checksum manifest: 40-hex values there are commit ids or checksums. */
  commitIds: boolean;
  /** Forge server configuration (`app.ini`): server secrets, no access tokens. */
  serverConfig: boolean;
  /** A `.netrc`-format credentials file. */
  netrc: boolean;
  /** The path names a forge (`gitea_client.rb`, `~/.config/tea/config.yml`, `gogs-indexer.service`). */
  forgePath: boolean;
  /** Lowercased base name ('' when unknown). */
  baseName: string;
}

const FORGE_PATH_RE = /gogs|gitea|forgejo|codeberg|(?:^|[\\/])tea[\\/]|\.gitearc/i;

/**
 * Classifies a file by name and language id. `fileName` may be a path with `/` or `\` separators or
 * `undefined`; `languageId` is a VS Code language id (`git-commit`, `git-rebase` count as commit territory).
 */
export function classifyFile(fileName: string | undefined, languageId: string | undefined): FileKind {
  const path = fileName ?? '';
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  let commitIds = base !== '' && (COMMIT_ID_FILE_NAMES.has(base) || COMMIT_ID_FILE_SUFFIXES.some((s) => base.endsWith(s)));
  // `.git/logs/...` reflogs are commit ids; `.git/config` is not (remote URLs may carry credentials).
  if (/(?:^|[\\/])\.git[\\/](?:logs|refs)[\\/]/.test(path)) commitIds = true;
  if (languageId === 'git-commit' || languageId === 'git-rebase') commitIds = true;
  return {
    commitIds,
    serverConfig: FORGE_SERVER_CONFIG_NAMES.has(base),
    netrc: NETRC_FILE_NAMES.has(base),
    forgePath: FORGE_PATH_RE.test(path),
    baseName: base,
  };
}
