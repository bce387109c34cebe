import test from 'ava';
import { busyMeter } from '../../worker/busyMeter.js';

function clocked(threads: number) {
  let t = 0;
  const meter = busyMeter(threads, () => t);
  return { meter, advance: (ms: number) => (t += ms) };
}

test('an idle pool reads 0 and a fully busy one reads 1', (t) => {
  const { meter, advance } = clocked(2);
  advance(1000);
  t.is(meter.sample(), 0);
  const ends = [meter.begin(), meter.begin()];
  advance(1000);
  t.is(meter.sample(), 1);
  for (const end of ends) end();
});

test('one of two threads busy half the time reads 0.25', (t) => {
  const { meter, advance } = clocked(2);
  const end = meter.begin();
  advance(500);
  end();
  advance(500);
  t.is(meter.sample(), 0.25);
});

test('a task running across samples is split between them, never counted twice', (t) => {
  const { meter, advance } = clocked(1);
  advance(500);
  const end = meter.begin();
  advance(500);
  t.is(meter.sample(), 0.5);
  advance(250);
  end();
  advance(750);
  t.is(meter.sample(), 0.25);
  advance(1000);
  t.is(meter.sample(), 0);
});

test('ending a task twice counts it once; a sample at the same instant reads 0', (t) => {
  const { meter, advance } = clocked(1);
  const end = meter.begin();
  advance(400);
  end();
  end();
  advance(600);
  t.is(meter.sample(), 0.4);
  t.is(meter.sample(), 0);
});
