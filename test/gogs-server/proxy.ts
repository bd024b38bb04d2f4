import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A minimal HTTP CONNECT proxy on loopback that records the targets it tunnelled to. */
export interface TestProxy {
  url: string;
  /** `host:port` of every CONNECT, in order. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * Starts a CONNECT-only forward proxy on 127.0.0.1 (what undici's `ProxyAgent` speaks). Tunnels
 * only to loopback: loopback targets, and names in `aliases` (e.g. `gogs.test`), which it sends
 * to 127.0.0.1 — so a client can use a non-loopback host name that only the proxy resolves.
 * Anything else gets 403.
 */
export async function startTestProxy(aliases: readonly string[] = ['gogs.test']): Promise<TestProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
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
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
