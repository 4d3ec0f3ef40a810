/**
 * Two control reads for a report built from the server's truth alone (src/observe, `wfm-harness report
 * --from-server`): GET /__harness/run — what this server runs (its caller's label, seed, clock, pressure
 * windows, network, rate limits, logins per client, the journal's fill) — and GET /__harness/trades — every
 * trade the store holds with its parties, shifts, legacy id and state, paged in creation order. Both bounded:
 * a page holds at most TRADES_PAGE_MAX trades, and the store holds open trades (at most one per shift of the
 * world) plus closed ones within retention (retention.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Trade } from '../domain/store.ts';
import { pressureWindows } from '../domain/pressures/windows.ts';
import { sendError } from './error-replies.ts';
import type { Harness } from './harness.ts';

/** Trades per page at most (count): a page of 1,000 serialises in a few ms. */
export const TRADES_PAGE_MAX = 1_000;

const iso = (ms: number): string => new Date(ms).toISOString();

export function runView(harness: Harness): Record<string, unknown> {
  const nowMs = harness.advance();
  const { setup, seed, quiet } = harness.options;
  const startMs = Date.parse(setup.clock.startUtc);
  return {
    label: harness.options.label ?? null,
    setupHash: harness.options.setupHash ?? null,
    seed,
    quiet,
    clock: { startUtc: setup.clock.startUtc, worldTime: iso(nowMs), speed: harness.clock.state().speed },
    // From the start (or now, if the clock was set back) to now: the windows a run so far can have met.
    pressureWindows: pressureWindows(harness.world, setup.pressures, quiet, Math.min(startMs, nowMs), nowMs).map(
      (w) => ({ kind: w.kind, startUtc: iso(w.startMs), endUtc: iso(w.endMs), label: w.label }),
    ),
    network: { roundTripMs: quiet ? null : setup.network.roundTripMs },
    rateLimits: harness.rateLimits?.config ?? null,
    oauth: { clientsConfigured: (harness.options.clients ?? []).length, loginsByClient: harness.auth.grantsByClient() },
    journal: { held: harness.journal.held, dropped: harness.journal.dropped, capacity: harness.journal.capacity },
    trades: { held: harness.store.sizes()['trades'], retired: harness.store.retiredTrades() },
  };
}

function tradeRow(trade: Trade): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: trade.id,
    state: trade.state,
    version: trade.version,
    managementUnitId: trade.managementUnitId,
    weekDate: trade.weekDate,
    scheduleId: trade.scheduleId,
    initiatingUserId: trade.initiatingUserId,
    initiatingShiftId: trade.initiatingShift.id,
    createdMs: trade.createdMs,
    modifiedMs: trade.modifiedMs,
  };
  if (trade.receivingUserId !== undefined) row['receivingUserId'] = trade.receivingUserId;
  if (trade.receivingShift !== undefined) row['receivingShiftId'] = trade.receivingShift.id;
  if (trade.legacyId !== undefined) row['legacyId'] = trade.legacyId;
  return row;
}

/** GET /__harness/trades?limit=N[&after=<trade id>]: trades oldest first after the one named, with the cursor of the next page. */
export function tradesRead(harness: Harness, request: FastifyRequest, reply: FastifyReply): unknown {
  const query = (request.query ?? {}) as { limit?: string; after?: string };
  const limit = query.limit === undefined ? TRADES_PAGE_MAX : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > TRADES_PAGE_MAX)
    return sendError(
      request,
      reply,
      'badRequest',
      `limit must be an integer from 1 to ${TRADES_PAGE_MAX}`,
      'validation',
    );
  harness.advance();
  const trades: Record<string, unknown>[] = [];
  let started = query.after === undefined;
  let more = false;
  for (const trade of harness.store.tradesHeld()) {
    if (!started) {
      started = trade.id === query.after;
      continue;
    }
    if (trades.length === limit) {
      more = true;
      break;
    }
    trades.push(tradeRow(trade));
  }
  if (!started)
    return sendError(
      request,
      reply,
      'badRequest',
      `after: no trade ${query.after} is held (retired since the previous page?): read again from the start`,
      'validation',
    );
  const page: Record<string, unknown> = { trades, retired: harness.store.retiredTrades() };
  if (more) page['nextAfter'] = (trades.at(-1) as { id: string }).id;
  return page;
}
