/**
 * The one bounded reader of users' files (src/input/bounded-read.ts): devices, pipes and directories are
 * refused before a byte is read (a FIFO without waiting for a writer), a file over its cap is refused by
 * its size alone, and what is read must be UTF-8.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError, readInputText } from '../../src/input/bounded-read.ts';

const dir = mkdtempSync(join(tmpdir(), 'wfm-bounded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function refusal(file: string, capBytes = 1024): string {
  try {
    readInputText(file, capBytes);
  } catch (error) {
    assert.ok(error instanceof InputFileError, String(error));
    assert.ok(error.message.startsWith(`${file}: `), 'the message names the file');
    return error.problem;
  }
  assert.fail(`${file} was read`);
}

test('devices, pipes and directories are refused before anything is read', () => {
  assert.match(refusal('/dev/zero'), /not a regular file \(a character device\)/);
  assert.match(refusal(dir), /not a regular file \(a directory\)/);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  // No writer ever opens it: a blocking open would hang this test.
  assert.match(refusal(fifo), /not a regular file \(a pipe\)/);
  assert.match(refusal(join(dir, 'absent.json')), /^cannot read: ENOENT/);
});

test('a file over its cap is refused by its size, before a byte is read', () => {
  const sparse = join(dir, 'sparse.json');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 600 * 1024 * 1024); // 600 MiB that take no disk: reading them would cost 1.25 GB
  closeSync(fd);
  const before = process.memoryUsage().rss;
  assert.equal(refusal(sparse, 32 * 1024 * 1024), `${600 * 1024 * 1024} bytes, over the ${32 * 1024 * 1024}-byte cap`);
  // 16 MiB of slack for the test runner's own allocations; a read would have added 600 MiB.
  assert.ok(process.memoryUsage().rss - before < 16 * 1024 * 1024);
});

test('a file of exactly its cap is read; one byte more is refused', () => {
  const file = join(dir, 'cap.txt');
  writeFileSync(file, 'x'.repeat(100));
  assert.equal(readInputText(file, 100).length, 100);
  assert.equal(refusal(file, 99), '100 bytes, over the 99-byte cap');
});

test('text must be UTF-8: the first bad byte is located; a BOM is dropped, a real U+FFFD kept', () => {
  const latin1 = join(dir, 'latin1.json');
  writeFileSync(latin1, Buffer.concat([Buffer.from('{"a":\n"\uFFFD caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
  assert.equal(refusal(latin1), 'not UTF-8 text: line 2, byte 14 (save the file as UTF-8)');
  const bom = join(dir, 'bom.json');
  writeFileSync(bom, '\uFEFF{"name":"\u2603 \uFFFD"}');
  assert.equal(readInputText(bom, 1024), '{"name":"\u2603 \uFFFD"}');
});
