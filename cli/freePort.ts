/** A loopback port that was free a moment ago; the small race with other processes is accepted. */
import { createServer } from 'node:net';

/**
 * `freePort` for a caller that hands out several ports before anything listens on them: the
 * kernel may give a port it just gave again once its probe is closed, so each pick is added to
 * `taken` and a port already in it is drawn again.
 */
export async function distinctFreePort(taken: Set<number>, pick: () => Promise<number> = freePort): Promise<number> {
  for (;;) {
    const port = await pick();
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

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
