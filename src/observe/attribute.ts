/**
 * The attribution rules (docs/observe.md "Attribution"): which journaled request belongs to which trade,
 * from the server's record alone. In order, the first that applies:
 *  1. a trade id — in the path, or the trade a create's answer made (the journal keeps it) → that trade;
 *  2. a job id the journal has already tied to a trade (the job's create) → that trade (its polls);
 *  3. an initiating shift id (create body, compat swap, compat lookup) → the trade of that shift created
 *     at or after the request (the try that later worked), else the last one before it (a refused second
 *     create); none at all → an attempt the server never made a trade of ("refused"), keyed by the shift;
 *  4. a legacy id (x-harness-legacy-id) alone → the same, by legacy id;
 *  5. an agent's trade list → every trade of that agent in flight then; none in flight: the agent's last
 *     trade before it (a check after the outcome), else its next one (a look before the create);
 *  6. a schedule read → the one trade of that schedule in flight then; several in flight: unattributed.
 * Whatever is left is counted by reason and route, never dropped (Attribution.unattributed).
 */
import type { JournalRow, ServerTruth, TradeRow } from './truth.ts';
import { placeRead, readersOf } from './read-placement.ts';

/** One swap as the server saw it: a trade it holds, or an attempt it never made a trade of. */
export interface Draft {
  key: string;
  trade?: TradeRow;
  legacyId?: string;
  initiatingShiftId?: string;
  receivingShiftId?: string;
  initiatingAgentId?: string;
  receivingAgentId?: string;
  scheduleId?: string;
  /** Its requests, oldest first; an agent read in flight for two trades is in both. */
  entries: JournalRow[];
}

export interface Attribution {
  drafts: Draft[];
  /** API requests no rule could tie to a trade, by reason and by route. */
  unattributed: { requests: number; byReason: Record<string, number>; byRoute: Record<string, number> };
}

const arrival = (e: JournalRow): number => e.arrivedAtMs ?? e.atMs;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Of trades sorted by creation: the first created at or after `atMs`, else the last before it. */
function nearestTrade(trades: readonly TradeRow[], atMs: number): TradeRow | undefined {
  return trades.find((t) => t.createdMs >= atMs) ?? trades.at(-1);
}

export class Attributor {
  private readonly drafts = new Map<string, Draft>();
  private readonly byShift = new Map<string, TradeRow[]>();
  private readonly byLegacy = new Map<string, TradeRow[]>();
  private readonly jobs = new Map<string, Draft>();
  private readonly attempts = new Map<string, Draft>();
  private readonly unattributed: Attribution['unattributed'] = { requests: 0, byReason: {}, byRoute: {} };

  constructor(private readonly truth: ServerTruth) {
    const trades = [...truth.trades].sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
    for (const trade of trades) {
      this.drafts.set(trade.id, {
        key: trade.id,
        trade,
        initiatingShiftId: trade.initiatingShiftId,
        initiatingAgentId: trade.initiatingUserId,
        scheduleId: trade.scheduleId,
        entries: [],
        ...(trade.legacyId === undefined ? {} : { legacyId: trade.legacyId }),
        ...(trade.receivingShiftId === undefined ? {} : { receivingShiftId: trade.receivingShiftId }),
        ...(trade.receivingUserId === undefined ? {} : { receivingAgentId: trade.receivingUserId }),
      });
      push(this.byShift, trade.initiatingShiftId, trade);
      if (trade.legacyId !== undefined) push(this.byLegacy, trade.legacyId, trade);
    }
  }

  run(): Attribution {
    const later: JournalRow[] = [];
    for (const entry of this.truth.journal) {
      const draft = this.direct(entry);
      if (draft === 'later') later.push(entry);
      else if (draft) this.attach(draft, entry);
    }
    const readers = readersOf(this.drafts.values());
    for (const entry of later) {
      const placed = placeRead(entry, readers);
      if (typeof placed === 'string') this.drop(entry, placed);
      else for (const draft of placed) draft.entries.push(entry);
    }
    for (const draft of this.drafts.values()) draft.entries.sort((a, b) => a.seq - b.seq);
    return { drafts: [...this.drafts.values()], unattributed: this.unattributed };
  }

  /** Rules 1–4; 'later' for reads that name an agent or schedule (rules 5–6 need every trade's span first). */
  private direct(entry: JournalRow): Draft | 'later' | undefined {
    if (entry.tradeId !== undefined) {
      const draft = this.drafts.get(entry.tradeId);
      if (!draft) this.drop(entry, 'names a trade the server does not hold (unknown, or retired past retention)');
      return draft;
    }
    const byJob = entry.jobId === undefined ? undefined : this.jobs.get(entry.jobId);
    if (byJob) return byJob;
    const shiftId = entry.shiftIds?.[0];
    if (shiftId !== undefined) return this.byKey(entry, this.byShift.get(shiftId) ?? [], `shift:${shiftId}`);
    if (entry.legacyId !== undefined)
      return this.byKey(entry, this.byLegacy.get(entry.legacyId) ?? [], `legacy:${entry.legacyId}`);
    if (entry.agentId !== undefined || entry.scheduleId !== undefined) return 'later';
    this.drop(entry, unplacedReason(entry));
    return undefined;
  }

  /** Rules 3 and 4: the nearest trade of that shift or legacy id, preferring one with the request's legacy id. */
  private byKey(entry: JournalRow, trades: readonly TradeRow[], attemptKey: string): Draft {
    const sameLegacy = entry.legacyId === undefined ? [] : trades.filter((t) => t.legacyId === entry.legacyId);
    const trade = nearestTrade(sameLegacy.length > 0 ? sameLegacy : trades, arrival(entry));
    if (trade) return this.drafts.get(trade.id) as Draft;
    const known =
      (entry.legacyId === undefined ? undefined : this.attempts.get(`legacy:${entry.legacyId}`)) ??
      this.attempts.get(attemptKey);
    if (known) return known;
    const [initiating, receiving] = entry.shiftIds ?? [];
    const draft: Draft = { key: attemptKey, entries: [] };
    if (entry.legacyId !== undefined) draft.legacyId = entry.legacyId;
    if (initiating !== undefined) this.place(draft, initiating, 'initiating');
    if (receiving !== undefined) this.place(draft, receiving, 'receiving');
    this.attempts.set(attemptKey, draft);
    if (draft.legacyId !== undefined) this.attempts.set(`legacy:${draft.legacyId}`, draft);
    this.drafts.set(attemptKey, draft);
    return draft;
  }

  private place(draft: Draft, shiftId: string, side: 'initiating' | 'receiving'): void {
    const place = this.truth.shifts.get(shiftId);
    if (side === 'initiating') {
      draft.initiatingShiftId = shiftId;
      if (place) draft.initiatingAgentId = place.agentId;
      if (place?.scheduleId !== undefined) draft.scheduleId = place.scheduleId;
    } else {
      draft.receivingShiftId = shiftId;
      if (place) draft.receivingAgentId = place.agentId;
    }
  }

  private attach(draft: Draft, entry: JournalRow): void {
    draft.entries.push(entry);
    // An attempt learns its legacy id and counter shift from whichever request names them (a lookup names neither).
    if (!draft.trade) {
      if (draft.legacyId === undefined && entry.legacyId !== undefined) draft.legacyId = entry.legacyId;
      const receiving = entry.shiftIds?.[1];
      if (draft.receivingShiftId === undefined && receiving !== undefined) this.place(draft, receiving, 'receiving');
    }
    if (entry.jobId !== undefined && !this.jobs.has(entry.jobId)) this.jobs.set(entry.jobId, draft);
  }

  private drop(entry: JournalRow, reason: string): void {
    const u = this.unattributed;
    u.requests++;
    u.byReason[reason] = (u.byReason[reason] ?? 0) + 1;
    u.byRoute[entry.route] = (u.byRoute[entry.route] ?? 0) + 1;
  }
}

/** Why a request that names nothing a rule can use stays unattributed. */
function unplacedReason(entry: JournalRow): string {
  if (entry.route.endsWith(' (unmatched)')) return 'matched no route (a wrong path or method)';
  if (FRAMEWORK_CAUSES.has(entry.cause ?? '')) return `refused before its route ran (${entry.cause})`;
  if (entry.jobId !== undefined) return 'polls a job no attributed request started';
  return 'names no trade, shift, legacy id, agent, schedule or job';
}

/** Refusals Fastify answers before a route's handler (mock-server/http/error-replies.ts): the body never reached it. */
const FRAMEWORK_CAUSES = new Set([
  'invalid-json',
  'payload-too-large',
  'unsupported-media-type',
  'bad-url',
  'uri-too-long',
]);

export function attribute(truth: ServerTruth): Attribution {
  return new Attributor(truth).run();
}
