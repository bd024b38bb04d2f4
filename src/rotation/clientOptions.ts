/**
 * Maps settings onto the Gogs client's {@link ClientOptions}. PURE: no `vscode` import (the
 * settings are read by `clientFactory.ts` and handed in as plain values), so it runs under plain
 * mocha.
 *
 * | setting | ClientOptions | note |
 * |---|---|---|
 * | `gogsKeyHygiene.http.timeoutMs` | `timeoutMs` | clamped to 1 000–300 000 ms |
 * | `gogsKeyHygiene.http.allowInsecureHttp` | `allowInsecureHttp` | `http://` to loopback is always allowed by the client |
 * | `gogsKeyHygiene.http.caCertificates` | `ca` | PEM files read and concatenated (added to Node's roots) |
 * | VS Code `http.proxy` (else `https_proxy` / `http_proxy` from the environment, as VS Code documents) | `proxy` | ignored when `http.proxySupport` is `off` |
 * | VS Code `http.noProxy` (plus `no_proxy` from the environment) | `noProxy` | loopback always bypasses |
 * | VS Code `http.proxyStrictSSL: false` | `strictSSL: false` | certificates are then not verified at all |
 *
 * With none of `ca`, `proxy`, `strictSSL: false`, the client uses the extension host's global
 * `fetch`, which VS Code already routes through its own proxy resolution and the OS certificate
 * store. `http.proxyAuthorization` has no counterpart: put the proxy credentials into the
 * `http.proxy` URL (`http://user:pass@proxy:3128`) instead.
 */
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ClientOptions } from '../gogs';

/** Default of `gogsKeyHygiene.http.timeoutMs`, in ms. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
/** Bounds of `gogsKeyHygiene.http.timeoutMs`, in ms. */
export const MIN_HTTP_TIMEOUT_MS = 1_000;
export const MAX_HTTP_TIMEOUT_MS = 300_000;
/** Largest CA file read, in bytes (a bundle of a few hundred certificates fits). */
export const MAX_CA_FILE_BYTES = 1024 * 1024;

/** The raw setting values, as read from `vscode.workspace.getConfiguration` (any may be missing or of the wrong type). */
export interface HttpSettings {
  /** `gogsKeyHygiene.http.allowInsecureHttp` */
  allowInsecureHttp?: unknown;
  /** `gogsKeyHygiene.http.timeoutMs` (ms) */
  timeoutMs?: unknown;
  /** `gogsKeyHygiene.http.caCertificates`: paths of PEM files */
  caCertificates?: unknown;
  /** VS Code `http.proxy` */
  proxy?: unknown;
  /** VS Code `http.proxyStrictSSL` (default true) */
  proxyStrictSSL?: unknown;
  /** VS Code `http.noProxy` */
  noProxy?: unknown;
  /** VS Code `http.proxySupport` (`off` | `on` | `fallback` | `override`) */
  proxySupport?: unknown;
}

/** A setting that cannot be used as it is; the message names the setting and the fix (no secret: proxy credentials are removed). */
export class HttpSettingsError extends Error {
  override readonly name = 'HttpSettingsError';
  constructor(
    /** Full setting id, e.g. `gogsKeyHygiene.http.caCertificates`. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a file as UTF-8; rejects like `fs.promises.readFile` (an error with `code`). */
export type ReadTextFile = (path: string, maxBytes: number) => Promise<string>;

/**
 * Builds the client options from the settings.
 * @param s raw setting values
 * @param env the process environment (for `https_proxy` / `http_proxy` / `no_proxy` when `http.proxy` is empty)
 * @param readFile reads a CA file
 * @throws HttpSettingsError when a CA file is missing, unreadable, too large or holds no PEM
 *   certificate, or when the proxy is not an http(s) URL
 */
export async function clientOptionsFrom(s: HttpSettings, env: NodeJS.ProcessEnv, readFile: ReadTextFile): Promise<ClientOptions> {
  const options: ClientOptions = {
    timeoutMs: clampTimeout(s.timeoutMs),
    allowInsecureHttp: s.allowInsecureHttp === true,
  };

  const proxy = proxyFrom(s, env);
  if (proxy) {
    options.proxy = proxy;
    const noProxy = [...strings(s.noProxy), ...splitList(env.no_proxy ?? env.NO_PROXY)];
    if (noProxy.length > 0) options.noProxy = noProxy;
  }
  if (s.proxyStrictSSL === false) options.strictSSL = false;

  const paths = strings(s.caCertificates);
  if (paths.length > 0) {
    const pems: string[] = [];
    for (const raw of paths) pems.push(await readCaFile(raw, readFile));
    options.ca = pems.join('\n');
  }
  return options;
}

/** The timeout in ms: the setting if it is a finite number, clamped; else the default. */
export function clampTimeout(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_HTTP_TIMEOUT_MS;
  return Math.min(MAX_HTTP_TIMEOUT_MS, Math.max(MIN_HTTP_TIMEOUT_MS, Math.round(v)));
}

/** `~/x` → home-relative; anything else unchanged. */
export function expandHome(p: string, home: string = homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(home, p.slice(2));
  return p;
}

/** A proxy URL without its credentials, for messages. */
export function redactProxyUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.href.replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

function proxyFrom(s: HttpSettings, env: NodeJS.ProcessEnv): string | undefined {
  if (s.proxySupport === 'off') return undefined;
  const fromSetting = typeof s.proxy === 'string' ? s.proxy.trim() : '';
  const fromEnv = (env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY ?? '').trim();
  const raw = fromSetting || fromEnv;
  if (!raw) return undefined;
  const setting = fromSetting ? 'http.proxy' : 'https_proxy';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new HttpSettingsError(setting, `The proxy ${fromSetting ? 'in the http.proxy setting' : 'in the https_proxy environment variable'} is not a URL. Use the form http://proxy.example:3128.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpSettingsError(
      setting,
      `The proxy ${redactProxyUrl(url.href)} uses ${url.protocol.replace(/:$/, '')}://, which the Gogs client cannot use. Use an http:// or https:// proxy.`,
    );
  }
  return url.href.replace(/\/$/, '');
}

async function readCaFile(raw: string, readFile: ReadTextFile): Promise<string> {
  const setting = 'gogsKeyHygiene.http.caCertificates';
  const p = expandHome(raw.trim());
  if (!isAbsolute(p)) {
    throw new HttpSettingsError(setting, `The CA certificate path "${raw}" is not absolute. Use the full path of the PEM file (or ~/…).`);
  }
  let text: string;
  try {
    text = await readFile(p, MAX_CA_FILE_BYTES);
  } catch (err) {
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EFBIG' ? `it is larger than ${MAX_CA_FILE_BYTES / 1024} KiB` : code ?? 'unreadable';
    throw new HttpSettingsError(setting, `Could not read the CA certificate file ${p} (${why}). Fix the path in the setting gogsKeyHygiene.http.caCertificates.`);
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) {
    throw new HttpSettingsError(
      setting,
      `The file ${p} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"). Export the CA certificate as PEM (Base64), not DER, and point gogsKeyHygiene.http.caCertificates at it.`,
    );
  }
  return text.trim();
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Node's `fs.promises` based {@link ReadTextFile}: refuses files over `maxBytes` (code `EFBIG`). */
export async function readTextFileCapped(path: string, maxBytes: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw Object.assign(new Error('file too large'), { code: 'EFBIG' });
    return await fh.readFile({ encoding: 'utf8' });
  } finally {
    await fh.close();
  }
}
