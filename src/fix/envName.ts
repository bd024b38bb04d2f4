/**
 * Environment-variable names for the "Move token to OS keychain" quick fix.
 *
 * Pure (no `vscode` import). The name chosen here becomes the reference written into the file
 * (`process.env.GOGS_TOKEN`, `"$GOGS_TOKEN"`, …) and the variable the extension later injects into
 * terminals, so it must be a portable POSIX name: `[A-Za-z_][A-Za-z0-9_]*` (IEEE Std 1003.1,
 * "Environment Variables"); this module only ever returns upper-case names.
 */

/** Matches a portable POSIX environment variable name. */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a portable POSIX environment variable name (`[A-Za-z_][A-Za-z0-9_]*`). */
export function isValidEnvVarName(name: string): boolean {
  return ENV_VAR_NAME.test(name);
}

/**
 * Key names that say nothing about which token they hold. Used on their own they would collide
 * between files (or, like `PASSWORD`, mislead), so a host-derived name is preferred for them.
 */
const GENERIC_KEYS = new Set([
  'TOKEN', 'ACCESS_TOKEN', 'ACCESSTOKEN', 'AUTH_TOKEN', 'API_TOKEN', 'API_KEY', 'APIKEY', 'KEY', 'SECRET',
  'PASSWORD', 'PASSWD', 'PASS', 'PW', 'AUTH', 'AUTHORIZATION', 'CREDENTIAL', 'CREDENTIALS', 'LOGIN', 'USER',
  'USERNAME', 'SHA1', 'VALUE', 'X_ACCESS_TOKEN', 'PRIVATE_TOKEN', 'BEARER',
]);

/**
 * Names a shell or the OS already owns; writing a token into them would break the user's session.
 * (POSIX shell special parameters and the usual login variables.)
 */
const RESERVED = new Set([
  'PATH', 'HOME', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'SHELL', 'IFS', 'PS1', 'PS2', 'PS4', 'TERM', 'LANG',
  'TMPDIR', 'TEMP', 'TMP', 'HOSTNAME', 'MAIL', 'OPTIND', 'OPTARG', 'ENV', 'CDPATH', 'LINENO', 'RANDOM',
  'SECONDS', 'UID', 'EUID', 'PPID', 'SHLVL', 'DISPLAY', 'EDITOR', 'PAGER', 'USERPROFILE', 'APPDATA',
  'COMSPEC', 'SYSTEMROOT', 'WINDIR', 'PATHEXT', 'PROMPT',
]);

/** Longest name this module proposes; longer input is treated as "nothing sensible". */
const MAX_NAME_LENGTH = 64;

/**
 * Turns an identifier in any common spelling (`gogsToken`, `gogs-token`, `gogs.token`, `GOGSToken`,
 * `$gogs_token`) into SCREAMING_SNAKE_CASE, or `undefined` when nothing usable remains.
 */
function toScreamingSnake(raw: string): string | undefined {
  const s = raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2') // gogsToken -> gogs_Token
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2') // GOGSToken -> GOGS_Token
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return s.length > 0 ? s : undefined;
}

/**
 * The host part of `host`, which may be a bare host (`git.example.test`), `host:port`, or a URL
 * (`https://user@git.example.test:3000/x`). Returns lower-case host without port, or undefined.
 */
function hostOnly(host: string): string | undefined {
  let h = host.trim();
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(h);
  if (scheme) h = h.slice(scheme[0].length);
  h = h.replace(/[/?#].*$/s, '');
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    h = close > 0 ? h.slice(1, close) : h.slice(1);
  } else {
    h = h.replace(/:\d*$/, '');
  }
  h = h.replace(/\.$/, '').toLowerCase();
  return h.length > 0 ? h : undefined;
}

/**
 * Proposes the environment variable name under which a found token is stored and referenced.
 *
 * - From the key name the detector saw next to the token: `GOGS_TOKEN`, `gogs_token`, `gogsToken`,
 *   `gogs-token`, `gogs.token` all give `GOGS_TOKEN`.
 * - A key name that says nothing about the token (`token`, `password`, `Authorization`, …) or that
 *   names a variable the shell/OS owns (`PATH`, `PWD`, `USER`, …) is not used on its own: the host
 *   decides instead, and without a host a generic key gives `GOGS_TOKEN`.
 * - From the host (bare host, `host:port` or a URL): `git.example.test` gives
 *   `GIT_EXAMPLE_TEST_TOKEN`; a host that starts with a digit (an IP address) is prefixed `GOGS_`
 *   (`10.0.0.5` gives `GOGS_10_0_0_5_TOKEN`).
 * - `undefined` when neither gives a valid name (the caller then asks the user).
 *
 * @param keyName the key/variable name found with the token (detector's `keyName`), if any.
 * @param host the Gogs host the token belongs to (detector's `host`), if any.
 * @returns a name matching `[A-Z_][A-Z0-9_]*`, at most 64 characters, or `undefined`.
 *   Never throws.
 */
export function envVarNameFrom(keyName: string | undefined, host: string | undefined): string | undefined {
  let generic = false;
  if (keyName !== undefined) {
    const fromKey = toScreamingSnake(keyName);
    if (fromKey !== undefined) {
      if (GENERIC_KEYS.has(fromKey) || RESERVED.has(fromKey)) {
        generic = true;
      } else if (fromKey.length <= MAX_NAME_LENGTH) {
        const name = /^[0-9]/.test(fromKey) ? `GOGS_${fromKey}` : fromKey;
        if (isValidEnvVarName(name) && name.length <= MAX_NAME_LENGTH) return name;
      }
    }
  }
  if (host !== undefined) {
    const h = hostOnly(host);
    const base = h === undefined ? undefined : toScreamingSnake(h);
    if (base !== undefined) {
      const name = /^[0-9]/.test(base) ? `GOGS_${base}_TOKEN` : `${base}_TOKEN`;
      if (isValidEnvVarName(name) && name.length <= MAX_NAME_LENGTH) return name;
    }
  }
  return generic ? 'GOGS_TOKEN' : undefined;
}
