/**
 * Keys and hosts: splitting a key into words, classifying it (forge credential, generic credential, commit or
 * checksum, another service), the display name of a key, and whether a host belongs to another service.
 */
import {
  FORGE_WORDS, KEY_QUALIFIERS, NEGATIVE_WORDS, OTHER_SERVICE_HOSTS, OTHER_SERVICE_WORDS, TOKEN_WORDS,
} from '../vocabulary';
import { isDigitCode, isLowerCode, isUpperCode } from './chars';

/** A forge named in a host, key or callee. */
export const FORGE_WORD_RE = /gogs|gitea|forgejo|codeberg/i;

/** Splits a key into lowercase words: `GITEA_API_TOKEN` → gitea, api, token; `_authToken` → auth, token. */
export function keyWords(key: string): string[] {
  return splitCamelCase(key)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * `key` with a space before each ASCII capital that starts a camel-case word: after a lowercase letter or digit
 * (`authToken` → `auth Token`), or the last capital of a run followed by a lowercase letter (`APIToken` →
 * `API Token`). Same result as `.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')`,
 * in one pass (the second regex rescans a run of capitals from each of its positions: quadratic).
 */
export function splitCamelCase(key: string): string {
  const parts: string[] = [];
  let last = 0;
  for (let i = 1; i < key.length; i++) {
    if (!isUpperCode(key.charCodeAt(i))) continue;
    const p = key.charCodeAt(i - 1);
    if (isLowerCode(p) || isDigitCode(p) || (isUpperCode(p) && isLowerCode(key.charCodeAt(i + 1)))) {
      parts.push(key.slice(last, i));
      last = i;
    }
  }
  if (last === 0) return key;
  parts.push(key.slice(last));
  return parts.join(' ');
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 represents `text.slice(a, b)` (13+ characters) as a
 * view into `text`: anything kept after a scan (caches, findings) must not hold such views, or it holds the whole
 * document. Concatenating flattens into a fresh string; slicing that copy only refers to the copy.
 */
export function detach<T extends string | undefined>(s: T): T {
  return (s === undefined ? s : (' ' + s).slice(1)) as T;
}

/** Classes of keys. */
export type KeyClass = 'forge' | 'generic' | 'negative' | 'other-service' | 'none';

/**
 * Classifies a key by its words: a commit/checksum word makes it `negative`; a forge word with a credential
 * word makes it `forge`; another service's name makes it `other-service`; a credential word alone `generic`.
 */
export function classifyKey(key: string): KeyClass {
  let c = KEY_CLASS_CACHE.get(key);
  if (c === undefined) {
    c = classifyKeyUncached(key);
    if (KEY_CLASS_CACHE.size > 10_000) KEY_CLASS_CACHE.clear();
    KEY_CLASS_CACHE.set(detach(key), c);
  }
  return c;
}

const KEY_CLASS_CACHE = new Map<string, KeyClass>();

function classifyKeyUncached(key: string): KeyClass {
  const words = keyWords(key);
  if (words.length === 0) return 'none';
  let forge = false;
  let cred = false;
  let other = false;
  let hasKey = false;
  let qualified = false;
  for (const w of words) {
    if (NEGATIVE_WORDS.has(w)) return 'negative';
    if (FORGE_WORDS.has(w)) forge = true;
    if (TOKEN_WORDS.has(w)) cred = true;
    if (isOtherServiceWord(w)) other = true;
    if (w === 'key') hasKey = true;
    if (KEY_QUALIFIERS.has(w)) qualified = true;
  }
  // GITEA__section__KEY: Gitea server configuration through the environment, never an access token.
  if (/^(?:gitea|forgejo)__/i.test(key)) return 'negative';
  if (hasKey && (qualified || forge)) cred = true;
  if (forge && cred) return 'forge';
  if (other) return 'other-service';
  if (cred) return 'generic';
  return 'none';
}

/** A word naming another service, also in the plural (`databases`, `mailers`). */
export function isOtherServiceWord(w: string): boolean {
  return OTHER_SERVICE_WORDS.has(w) || (w.length > 3 && w.endsWith('s') && OTHER_SERVICE_WORDS.has(w.slice(0, -1)));
}

/** The environment-variable-like name of a key: `process.env.GOGS_TOKEN` → `GOGS_TOKEN`, `$Token` → `Token`. */
export function keyDisplayName(key: string): string {
  let k = key.replace(/^[-$@%]+/, '');
  const m = /(?:^|\.)(?:env|environ|ENV|Env)\.([A-Za-z_]\w*)$/.exec(k);
  if (m) k = m[1];
  return k;
}

/** True when `host` (any case) is another service's host or a subdomain of one (github.com, gitlab.com, …). */
export function isHostOther(host: string): boolean {
  const h = host.toLowerCase();
  return OTHER_SERVICE_HOSTS.some((o) => h === o || h.endsWith('.' + o));
}
