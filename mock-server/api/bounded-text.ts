/**
 * Text the mock keeps from a request (the legacy-id header on a trade and in the audit tally, the request
 * journal's values), bounded in bytes. A 15 KB legacy-id header used to be kept whole in each of the
 * journal's 50,000 entries: 60,000 unauthenticated requests took the mock from 204 MB to 1.1 GB. An
 * oversized value keeps its first characters, whole (never half a UTF-8 sequence), and a visible mark with
 * how much was cut and a hash of the whole value, so two long ids that share a prefix stay two ids
 * (docs/mock-server.md "Bounded memory"). Pure: no Buffer, no TextEncoder.
 */
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';

/** A kept value is at most this many UTF-8 bytes, its mark included. */
export const KEPT_TEXT_MAX_BYTES = 256;
/** What an oversized value keeps of itself before the mark (UTF-8 bytes): the mark fits in the rest. */
const KEPT_PREFIX_BYTES = 192;

/** `value` as kept: itself when within KEPT_TEXT_MAX_BYTES, else its prefix and `...[+N bytes #hash]`. */
export function boundedText(value: string): string {
  // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units): short strings pass at once.
  if (value.length * 3 <= KEPT_TEXT_MAX_BYTES) return value;
  const total = utf8Bytes(value, value.length);
  if (total <= KEPT_TEXT_MAX_BYTES) return value;
  let end = 0;
  let bytes = 0;
  while (end < value.length) {
    const width = charWidth(value, end);
    if (bytes + width.bytes > KEPT_PREFIX_BYTES) break;
    bytes += width.bytes;
    end += width.units;
  }
  // ASCII mark: one non-Latin-1 character would store the whole kept value two bytes per character.
  return detached(`${value.slice(0, end)}...[+${total - bytes} bytes #${fnv1a(value)}]`);
}

/** The request's legacy-id header as the mock keeps it (a trade's legacyId, the audit, the journal); '' is none. */
export function legacyIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers[LEGACY_ID_HEADER];
  return typeof raw === 'string' && raw !== '' ? boundedText(raw) : undefined;
}

/** UTF-8 bytes of value[0, end). */
function utf8Bytes(value: string, end: number): number {
  let bytes = 0;
  for (let at = 0; at < end;) {
    const width = charWidth(value, at);
    bytes += width.bytes;
    at += width.units;
  }
  return bytes;
}

/** The UTF-8 bytes and UTF-16 units of the character at `at` (a lone surrogate counts as U+FFFD, 3 bytes). */
function charWidth(value: string, at: number): { bytes: number; units: number } {
  const code = value.charCodeAt(at);
  if (code < 0x80) return ONE;
  if (code < 0x800) return TWO;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(at + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return PAIR;
  }
  return THREE;
}

const ONE = { bytes: 1, units: 1 };
const TWO = { bytes: 2, units: 1 };
const THREE = { bytes: 3, units: 1 };
const PAIR = { bytes: 4, units: 2 };

/** FNV-1a over the UTF-16 units, 8 hex digits: tells apart long values that share their kept prefix. */
function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let at = 0; at < value.length; at++) {
    hash ^= value.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A copy of a string that holds on to nothing else. A slice (a path parameter of the URL, the prefix of a
 * 15 KB header) keeps its whole parent alive; prepending makes V8 flatten into a new string, and slicing
 * that one keeps only it (lossless for any text).
 */
export function detached(text: string): string {
  return ` ${text}`.slice(1);
}
