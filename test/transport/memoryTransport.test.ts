import test from 'ava';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { transportConformance } from './conformance.js';

transportConformance(test, 'memory', async (policy) => memoryTransport(policy));

test('memory: rejects a bad policy with the field name', (t) => {
  t.throws(() => memoryTransport({ maxDeliver: 0 }), { message: 'transport.maxDeliver must be a positive integer, got 0' });
});
