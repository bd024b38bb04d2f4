import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A minimal HTTP CONNECT proxy on loopback that records the targets it tunnelled to. */
export interface TestProxy {
  url: string;
  /** `host:port` of every CONNECT, in order. */
  connects: string[];
  /** The `Proxy-Authorization` header of every CONNECT (`undefined` when absent), in order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * Starts a CONNECT-only forward proxy on 127.0.0.1 (what the Gogs client's proxied transport
 * speaks). Tunnels only to loopback: loopback targets, and names in `aliases` (e.g.
 * `gogs.test`), which it sends to 127.0.0.1 — so a client can use a non-loopback host name that
 * only the proxy resolves. Anything else gets 403.
 * @param tls serve the proxy itself over TLS (an `https://` proxy) with this key/cert (PEM)
 */
export async function startTestProxy(
  aliases: readonly string[] = ['gogs.test'],
  tls?: { key: string; cert: string },
): Promise<TestProxy> {
  const connects: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<net.Socket>();
  const refuse: http.RequestListener = (_req, res) => {
    res.writeHead(405);
    res.end();
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, refuse) : http.createServer(refuse);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    authorizations.push(req.headers['proxy-authorization']);
    const m = /^(.*):(\d+)$/.exec(target);
    const named = m ? m[1].replace(/^\[|\]$/g, '') : '';
    const host = aliases.includes(named) ? '127.0.0.1' : named;
    if (!m || !['127.0.0.1', 'localhost', '::1'].includes(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(m[2]), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    connects,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
