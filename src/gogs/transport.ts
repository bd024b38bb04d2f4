import { rootCertificates } from 'node:tls';
import { NodeFetcher, TlsSettings } from './nodeFetch';
import type { ClientOptions } from './types';

/** The subset of `fetch` the client uses. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * How requests leave the process.
 *
 * Without `ca`, `proxy` or `strictSSL: false`, requests go through `options.fetch` or the global
 * `fetch` — inside VS Code that is the extension host's patched fetch, which already follows
 * `http.proxy`, `http.proxyStrictSSL` and the OS certificate store (VS Code ≥ 1.93,
 * `http.fetchAdditionalSupport`). With any of them, requests go through a {@link NodeFetcher}
 * (a small fetch on Node's `https`/`http`): Node's global fetch cannot take a CA or a proxy.
 * Targets that {@link bypassesProxy} go direct, the others through an HTTP CONNECT tunnel.
 */
export class Transport {
  private direct?: NodeFetcher;
  private proxied?: NodeFetcher;
  /** True when requests use the {@link NodeFetcher} rather than `options.fetch` / the global fetch. */
  readonly usesNodeHttp: boolean;

  constructor(private readonly options: ClientOptions) {
    this.usesNodeHttp = Boolean(options.ca || options.proxy || options.strictSSL === false);
  }

  /** A fetch for `url`: direct or through the proxy. */
  fetchFor(url: URL): FetchLike {
    if (!this.usesNodeHttp) {
      const f = this.options.fetch ?? globalThis.fetch;
      return (u, init) => f(u, init);
    }
    const proxy = this.options.proxy;
    let fetcher: NodeFetcher;
    if (proxy && !bypassesProxy(url.hostname, this.options.noProxy)) {
      let proxyUrl: URL;
      try {
        proxyUrl = new URL(proxy);
      } catch {
        const err = Object.assign(new Error('The proxy setting is not a URL.'), { code: 'ERR_INVALID_URL' });
        return () => Promise.reject(err);
      }
      fetcher = this.proxied ??= new NodeFetcher(this.tlsSettings(), proxyUrl);
    } else {
      fetcher = this.direct ??= new NodeFetcher(this.tlsSettings());
    }
    return (u, init) => fetcher.fetch(u, init);
  }

  /** Closes pooled connections (idle keep-alive sockets) and requests still in flight. */
  async close(): Promise<void> {
    for (const f of [this.direct, this.proxied]) f?.close();
    this.direct = this.proxied = undefined;
  }

  /** `ca` = Node's bundled roots plus the extra PEM; `rejectUnauthorized` = not `strictSSL: false`. */
  private tlsSettings(): TlsSettings {
    const rejectUnauthorized = this.options.strictSSL !== false;
    if (!this.options.ca) return { rejectUnauthorized };
    const extra = Buffer.isBuffer(this.options.ca) ? this.options.ca.toString('utf8') : this.options.ca;
    return { ca: [...rootCertificates, extra], rejectUnauthorized };
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
