/**
 * Node decodes header bytes as Latin-1, so a legacy id a client sent as UTF-8 arrived garbled
 * (`swap-☃` journaled as `swap-â\x98\x83`). The legacy-id header is read back as UTF-8 when its bytes are
 * valid UTF-8, and left as Latin-1 when they are not (a client that sends Latin-1 bytes keeps its
 * `é`). The simulator's headers are JS strings already and never come through here.
 */
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';

type Headers = Record<string, string | string[] | undefined>;

/** `headers`, with the legacy id re-read as UTF-8 when it holds such bytes (a copy only then). */
export function withUtf8LegacyId<H extends Headers>(headers: H): H {
  const raw = headers[LEGACY_ID_HEADER];
  if (typeof raw !== 'string' || !/[\x80-\xff]/.test(raw) || /[^\x00-\xff]/.test(raw)) return headers;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(raw, 'latin1'));
  } catch {
    return headers; // not UTF-8: Latin-1 it is
  }
  return { ...headers, [LEGACY_ID_HEADER]: decoded };
}
