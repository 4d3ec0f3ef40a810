/**
 * Attribution rules 5 and 6 (attribute.ts): a read that names only an agent or a schedule goes to the
 * trades in flight then, from spans built once every other request has found its trade.
 */
import type { Draft } from './attribute.ts';
import type { JournalRow } from './truth.ts';

interface Span {
  draft: Draft;
  fromMs: number;
  toMs: number;
}

export interface Readers {
  byAgent: Map<string, Span[]>;
  bySchedule: Map<string, Span[]>;
}

const arrival = (e: JournalRow): number => e.arrivedAtMs ?? e.atMs;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * From a draft's first request (or its creation) to the answer of its last one: the client's own span.
 * Not the trade's last modification: a background re-save keeps bumping an open trade long after its client left.
 */
function spanOf(draft: Draft): { fromMs: number; toMs: number } {
  const created = draft.trade?.createdMs;
  return {
    fromMs: draft.entries.reduce((ms, e) => Math.min(ms, arrival(e)), created ?? Infinity),
    toMs: draft.entries.reduce((ms, e) => Math.max(ms, e.atMs), created ?? -Infinity),
  };
}

/** Every draft's span, by each of its agents and by its schedule: built once, before any read is placed. */
export function readersOf(drafts: Iterable<Draft>): Readers {
  const readers: Readers = { byAgent: new Map(), bySchedule: new Map() };
  for (const draft of drafts) {
    const span = { draft, ...spanOf(draft) };
    for (const agent of new Set([draft.initiatingAgentId, draft.receivingAgentId]))
      if (agent !== undefined) push(readers.byAgent, agent, span);
    if (draft.scheduleId !== undefined) push(readers.bySchedule, draft.scheduleId, span);
  }
  return readers;
}

/**
 * The drafts a read belongs to: an agent's in flight (all of them), else its last before the read, else its
 * next after; a schedule's one in flight, else the same. A string says why it belongs to none.
 */
export function placeRead(entry: JournalRow, readers: Readers): Draft[] | string {
  const atMs = arrival(entry);
  const agent = entry.agentId;
  const spans =
    (agent !== undefined ? readers.byAgent.get(agent) : readers.bySchedule.get(entry.scheduleId ?? '')) ?? [];
  const inFlight = spans.filter((s) => s.fromMs <= atMs && atMs <= s.toMs);
  if (agent === undefined && inFlight.length > 1) return 'reads a schedule with several trades in flight';
  const chosen =
    inFlight.length > 0
      ? inFlight
      : [
          spans.filter((s) => s.toMs < atMs).sort((a, b) => b.toMs - a.toMs)[0] ??
            spans.filter((s) => s.fromMs > atMs).sort((a, b) => a.fromMs - b.fromMs)[0],
        ].filter((s) => s !== undefined);
  if (chosen.length === 0)
    return agent !== undefined ? 'reads an agent with no trade' : 'reads a schedule with no trade';
  return chosen.map((s) => s.draft);
}
