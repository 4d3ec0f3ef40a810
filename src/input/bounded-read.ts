/**
 * The one way a user's file is read (scenario, serve --config, strategies, thresholds, faults, sync input and
 * journal, dst --export, baseline, results, traces): opened without blocking, checked as a regular file within
 * its cap BEFORE a byte is read, read with a byte limit, and decoded as UTF-8 that must be valid. Pipes,
 * devices and directories are refused: `sync --input /dev/zero` used to grow to 16 GB and die in
 * std::bad_alloc, and a cap checked after a whole read bounds nothing (docs/cli.md "Input files").
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';

const MiB = 1024 * 1024;

/** Caps per kind of input file (bytes), each far above what a real file of the kind holds. */
export const INPUT_CAPS_BYTES = {
  /** A scenario file: a world's shape, pressures, load and strategies (the catalogue's are under 10 KiB). */
  scenario: 4 * MiB,
  /** serve --config: clock, pressures, up to 1,000 OAuth clients. */
  config: 4 * MiB,
  /** Strategy, thresholds and faults files: a handful of small objects. */
  small: 1 * MiB,
  /** sync --input and dst --export (src/sync/legacy-export.ts): 200,000 rows at most. */
  swaps: 32 * MiB,
  /** The sync journal: a few lines per trade of a 200,000-row input. */
  journal: 256 * MiB,
  /** results.json and the baseline: every run's metrics, per strategy and scenario. */
  results: 128 * MiB,
  /** sim --trace's trace.jsonl, read by explain. */
  trace: 512 * MiB,
} as const;

/** A file refused or unreadable; `message` names the file and is ready to print. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputFileError';
  }
}

/** Bytes read per call: small enough that a file that grows while read is caught close to its cap. */
const CHUNK_BYTES = 1 * MiB;

/** The whole text of a regular file of at most `capBytes` bytes, valid UTF-8 (a leading BOM dropped). */
export function readInputText(file: string, capBytes: number): string {
  return decodeUtf8(file, readInputBytes(file, capBytes));
}

/** The bytes of a regular file of at most `capBytes` bytes (a file hashed as it is: content-hash.ts). */
export function readInputBytes(file: string, capBytes: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputFileError(file, `cannot read: ${(error as Error).message}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(file, `not a regular file (${kindOf(stats)}); give a file`);
    if (stats.size > capBytes) throw new InputFileError(file, `${stats.size} bytes, over the ${capBytes}-byte cap`);
    return readAtMost(file, fd, capBytes, stats.size);
  } finally {
    closeSync(fd);
  }
}

/** Read until end of file, refusing the file once it passes `capBytes` (it may grow after fstat). */
function readAtMost(file: string, fd: number, capBytes: number, sizeHint: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(sizeHint, capBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > capBytes) throw new InputFileError(file, `more than ${capBytes} bytes, over the cap`);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, capBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, Math.min(CHUNK_BYTES, buffer.length - length), null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}

function decodeUtf8(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError(file, `not UTF-8 text: ${firstInvalidUtf8(bytes)} (save the file as UTF-8)`);
  }
}

/**
 * Where the first invalid sequence is, as "line N, byte B": decoded leniently, the first U+FFFD that the
 * file's bytes do not spell (EF BF BD) is the first replacement the decoder made.
 */
function firstInvalidUtf8(bytes: Buffer): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  let byte = 0;
  let line = 1;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0xfffd && !(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd))
      return `line ${line}, byte ${byte}`;
    if (code === 0x0a) line++;
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (at++, 4) : 3;
  }
  return 'an invalid sequence';
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
