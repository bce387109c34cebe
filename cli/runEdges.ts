/**
 * What a run opens to the outside before it writes anything: the transport (NATS or in-memory)
 * and the /metrics server. Both are opened first so that a run that cannot start (no NATS, a
 * port in use) fails with one line and leaves no run directory behind. NATS and prom-client are
 * imported here, and only when asked for: an embedded run without --metrics-port loads neither.
 */
import type { CoordinatorMetrics } from '../coordinator/metrics.js';
import type { MetricsServer } from '../coordinator/metricsServer.js';
import { memoryTransport } from '../transport/memoryTransport.js';
import type { Transport } from '../transport/transport.js';
import { UsageError } from './errors.js';
import { connectNats, type NatsFlags } from './natsFlags.js';

/** Embedded runs are one process: a shard is only redelivered if it outlives this. */
const EMBEDDED_ACK_WAIT_MS = 10 * 60_000;

export async function openTransport(flags: NatsFlags): Promise<{ transport: Transport; distributed: boolean }> {
  const nats = await connectNats(flags, 'identifiability-coordinator');
  return nats ? { transport: nats, distributed: true } : { transport: memoryTransport({ ackWaitMs: EMBEDDED_ACK_WAIT_MS }), distributed: false };
}

export interface MetricsEdge {
  readonly metrics: CoordinatorMetrics;
  readonly server: MetricsServer;
}

/** The coordinator's metrics served on `port`, or null without --metrics-port. */
export async function openMetrics(port: number | undefined): Promise<MetricsEdge | null> {
  if (port === undefined) return null;
  const [{ Registry }, { createCoordinatorMetrics }, { startMetricsServer }] = await Promise.all([
    import('prom-client'),
    import('../coordinator/metrics.js'),
    import('../coordinator/metricsServer.js'),
  ]);
  const registry = new Registry();
  const metrics = createCoordinatorMetrics(registry);
  try {
    return { metrics, server: await startMetricsServer(registry, port, '0.0.0.0', { collectDefaultMetrics: true }) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--metrics-port ${port}: the port is in use; pick another, or 0 for a free one`, { cause: err });
    if (code === 'EACCES') throw new UsageError(`--metrics-port ${port}: not allowed to listen on this port; pick one above 1023, or 0 for a free one`, { cause: err });
    throw err;
  }
}
