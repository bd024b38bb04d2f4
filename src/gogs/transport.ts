import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici';
import type { ClientOptions } from './types';

/** The subset of `fetch` the client uses. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * How requests leave the process.
 *
 * Without `ca`, `proxy` or `strictSSL: false`, requests go through `options.fetch` or the global
 * `fetch` — inside VS Code that is the extension host's patched fetch, which already follows
 * `http.proxy`, `http.proxyStrictSSL` and the OS certificate store (VS Code ≥ 1.93,
 * `http.fetchAdditionalSupport`). With any of them, requests go through the `fetch` of the
 * `undici` npm package with its own `Agent` / `ProxyAgent`: Node's global fetch cannot take a CA
 * or a proxy, and a dispatcher from the npm package must not be mixed with the fetch built into
 * Node (their internal versions differ), so both come from the same package.
 */
export class Transport {
  private direct?: Dispatcher;
  private proxied?: Dispatcher;
  readonly usesUndici: boolean;

  constructor(private readonly options: ClientOptions) {
    this.usesUndici = Boolean(options.ca || options.proxy || options.strictSSL === false);
  }

  /** A fetch bound to the right dispatcher for `url`. */
  fetchFor(url: URL): FetchLike {
    if (!this.usesUndici) {
      const f = this.options.fetch ?? globalThis.fetch;
      return (u, init) => f(u, init);
    }
    const dispatcher = this.options.proxy && !bypassesProxy(url.hostname, this.options.noProxy)
      ? (this.proxied ??= this.makeProxyAgent(this.options.proxy))
      : (this.direct ??= new Agent({ connect: this.tlsOptions() }));
    return (u, init) =>
      undiciFetch(u, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
  }

  /** Closes pooled connections (idle keep-alive sockets). */
  async close(): Promise<void> {
    const all = [this.direct, this.proxied].filter((d): d is Dispatcher => d !== undefined);
    this.direct = this.proxied = undefined;
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  private tlsOptions(): { ca?: string[]; rejectUnauthorized: boolean } {
    const rejectUnauthorized = this.options.strictSSL !== false;
    if (!this.options.ca) return { rejectUnauthorized };
    const extra = Buffer.isBuffer(this.options.ca) ? this.options.ca.toString('utf8') : this.options.ca;
    return { ca: [...rootCertificates, extra], rejectUnauthorized };
  }

  private makeProxyAgent(proxy: string): Dispatcher {
    const tlsOpts = this.tlsOptions();
    return new ProxyAgent({ uri: proxy, requestTls: tlsOpts, proxyTls: tlsOpts });
  }
}

/** True when `hostname` must not go through the proxy: loopback, or listed in `noProxy`. */
export function bypassesProxy(hostname: string, noProxy: readonly string[] = []): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase().replace(/^\*\./, '.');
    if (!entry) return false;
    if (entry === '*') return true;
    if (entry.startsWith('.')) return host.endsWith(entry) || host === entry.slice(1);
    return host === entry;
  });
}
