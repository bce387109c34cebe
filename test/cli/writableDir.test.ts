/**
 * Output paths are checked before any work (cli/writableDir.ts): a missing or read-only directory,
 * a path that is a directory, and an input file given as the output are each one UsageError
 * naming the flag.
 */
import test from 'ava';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureWritableDir } from '../../cli/writableDir.js';
import { UsageError } from '../../cli/errors.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-outpath-');
const model = join(tmp, 'model.pt');
writeFileSync(model, 'not really a model');

test('a new file in a writable directory, or an existing file that is no input, passes', async (t) => {
  await t.notThrowsAsync(ensureWritableDir(join(tmp, 'out.json'), '--json', [['input file', model]]));
  writeFileSync(join(tmp, 'old.json'), '{}');
  await t.notThrowsAsync(ensureWritableDir(join(tmp, 'old.json'), '--json', [['input file', model], ['--data file', undefined]]));
});

test('an existing directory is refused (the rename at the end would fail with EISDIR), with or without a trailing slash', async (t) => {
  await t.throwsAsync(ensureWritableDir(tmp, '--json'), { instanceOf: UsageError, message: `--json ${tmp}: is a directory; give a file path (e.g. ${join(tmp, 'out.json')})` });
  await t.throwsAsync(ensureWritableDir(join(tmp, 'new-dir/'), '--out'), { instanceOf: UsageError, message: /^--out .*new-dir\/: is a directory/ });
});

test('a missing directory, or a file in place of the directory, is refused', async (t) => {
  await t.throwsAsync(ensureWritableDir(join(tmp, 'none', 'out.json'), '--slice-times'), { instanceOf: UsageError, message: /^--slice-times .*out\.json: directory .*none does not exist or is not writable$/ });
  await t.throwsAsync(ensureWritableDir(join(model, 'out.json')), { instanceOf: UsageError, message: /^--json .*: directory .*model\.pt does not exist or is not writable$/ });
});

test('the input file itself is refused, however it is spelled: relative, through .., through a linked directory', async (t) => {
  const inputs = [['input file', model], ['--data file', undefined]] as const;
  await t.throwsAsync(ensureWritableDir(model, '--json', inputs), { instanceOf: UsageError, message: `--json ${model}: is the input file itself; writing there would overwrite it` });
  await t.throwsAsync(ensureWritableDir(relative(process.cwd(), model), '--json', inputs), { message: /is the input file itself/ });
  mkdirSync(join(tmp, 'sub'));
  await t.throwsAsync(ensureWritableDir(join(tmp, 'sub', '..', 'model.pt'), '--json', inputs), { message: /is the input file itself/ });
  symlinkSync(tmp, join(tmp, 'dir-link'));
  await t.throwsAsync(ensureWritableDir(join(tmp, 'dir-link', 'model.pt'), '--json', inputs), { message: /is the input file itself/ });
  const data = join(tmp, 'data.csv');
  writeFileSync(data, '0,1,1\n');
  await t.throwsAsync(ensureWritableDir(data, '--json', [['input file', model], ['--data file', data]]), { message: /data\.csv: is the --data file itself/ });
});

test('a link to the input is another directory entry: the write replaces the link, not the input, so it passes', async (t) => {
  symlinkSync(model, join(tmp, 'link.pt'));
  linkSync(model, join(tmp, 'hard.pt'));
  for (const out of ['link.pt', 'hard.pt']) await t.notThrowsAsync(ensureWritableDir(join(tmp, out), '--json', [['input file', model]]), out);
});
