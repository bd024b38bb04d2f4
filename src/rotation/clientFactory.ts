/**
 * The VS Code side of the Gogs client's settings: reads `gogsKeyHygiene.http.*` and VS Code's own
 * `http.proxy` / `http.proxyStrictSSL` / `http.noProxy` / `http.proxySupport`, and maps them onto
 * {@link ClientOptions} with the pure {@link clientOptionsFrom} (see its table).
 */
import * as vscode from 'vscode';
import { userValue } from '../configPolicy';
import { Settings } from '../constants';
import { ClientOptions, GogsClient } from '../gogs';
import { clientOptionsFrom, HttpSettings, readTextFileCapped } from './clientOptions';

/**
 * The raw values of the settings the client uses. Read afresh on every call (never cached), so
 * a change applies to the next request without a reload.
 */
export function readHttpSettings(): HttpSettings {
  const own = vscode.workspace.getConfiguration(Settings.section);
  const http = vscode.workspace.getConfiguration('http');
  // Trust settings (plain http, extra CAs) from the user's settings only, never a workspace's.
  const defined = (v: unknown): v is unknown => v !== undefined;
  return {
    allowInsecureHttp: userValue(own, Settings.httpAllowInsecureHttp, defined, undefined),
    timeoutMs: own.get(Settings.httpTimeoutMs),
    caCertificates: userValue(own, Settings.httpCaCertificates, defined, undefined),
    proxy: http.get('proxy'),
    proxyStrictSSL: http.get('proxyStrictSSL'),
    noProxy: http.get('noProxy'),
    proxySupport: http.get('proxySupport'),
  };
}

/**
 * The client options the settings give now.
 * @throws HttpSettingsError (src/rotation/clientOptions.ts) for an unusable CA file or proxy URL
 */
export function currentClientOptions(): Promise<ClientOptions> {
  return clientOptionsFrom(readHttpSettings(), process.env, readTextFileCapped);
}

/**
 * A client for the server at `host` (base URL of the Gogs/Gitea/Forgejo home page), configured
 * from the settings. Call `close()` on it when done (releases a custom CA/proxy connection pool).
 * @throws HttpSettingsError for an unusable CA file or proxy URL
 */
export async function createGogsClient(host: string): Promise<GogsClient> {
  return new GogsClient(host, await currentClientOptions());
}
