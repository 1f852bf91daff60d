/** A local webhook receiver on 127.0.0.1: records every request and answers as scripted per path. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  raw: Buffer;
  body: any;
}

export interface Receiver {
  /** The URL of a path on this receiver. */
  url(path: string): string;
  /** The statuses the next requests to the path are answered with, in order (0: no answer at all); afterwards 200. */
  script(path: string, statuses: number[]): void;
  /** Requests to the path (all paths when omitted), in arrival order. */
  received(path?: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = req.url ?? '/';
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
      requests.push({ path, method: req.method ?? '', headers: req.headers, raw, body });
      const status = scripts.get(path)?.shift() ?? 200;
      if (status === 0) return; // hangs until the client gives up or the receiver closes
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 300 ? `scripted ${status}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    received: (path) => requests.filter((r) => path === undefined || r.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
