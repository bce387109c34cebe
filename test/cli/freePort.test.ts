import test from 'ava';
import { distinctFreePort, freePort } from '../../cli/freePort.js';

test('distinctFreePort draws again when the kernel gives back a port already handed out', async (t) => {
  // A kernel that reuses a just-closed port: 5001 twice, then 5002.
  const given = [5001, 5001, 5001, 5002];
  const pick = async (): Promise<number> => given.shift() as number;
  const taken = new Set<number>();
  t.is(await distinctFreePort(taken, pick), 5001);
  t.is(await distinctFreePort(taken, pick), 5002);
  t.deepEqual([...taken], [5001, 5002]);
  t.deepEqual(given, []);
});

test('with the real kernel, picks are distinct and none is one already taken', async (t) => {
  const first = await freePort();
  const taken = new Set<number>([first]);
  const picks: number[] = [];
  for (let i = 0; i < 10; i++) picks.push(await distinctFreePort(taken));
  t.is(new Set(picks).size, picks.length);
  t.false(picks.includes(first));
});
