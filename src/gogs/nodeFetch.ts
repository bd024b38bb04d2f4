import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { Readable, pipeline } from 'node:stream';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';

/** Certificate checks for the server, and for an `https://` proxy. */
export interface TlsSettings {
  /** Trusted roots, PEM; omitted: Node's bundled roots (`tls.rootCertificates`). */
  ca?: string[];
  /** Verify the peer's certificate chain and name. */
  rejectUnauthorized: boolean;
}

/** Statuses whose response has no body (Fetch standard, "null body status"). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
/** More codings than this in one `Content-Encoding` is refused, as Node's own `fetch` does. */
const MAX_CODINGS = 5;
/** What fetch offers by default; the adapter decodes each of them. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Lenient flushing, as fetch does: a stream cut short after the last full block still decodes. */
const ZLIB_LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };
/** How far (bytes) the response body stream reads ahead of its reader. */
const BODY_QUEUE_BYTES = 64 * 1024;
/** Request option carrying the caller's signal down to the proxied agent's `createConnection`. */
const TUNNEL_SIGNAL = Symbol('gkh.tunnelSignal');

type TunnelArgs = https.RequestOptions & { [TUNNEL_SIGNAL]?: AbortSignal };

/**
 * A `fetch` for the Gogs client on Node's `http`/`https` modules, for what the global `fetch`
 * cannot do: trust extra CA certificates, skip certificate checks, go through an HTTP(S) proxy.
 *
 * It speaks the subset of the Fetch standard the client uses: method, headers, a `string` /
 * `Buffer` / `Uint8Array` body, `signal`. It answers with a real global `Response` (status,
 * headers, a streamed body) and, like fetch, decodes `Content-Encoding` `gzip` / `x-gzip`,
 * `deflate` (zlib format, RFC 9110 §8.4.1.2) and `br`, stacked up to 5 deep; with an unknown
 * coding the body is passed on undecoded. Decoding is streamed with back-pressure, so a reader
 * that stops early holds only about one chunk. Differences from fetch: redirects are never
 * followed (every request behaves as `redirect: 'manual'`, returning the 3xx itself),
 * `statusText` and `url` of the response are empty, and there are no cookies, caches or CORS.
 *
 * Errors: the promise (or a read of the body) rejects with Node's own socket / TLS errors, whose
 * `code` tells the cause (`ECONNREFUSED`, `ECONNRESET`, `DEPTH_ZERO_SELF_SIGNED_CERT`, …); with
 * `ERR_PROXY_TUNNEL` when the proxy refuses the CONNECT; on abort with `signal.reason` (an
 * `AbortError`, or the `TimeoutError` of `AbortSignal.timeout`), as fetch does.
 *
 * With `proxy`, every request (https:// and http://) goes through an HTTP CONNECT tunnel
 * (RFC 9110 §9.3.6) to `host:port`, as undici's `ProxyAgent` did; TLS to an https:// server is
 * then spoken inside the tunnel with SNI for the server's name. Credentials in the proxy URL
 * (`http://user:pass@proxy:3128`, percent-encoded) are sent as `Proxy-Authorization: Basic`. An
 * `https://` proxy is reached over TLS with the same {@link TlsSettings}.
 *
 * Idle connections are kept alive for reuse (one keep-alive agent per scheme) until
 * {@link NodeFetcher.close}.
 *
 * Requests are built with `new http.ClientRequest` rather than `http.request` / `https.request`:
 * VS Code replaces those two functions in the extension host (`@vscode/proxy-agent`
 * `createHttpPatch`) and, with its default `http.proxySupport: override`, swaps the caller's agent
 * for its own, which would drop this class's tunnel and TLS settings.
 */
export class NodeFetcher {
  private readonly agents = new Map<'http:' | 'https:', http.Agent>();
  private readonly tunnels = new Set<http.ClientRequest>();

  /**
   * @param tlsSettings certificate checks for the server (and an https:// proxy)
   * @param proxy an `http:` or `https:` proxy URL; others make every request reject
   *   (`ERR_PROXY_PROTOCOL`)
   */
  constructor(
    private readonly tlsSettings: TlsSettings,
    private readonly proxy?: URL,
  ) {}

  /**
   * Sends one request; see the class description for what is supported.
   * @param input an absolute `http:` or `https:` URL
   * @returns the response once its headers arrived; the body streams afterwards
   */
  fetch(input: string, init: RequestInit = {}): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortReason(signal));
      let url: URL;
      let body: Buffer | undefined;
      let headers: Record<string, string>;
      const method = (init.method ?? 'GET').toUpperCase();
      try {
        url = new URL(input);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`fetch: unsupported scheme ${url.protocol}`);
        if (this.proxy && this.proxy.protocol !== 'http:' && this.proxy.protocol !== 'https:') {
          throw Object.assign(new Error(`The proxy uses ${this.proxy.protocol}//; only http:// and https:// proxies work.`), { code: 'ERR_PROXY_PROTOCOL' });
        }
        body = bodyBytes(init.body);
        if (body && (method === 'GET' || method === 'HEAD')) throw new TypeError(`fetch: a ${method} request cannot have a body`);
        headers = outgoingHeaders(init.headers, body);
      } catch (err) {
        return reject(err);
      }

      const options: TunnelArgs = {
        protocol: url.protocol,
        hostname: unbracket(url.hostname),
        port: url.port || undefined,
        path: url.pathname + url.search,
        method,
        headers,
        agent: this.agent(url.protocol),
        [TUNNEL_SIGNAL]: signal,
      };
      // Not http(s).request, which VS Code replaces (see the class comment).
      const req = new http.ClientRequest(options);
      let stream: Readable | undefined;
      let settled = false;
      const stopListening = (): void => signal?.removeEventListener('abort', onAbort);
      const fail = (err: Error): void => {
        stopListening();
        stream?.destroy(err);
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const onAbort = (): void => {
        const reason = abortReason(signal as AbortSignal);
        req.destroy(reason);
        fail(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.on('response', (res: http.IncomingMessage) => {
        try {
          const responseHeaders = incomingHeaders(res.rawHeaders);
          const status = res.statusCode ?? 0;
          if (method === 'HEAD' || NULL_BODY_STATUS.has(status)) {
            res.on('close', stopListening);
            res.resume();
            settled = true;
            resolve(new Response(null, { status, headers: responseHeaders }));
            return;
          }
          const decoders = decodersFor(res.headers['content-encoding']);
          if (decoders.length > 0) pipeline([res, ...decoders], () => undefined);
          stream = decoders.length > 0 ? decoders[decoders.length - 1] : res;
          stream.on('close', stopListening);
          // A byte-counted queue: the web stream pulls at most ~64 KiB ahead of its reader.
          const strategy = new ByteLengthQueuingStrategy({ highWaterMark: BODY_QUEUE_BYTES });
          const webBody = Readable.toWeb(stream, { strategy }) as unknown as ReadableStream<Uint8Array>;
          settled = true;
          resolve(new Response(webBody, { status, headers: responseHeaders }));
        } catch (err) {
          res.destroy();
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      });
      req.end(body);
    });
  }

  /** Closes idle and active connections, and tunnels still being set up. Later requests open new ones. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    for (const t of this.tunnels) t.destroy();
    this.tunnels.clear();
  }

  /** The keep-alive agent for `protocol`; through the proxy when there is one. */
  private agent(protocol: string): http.Agent {
    const key = protocol === 'https:' ? 'https:' : 'http:';
    let agent = this.agents.get(key);
    if (agent) return agent;
    agent = key === 'https:' ? new https.Agent({ keepAlive: true, ...this.tlsSettings }) : new http.Agent({ keepAlive: true });
    if (this.proxy) {
      const proxy = this.proxy;
      agent.createConnection = (opts, callback) => {
        this.tunnel(proxy, opts as TunnelArgs, key === 'https:', callback as (err: Error | null, socket?: Duplex) => void);
        return undefined;
      };
    }
    this.agents.set(key, agent);
    return agent;
  }

  /**
   * Opens a CONNECT tunnel through `proxy` to the target of `opts` and hands `callback` the
   * socket: the raw tunnel for http://, a TLS socket inside it for https://.
   */
  private tunnel(proxy: URL, opts: TunnelArgs, secure: boolean, callback: (err: Error | null, socket?: Duplex) => void): void {
    const host = unbracket(String(opts.hostname ?? opts.host ?? 'localhost'));
    const port = Number(opts.port) || (secure ? 443 : 80);
    const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: authority };
    if (proxy.username || proxy.password) {
      const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(cred, 'utf8').toString('base64')}`;
    }
    const proxyHttps = proxy.protocol === 'https:';
    const connect = new http.ClientRequest({
      protocol: proxy.protocol,
      hostname: unbracket(proxy.hostname),
      port: proxy.port || (proxyHttps ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      // A one-off agent: the tunnel's socket leaves it at once, on 'connect'.
      agent: proxyHttps ? new https.Agent(this.tlsSettings) : new http.Agent(),
      signal: opts[TUNNEL_SIGNAL],
    });
    this.tunnels.add(connect);
    const done = (err: Error | null, socket?: Duplex): void => {
      this.tunnels.delete(connect);
      callback(err, socket);
    };
    connect.once('connect', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(Object.assign(new Error(`The proxy answered ${res.statusCode} to CONNECT ${authority}.`), { code: 'ERR_PROXY_TUNNEL' }));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      if (!secure) return done(null, socket);
      const servername = opts.servername || (net.isIP(host) ? undefined : host);
      done(null, tls.connect({ socket, host, servername, ...this.tlsSettings }));
    });
    connect.once('error', (err) => done(err));
    connect.end();
  }
}

/** `signal.reason` when it is an Error, else a DOMException `AbortError` (what fetch rejects with). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/** `[::1]` → `::1`; other names unchanged. */
function unbracket(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The request body as bytes. @throws TypeError for bodies the adapter does not send (streams, forms, blobs). */
function bodyBytes(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('fetch adapter: only string, Buffer, Uint8Array and ArrayBuffer bodies are supported');
}

/** Headers to send, lower-case names: `init.headers`, plus `accept-encoding` and `content-length` as fetch adds them. */
function outgoingHeaders(init: RequestInit['headers'], body: Buffer | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => {
    out[name] = value;
  });
  out['accept-encoding'] ??= ACCEPT_ENCODING;
  if (body) out['content-length'] = String(body.length);
  return out;
}

/** A `Headers` from Node's `rawHeaders` (name, value, name, value, …); repeated names are appended; values fetch would refuse are dropped. */
function incomingHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // Not a valid header for fetch: leave it out, as a browser would.
    }
  }
  return headers;
}

/**
 * Decompressors for a `Content-Encoding` value, in the order to apply them (the last coding
 * listed was applied last by the server, so it is undone first).
 * @throws Error when more than 5 codings are listed
 */
function decodersFor(value: string | undefined): Duplex[] {
  const codings = value ? value.toLowerCase().split(',').map((c) => c.trim()).filter(Boolean) : [];
  if (codings.length > MAX_CODINGS) throw new Error(`Too many content codings in the response (${codings.length}; at most ${MAX_CODINGS}).`);
  // An unknown coding anywhere: hand the body on as it came, as fetch does.
  if (!codings.every((c) => c === 'gzip' || c === 'x-gzip' || c === 'deflate' || c === 'br')) return [];
  const decoders: Duplex[] = [];
  for (const coding of codings.reverse()) {
    if (coding === 'deflate') decoders.push(zlib.createInflate(ZLIB_LENIENT));
    else if (coding === 'br') decoders.push(zlib.createBrotliDecompress(BROTLI_LENIENT));
    else decoders.push(zlib.createGunzip(ZLIB_LENIENT));
  }
  return decoders;
}
