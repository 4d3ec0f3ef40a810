/**
 * What the OpenAPI document (openapi.ts) cannot read from the route table: the ErrorBody schema and the
 * summaries and bodies of the routes registered outside the table (control API, /metrics, docs).
 */
import { z } from 'zod';
import type { ErrorBody } from '../api/errors.ts';
import { clockUpdate } from '../api/schemas.ts';
import { faultConfig } from '../api/faults.ts';
import { auditResponse, clockResponse, worldResponse } from './control-responses.ts';

const errorDetail = z.object({
  errorCode: z.string(),
  fieldName: z.string().optional(),
  entityId: z.string().optional(),
  entityName: z.string().optional(),
});

/** The Genesys ErrorBody (mock-server/api/errors.ts); typed against the interface so the two cannot drift apart. */
export const errorBodySchema: z.ZodType<ErrorBody> = z.object({
  message: z.string(),
  code: z.string(),
  status: z.number().int(),
  contextId: z.string().describe('Equals the ININ-Correlation-Id response header'),
  entityId: z.string().optional(),
  entityName: z.string().optional(),
  messageParams: z.record(z.string(), z.string()).optional(),
  details: z.array(errorDetail),
  get errors() {
    return z.array(errorBodySchema);
  },
});

export interface KnownRoute {
  summary: string;
  tags: string[];
  body?: z.ZodType;
  /** The 2xx JSON body (control-responses.ts); without one the document says only "OK". */
  response?: z.ZodType;
}

/** Control, observability and docs routes: summaries and bodies. A route registered but missing here is still listed. */
export const KNOWN_OTHER_ROUTES: Readonly<Record<string, KnownRoute>> = {
  'GET /__harness/world': {
    summary: 'The generated world: business units, management units (zones, DST transitions), agents, shifts',
    tags: ['harness'],
    response: worldResponse,
  },
  'POST /__harness/reset': {
    summary: 'Rebuild the store and put the clock back at the scenario start',
    tags: ['harness'],
  },
  'GET /__harness/pressures': {
    summary: "The pressures in force (the scenario's, or none under --quiet)",
    tags: ['harness'],
  },
  'GET /__harness/clock': {
    summary: 'The world clock: {worldTime, speed}',
    tags: ['harness'],
    response: clockResponse,
  },
  'GET /__harness/operations/:operationId': {
    summary: 'The notification a forceAsync state/bulk would have sent',
    tags: ['harness'],
  },
  'PUT /__harness/clock': {
    summary: 'Set the world clock',
    tags: ['harness'],
    body: clockUpdate,
    response: clockResponse,
  },
  'GET /__harness/audit': {
    summary:
      'Server truth: invariant counts, refusals by cause and recent version histories; ?view=summary without ' +
      'histories; ?limit=&cursor= pages the retained audit entries',
    tags: ['harness'],
    response: auditResponse,
  },
  'GET /__harness/requests': {
    summary:
      'The request journal: answered API requests with world time, route, status, cause, who sent them, the ids ' +
      'they named (trade, legacy id, shifts, agent, schedule, job), the version sent and any Retry-After given; ' +
      '?trade=&status=&route=&after=&limit= (bounded ring, paged)',
    tags: ['harness'],
  },
  'GET /__harness/run': {
    summary:
      "What this server runs: its caller's label (the scenario), seed, clock, pressure windows so far, network, " +
      'rate limits, logins per OAuth client, the journal and trades held',
    tags: ['harness'],
  },
  'GET /__harness/trades': {
    summary:
      'Every trade the store holds (parties, shifts, legacy id, state, version), oldest first; ?limit=&after=<trade id> pages',
    tags: ['harness'],
  },
  'GET /__harness/stats': {
    summary:
      'How much each store that grows with traffic holds now (trades, closed trades, jobs, audit entries, operations, ' +
      "legacy-id tally, tokens, journal entries, rate-limit buckets), and under `bounds` each one's bound and unit",
    tags: ['harness'],
  },
  'GET /__harness/faults': { summary: 'The fault config and counts by kind', tags: ['harness'] },
  'PUT /__harness/faults': {
    summary: 'Replace the fault config (absent fields are off)',
    tags: ['harness'],
    body: faultConfig,
  },
  'GET /metrics': { summary: 'Prometheus metrics', tags: ['observability'] },
  'GET /api/docs': { summary: 'This document as an HTML page (no scripts, works offline)', tags: ['docs'] },
  'GET /api/docs/openapi.json': { summary: 'This OpenAPI 3.1 document', tags: ['docs'] },
};
