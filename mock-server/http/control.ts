/** The harness control API under /__harness: world, reset, clock, faults, audit (server truth). */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { clockUpdate } from '../api/schemas.ts';
import { faultConfig } from '../api/faults.ts';
import { issueSummary } from '../api/route-kit.ts';
import { sendError } from './error-replies.ts';
import { JOURNAL_PAGE_MAX } from './request-journal.ts';
import type { Harness } from './harness.ts';
import { pressuresView } from './pressures-view.ts';
import { auditRead } from './audit-read.ts';
import { runView, tradesRead } from './run-read.ts';

/** Leaves room for the clock to run at top speed (10^6 x) for a week without leaving Date's range (±8.64e15 ms). */
const WORLD_MS_MAX = 8e15;

export function registerControlRoutes(app: FastifyInstance, harness: Harness): void {
  app.get('/__harness/world', async () => harness.world);

  app.get('/__harness/pressures', async () => pressuresView(harness));

  app.post('/__harness/reset', async () => {
    harness.reset();
    return { reset: true, clock: clockView(harness) };
  });

  app.get('/__harness/clock', async () => clockView(harness));

  app.put('/__harness/clock', async (request, reply) => {
    if (!isObjectBody(request.body))
      return sendError(
        request,
        reply,
        'badRequest',
        'a JSON object body is required: {worldTime?, speed?}',
        'validation',
      );
    const parsed = clockUpdate.safeParse(request.body);
    if (!parsed.success) {
      return sendError(request, reply, 'badRequest', issueSummary(parsed.error), 'validation');
    }
    if (parsed.data.worldTime === undefined && parsed.data.speed === undefined)
      return sendError(
        request,
        reply,
        'badRequest',
        'give worldTime, speed or both: an empty body changes nothing',
        'validation',
      );
    const worldMs = parsed.data.worldTime === undefined ? harness.clock.nowMs() : Date.parse(parsed.data.worldTime);
    // A string zod accepts as ISO may still be out of Date's range; the clock must stay finite.
    if (!Number.isFinite(worldMs) || Math.abs(worldMs) > WORLD_MS_MAX)
      return sendError(request, reply, 'badRequest', 'worldTime: out of range');
    harness.clock.set(worldMs, parsed.data.speed);
    return clockView(harness);
  });

  // The notification a state/bulk with forceAsync would have sent (the mock has no notification channel).
  app.get<{ Params: { operationId: string } }>('/__harness/operations/:operationId', async (request, reply) => {
    const notification = harness.store.operation(request.params.operationId);
    if (notification === undefined)
      return sendError(request, reply, 'notFound', `No operation ${request.params.operationId}`, 'not-found');
    return notification;
  });

  app.get('/__harness/audit', async (request, reply) => auditRead(harness, request, reply));

  // What a report from the server's truth needs besides the journal and the audit (src/observe, report --from-server).
  app.get('/__harness/run', async () => runView(harness));
  app.get('/__harness/trades', async (request, reply) => tradesRead(harness, request, reply));

  // The request journal (docs/reports.md "One trade's timeline"): ?trade=<trade or legacy id>&status=409&route=match&after=<seq>&limit=<n>.
  app.get('/__harness/requests', async (request, reply) => {
    const parsed = journalQuery.safeParse(request.query ?? {});
    if (!parsed.success) return sendError(request, reply, 'badRequest', issueSummary(parsed.error), 'validation');
    const { after, ...rest } = parsed.data;
    const page = harness.journal.query({ ...rest, ...(after === undefined ? {} : { afterSeq: after }) });
    return { ...page, dropped: harness.journal.dropped, capacity: harness.journal.capacity };
  });

  // How much each store that grows with traffic holds now (docs/mock-server.md "Bounded memory").
  app.get('/__harness/stats', async () => {
    harness.advance();
    return { ...harness.store.sizes(), tokens: harness.auth.size };
  });

  app.get('/__harness/faults', async () => faultsView(harness));

  /** Replace the fault config (absent fields are off); zod-validated, a bad body is a 400 ErrorBody. */
  app.put('/__harness/faults', async (request, reply) => {
    // A missing body used to turn every fault off; {} still does, on purpose.
    if (!isObjectBody(request.body))
      return sendError(
        request,
        reply,
        'badRequest',
        'a JSON object body is required ({} turns every fault off)',
        'validation',
      );
    const parsed = faultConfig.safeParse(request.body);
    if (!parsed.success) {
      return sendError(request, reply, 'badRequest', issueSummary(parsed.error), 'validation');
    }
    harness.faults.set(parsed.data);
    return faultsView(harness);
  });
}

/** A control write's body must be a JSON object; a missing body is not a silent "reset everything". */
function isObjectBody(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function faultsView(harness: Harness): { config: unknown; counts: unknown } {
  return { config: harness.faults.current, counts: harness.faults.counts };
}

function clockView(harness: Harness): { worldTime: string; speed: number } {
  const state = harness.clock.state();
  return { worldTime: new Date(state.worldMs).toISOString(), speed: state.speed };
}

/** GET /__harness/requests query: strings on the wire, numbers checked. */
const journalQuery = z
  .object({
    trade: z.string().min(1).max(200).optional(),
    status: z.coerce.number().int().min(100).max(599).optional(),
    route: z.string().min(1).max(200).optional(),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(JOURNAL_PAGE_MAX).default(100),
  })
  .strict();
