/**
 * A tiny node:http server for Prometheus: `GET /metrics` (exposition format of the given registry)
 * and `GET /healthz` (`ok`). Port 0 picks a free port; the bound port is returned.
 *
 *   const server = await startMetricsServer(registry, 9464);
 *   // ... later
 *   await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, type Registry } from 'prom-client';

export const DEFAULT_METRICS_HOST = '0.0.0.0';

export interface MetricsServerOptions {
  /**
   * Also register prom-client's default process metrics (CPU, memory, event loop lag, GC) on the
   * registry. Do this once per registry: a second call throws on duplicate names.
   * @default false
   */
  readonly collectDefaultMetrics?: boolean;
}

export interface MetricsServer {
  /** The bound port (the free one chosen when 0 was asked for). */
  readonly port: number;
  readonly host: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Starts serving `registry` on `host:port`; resolves once listening. */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host: string = DEFAULT_METRICS_HOST,
  options: MetricsServerOptions = {},
): Promise<MetricsServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`metrics port must be an integer in 0..65535 (0 picks a free port), got ${port}`);
  }
  if (options.collectDefaultMetrics === true) collectDefaultMetrics({ register: registry });

  const server = createServer((req, res) => {
    handle(registry, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`metrics collection failed: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;

  return {
    port: bound,
    host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(registry: Registry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  switch (path) {
    case '/metrics': {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    case '/healthz':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'ok\n');
      return;
    default:
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found: try /metrics or /healthz\n');
  }
}
