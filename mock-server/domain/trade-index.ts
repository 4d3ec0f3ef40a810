/**
 * Lookups the store used to answer by scanning every trade (O(trades) per request, so a long run got
 * slower with every trade it created): the open trade holding a shift, the trades of an agent, of a
 * week. Entries are added when a trade gains a shift or a party and checked against the trade when
 * read, so a trade that closed or lost its receiving user simply stops matching. Results keep the
 * order of creation, the order the scans returned.
 */
import type { Trade, TradeState } from './store.ts';

const OPEN: ReadonlySet<TradeState> = new Set(['Unmatched', 'Matched']);

export function isOpen(trade: Trade): boolean {
  return OPEN.has(trade.state);
}

function partyTo(trade: Trade, agentId: string): boolean {
  return trade.initiatingUserId === agentId || trade.receivingUserId === agentId;
}

/** Remove a trade from a keyed set, and the key once its set is empty (so keys do not pile up either). */
function dropFrom(map: Map<string, Set<Trade>>, key: string, trade: Trade): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(trade);
  if (set.size === 0) map.delete(key);
}

/** Sets of trades by two id strings (unit then week, agent then week): nested maps, no key string built per call. */
type ByTwo<V> = Map<string, Map<string, V>>;

function addTo(map: ByTwo<Set<Trade>>, outer: string, inner: string, trade: Trade): void {
  let byInner = map.get(outer);
  if (!byInner) map.set(outer, (byInner = new Map()));
  const set = byInner.get(inner);
  if (set) set.add(trade);
  else byInner.set(inner, new Set([trade]));
}

/** dropFrom one level down; the outer key goes too once nothing is left under it. */
function dropFromTwo(map: ByTwo<Set<Trade>>, outer: string, inner: string, trade: Trade): void {
  const byInner = map.get(outer);
  if (!byInner) return;
  dropFrom(byInner, inner, trade);
  if (byInner.size === 0) map.delete(outer);
}

export class TradeIndex {
  /** Creation order of each trade. */
  private readonly seq = new Map<Trade, number>();
  private nextSeq = 0;
  /** The open trade each shift was last put in (at most one open trade holds a shift: create and match check). */
  private readonly byShift = new Map<string, Trade>();
  /** Every trade an agent is or was a party to. */
  private readonly byAgent = new Map<string, Set<Trade>>();
  /** Every agent each trade was linked under (a patch can change the receiver): what forget() must visit. A few each. */
  private readonly agentsOf = new Map<Trade, string[]>();
  /** The same, pruned on read of the trades that closed or no longer name the agent (linked() adds them back). */
  private readonly openByAgent = new Map<string, Set<Trade>>();
  /** By management unit, then week. */
  private readonly byWeek: ByTwo<Set<Trade>> = new Map();
  /**
   * For maxTradesPerAgentPerWeek, per initiating agent and week: the trades still open (pruned on read)
   * and how many were approved (approve() reports each). Counting them by scanning the agent's trades
   * made every create slower than the last.
   */
  private readonly initiatedOpen: ByTwo<Set<Trade>> = new Map();
  private readonly initiatedApproved: ByTwo<number> = new Map();

  /** A new trade: its initiating shift, its parties, its week. */
  added(trade: Trade): void {
    this.seq.set(trade, this.nextSeq++);
    this.byShift.set(trade.initiatingShift.id, trade);
    this.linked(trade);
    addTo(this.byWeek, trade.managementUnitId, trade.weekDate, trade);
    addTo(this.initiatedOpen, trade.initiatingUserId, trade.weekDate, trade);
  }

  /** A trade the store no longer holds (retired past retention): every entry that names it goes. */
  forget(trade: Trade): void {
    this.seq.delete(trade);
    for (const shift of [trade.initiatingShift, trade.receivingShift])
      if (shift && this.byShift.get(shift.id) === trade) this.byShift.delete(shift.id);
    for (const agentId of this.agentsOf.get(trade) ?? []) {
      dropFrom(this.byAgent, agentId, trade);
      dropFrom(this.openByAgent, agentId, trade);
    }
    this.agentsOf.delete(trade);
    dropFromTwo(this.byWeek, trade.managementUnitId, trade.weekDate, trade);
    dropFromTwo(this.initiatedOpen, trade.initiatingUserId, trade.weekDate, trade);
  }

  /** Call once when a trade becomes Approved (a final state). */
  approved(trade: Trade): void {
    let byWeek = this.initiatedApproved.get(trade.initiatingUserId);
    if (!byWeek) this.initiatedApproved.set(trade.initiatingUserId, (byWeek = new Map()));
    byWeek.set(trade.weekDate, (byWeek.get(trade.weekDate) ?? 0) + 1);
  }

  /** Trades an agent initiated for a week that are open or approved (what the weekly cap counts). */
  initiatedCount(agentId: string, weekDate: string): number {
    const open = this.initiatedOpen.get(agentId)?.get(weekDate);
    if (open) for (const trade of open) if (!isOpen(trade)) open.delete(trade);
    return (open?.size ?? 0) + (this.initiatedApproved.get(agentId)?.get(weekDate) ?? 0);
  }

  /** Call after the trade's receiving user or receiving shift changed. */
  linked(trade: Trade): void {
    this.link(trade, trade.initiatingUserId);
    if (trade.receivingUserId !== undefined) this.link(trade, trade.receivingUserId);
    if (trade.receivingShift) this.byShift.set(trade.receivingShift.id, trade);
  }

  private link(trade: Trade, agentId: string): void {
    const agents = this.agentsOf.get(trade);
    if (!agents) this.agentsOf.set(trade, [agentId]);
    else if (!agents.includes(agentId)) agents.push(agentId);
    const all = this.byAgent.get(agentId);
    if (all) all.add(trade);
    else this.byAgent.set(agentId, new Set([trade]));
    const open = this.openByAgent.get(agentId);
    if (open) open.add(trade);
    else this.openByAgent.set(agentId, new Set([trade]));
  }

  openTradeWithShift(shiftId: string): Trade | undefined {
    const trade = this.byShift.get(shiftId);
    if (!trade) return undefined;
    if (isOpen(trade) && (trade.initiatingShift.id === shiftId || trade.receivingShift?.id === shiftId)) return trade;
    this.byShift.delete(shiftId);
    return undefined;
  }

  tradesOfAgent(agentId: string): Trade[] {
    // One pass, no intermediate arrays: every trade list read (the simulator's millions) comes here.
    const trades: Trade[] = [];
    const set = this.byAgent.get(agentId);
    if (set) for (const trade of set) if (partyTo(trade, agentId)) trades.push(trade);
    return trades.length > 1 ? this.inOrder(trades) : trades;
  }

  openTradesOfAgent(agentId: string): Trade[] {
    const trades = this.openByAgent.get(agentId);
    if (!trades) return [];
    for (const trade of trades) if (!isOpen(trade) || !partyTo(trade, agentId)) trades.delete(trade);
    return this.inOrder([...trades]);
  }

  tradesOfWeek(managementUnitId: string, weekDate: string): Trade[] {
    return [...(this.byWeek.get(managementUnitId)?.get(weekDate) ?? [])];
  }

  private inOrder(trades: Trade[]): Trade[] {
    return trades.sort((a, b) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0));
  }
}
