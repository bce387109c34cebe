import test from 'ava';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../../coordinator/makeDirectory.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'makedir-'));

test('creates every missing component, and an existing directory is no error', async (t) => {
  const root = scratch();
  const deep = join(root, 'a', 'b', 'c');
  await makeDirectory(deep);
  t.true(statSync(deep).isDirectory());
  await makeDirectory(deep);
  await makeDirectory(join(root, 'a'));
  t.true(statSync(deep).isDirectory());
});

test('a file in the way is ENOTDIR, whether it is the path or above it, and nothing is created', async (t) => {
  const root = scratch();
  const file = join(root, 'f');
  writeFileSync(file, 'x');
  await t.throwsAsync(makeDirectory(file), { code: 'ENOTDIR' });
  await t.throwsAsync(makeDirectory(join(file, 'below', 'more')), { code: 'ENOTDIR' });
  t.false(existsSync(join(file, 'below')));
});

// Node's own recursive mkdir never returns here (procfs answers ENOENT for /proc/x).
test('a path the kernel refuses ends with its code instead of hanging', async (t) => {
  if (!existsSync('/proc/self')) return t.pass('no procfs here');
  await t.throwsAsync(makeDirectory('/proc/identifiability-test/run'), { code: 'ENOENT' });
});
