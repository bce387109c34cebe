/** A loopback port that was free a moment ago; the small race with other processes is accepted. */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      if (address === null || typeof address === 'string') {
        srv.close(() => reject(new Error('could not pick a free port')));
        return;
      }
      srv.close(() => resolve(address.port));
    });
  });
}
