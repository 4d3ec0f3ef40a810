/**
 * Genesys Cloud job-based shift-trade routes (shared/reference/genesys-wfm.md): create with
 * POST /shifttrading/trades/jobs, match with POST /shifttrading/trades/{id}/match/jobs and
 * metadata.version; each answer is a job (200 Complete/Error, or 202 Processing to poll at its selfUri).
 * `jobs.step` turns a finished job into the answer the write would have had synchronously, so a 409
 * ErrorBody inside a job is classified and counted exactly like a 409 answer (src/core/job-poll.ts).
 * There is no GET of a trade by id in either API, so re-reads use the legacy agent trade list. A cancel
 * is POST /shifttrading/trades/{id}/state/jobs with state Canceled; a one-sided create names no target.
 */
import type { HttpResponse } from '../ports.ts';
import type { Dialect } from './dialect.ts';
import { LEGACY_ID_HEADER } from '../../contract/wire.ts';
import { genesysLegacy } from './genesys-legacy.ts';
import type { TradeRecord } from '../trade-plan.ts';
import { kindOf } from '../trade-plan.ts';
import type { JobPollSchedule, JobStep } from '../job-poll.ts';
import { ambiguous } from '../job-poll.ts';

const TRADES = '/api/v2/workforcemanagement/shifttrading/trades';

/** The result field of each job type (SDK ShiftTrade*JobResponse models). */
const RESULT_FIELD: Readonly<Record<string, string>> = {
  AddTrade: 'addTradeResult',
  UpdateTrade: 'updateTradeResult',
  MatchTrade: 'matchTradeResult',
  UpdateTradeState: 'updateTradeStateResult',
  BulkUpdateTradeStates: 'bulkUpdateTradeStatesResult',
};

/** ShiftTradeResponseItem, as far as the workflow reads it. */
interface WireTradeItem {
  id: string;
  state: string;
  initiating: { shift: { id: string } };
  metadata: { version: number };
}

interface WireJob {
  id?: unknown;
  status?: unknown;
  type?: unknown;
  error?: { status?: unknown };
  selfUri?: unknown;
  [field: string]: unknown;
}

function toRecord(trade: WireTradeItem): TradeRecord {
  return {
    id: trade.id,
    state: trade.state,
    version: trade.metadata.version,
    initiatingShiftId: trade.initiating.shift.id,
  };
}

/** What one answer to a job POST or poll means. Answers that are not 2xx are final as they are. */
export function jobStep(response: HttpResponse): JobStep {
  if (response.status < 200 || response.status >= 300) return { final: response };
  const job = (response.body ?? {}) as WireJob;
  switch (job.status) {
    case 'Complete': {
      const field = typeof job.type === 'string' ? RESULT_FIELD[job.type] : undefined;
      if (field === undefined) return { final: ambiguous(`a Complete job of unknown type ${String(job.type)}`) };
      return { final: { status: 200, headers: response.headers, body: job[field] } };
    }
    case 'Error': {
      // Classified like the HTTP status the job's ErrorBody carries; an error without one is a server fault.
      const status = typeof job.error?.status === 'number' ? job.error.status : 500;
      return { final: { status, headers: response.headers, body: job.error } };
    }
    case 'Processing':
      if (typeof job.selfUri === 'string' && job.selfUri.startsWith('/'))
        return { poll: { method: 'GET', path: job.selfUri } };
      return { final: ambiguous('a Processing job without a selfUri to poll') };
    default:
      return { final: ambiguous(`a job in status ${String(job.status)}`) };
  }
}

export interface GenesysJobsOptions {
  /** Send ?forceAsync=true on every write, so every write is answered 202 and polled (a testing aid of Genesys). */
  forceAsync: boolean;
  poll?: JobPollSchedule;
}

export function createGenesysJobs(options: GenesysJobsOptions): Dialect {
  const query = options.forceAsync ? '?forceAsync=true' : '';
  const dialect: Dialect = {
    name: options.forceAsync ? 'genesys-jobs-async' : 'genesys-jobs',
    createRequest(plan) {
      return {
        method: 'POST',
        path: `${TRADES}/jobs${query}`,
        // Real Genesys ignores unknown headers; the mock audits trades per legacy id with it (docs/mock-server.md).
        headers: { [LEGACY_ID_HEADER]: plan.legacyId },
        body: {
          initiatingShift: { id: plan.initiatingShiftId, schedule: { id: plan.scheduleId }, weekDate: plan.weekDate },
          // A one-sided trade names no target: any agent may take the shift.
          ...(kindOf(plan) === 'one-sided' ? {} : { target: { userId: plan.receivingUserId } }),
        },
      };
    },
    spellsOneSided: true,
    parseTrade(response) {
      return toRecord(response.body as WireTradeItem);
    },
    lookupRequest: genesysLegacy.lookupRequest,
    findTrade: genesysLegacy.findTrade,
    matchRequest(plan, trade) {
      return {
        method: 'POST',
        path: `${TRADES}/${encodeURIComponent(trade.id)}/match/jobs${query}`,
        body: {
          weekDate: plan.weekDate,
          receivingSchedule: { id: plan.scheduleId },
          receivingShiftId: plan.receivingShiftId,
          metadata: { version: trade.version },
        },
      };
    },
    parseMatch(response) {
      const body = response.body as { trade: WireTradeItem; matchReview?: { violations?: Array<{ type: string }> } };
      return { trade: toRecord(body.trade), violations: (body.matchReview?.violations ?? []).map((v) => v.type) };
    },
    cancelRequest(plan, trade) {
      return {
        method: 'POST',
        path: `${TRADES}/${encodeURIComponent(trade.id)}/state/jobs${query}`,
        body: { weekDate: plan.weekDate, state: 'Canceled', metadata: { version: trade.version } },
      };
    },
    parseState(response) {
      const result = response.body as { state: string; metadata: { version: number } };
      return { state: result.state, version: result.metadata.version };
    },
    jobs: options.poll ? { step: jobStep, schedule: options.poll } : { step: jobStep },
  };
  return dialect;
}

/** As a migration would run it: no forceAsync, so the server decides (the mock answers at once). */
export const genesysJobs = createGenesysJobs({ forceAsync: false });
/** Every write answered 202 and polled: the path a real tenant takes under load. */
export const genesysJobsAsync = createGenesysJobs({ forceAsync: true });
