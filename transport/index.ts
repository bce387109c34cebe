/** Public surface of the transport layer: one interface, two implementations. */
export type { Collected, Delivery, PullOptions, QueuePolicy, Transport } from './transport.js';
export { DEFAULT_ACK_WAIT_MS, DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_DELIVER, queuePolicy } from './transport.js';
export { memoryTransport } from './memoryTransport.js';
export { natsTransport, type NatsTransportOptions } from './natsTransport.js';
export { connectNats, describeNats, natsConnectionOptions, type NatsConnectOptions, type NatsTlsOptions } from './natsOptions.js';
