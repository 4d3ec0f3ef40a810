/**
 * The job-based shift-trade routes of the Genesys profile (shared/reference/genesys-wfm.md): every POST
 * starts a job, every GET …/jobs/{jobId} reads one. Without ?forceAsync=true the write runs at once and
 * the answer is 200 with a Complete or Error job; with it the answer is 202 Processing and the write runs
 * `pressures.jobs.delayMs` world-ms later (mock-server/domain/jobs.ts). Genesys' own thresholds are
 * undocumented (docs/mock-server.md "Choices"). Body validation answers 400 at once; every domain outcome (not found,
 * lock, version, rules) belongs to the job: an Error job carries the ErrorBody the legacy route would have
 * answered, and is counted in the rejections as `<status> job:<cause>` (so server-side 409 totals include it).
 */
import type { z } from 'zod';
import type { Result } from '../domain/errors.ts';
import { fail } from '../domain/errors.ts';
import type { Job, JobOutcome, JobType } from '../domain/jobs.ts';
import type { CreateTradeInput, PatchTradeInput } from '../domain/store.ts';
import type { ApiContext, ApiRequest, ApiResponse, RouteDef } from './route-kit.ts';
import { errorResponse, param as p } from './route-kit.ts';
import { ERRORS, errorBody, fromDomain } from './errors.ts';
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';
import { bulkRefusal } from './legacy-review-routes.ts';
import {
  addShiftTradeJobRequest,
  bulkUpdateShiftTradeListJobRequest,
  matchShiftTradeJobRequest,
  updateShiftTradeJobRequest,
  updateShiftTradeStateJobRequest,
} from './job-schemas.ts';
import { jobView, stateResultView, tradeItemView } from './job-views.ts';

const WFM = '/api/v2/workforcemanagement';
const TRADES = `${WFM}/shifttrading/trades`;

/** A domain result as a job outcome: the result view, or the ErrorBody the legacy route would answer. */
export function outcome<T>(ctx: ApiContext, result: Result<T>, view: (value: T) => unknown): JobOutcome {
  if (result.ok) return { ok: true, result: view(result.value) };
  const mapped = fromDomain(result.error);
  // A job runs now or when due, not always inside a request: its refusal is counted as it runs.
  ctx.refusals.count({ status: mapped.def.status, cause: `job:${mapped.cause}` });
  const extra = { entityId: mapped.entityId, entityName: mapped.entityName, details: mapped.details };
  const error = errorBody(
    mapped.def,
    ctx.correlationId,
    mapped.message === undefined ? extra : { ...extra, message: mapped.message },
  );
  return { ok: false, error, cause: `job:${mapped.cause}` };
}

/** The job routes name only the trade: its management unit is the trade's (any unit, that week). */
function tradeUnit(ctx: ApiContext, tradeId: string, weekDate: string): string | undefined {
  return ctx.store.tradeIn(tradeId, undefined, weekDate)?.managementUnitId;
}

function tradeNotFound(ctx: ApiContext, tradeId: string): JobOutcome {
  return outcome(ctx, fail({ error: 'not-found', entity: 'trade', id: tradeId }), () => undefined);
}

/**
 * What the request journal keeps of a job's answer (http/request-journal.ts): its id, and the trade an
 * AddTrade job created once it has run, so a create job and every poll of it are tied to that trade.
 */
function jobSubject(job: Job): Pick<ApiResponse, 'jobId' | 'tradeId'> {
  const created = job.type === 'AddTrade' && job.outcome?.ok === true ? (job.outcome.result as { id?: unknown }) : {};
  return typeof created.id === 'string' ? { jobId: job.id, tradeId: created.id } : { jobId: job.id };
}

export interface JobRouteSpec<B extends z.ZodType> {
  type: JobType;
  /** OpenAPI summary of the POST. */
  summary: string;
  /** The POST; the job is read at `${url}/:jobId`. */
  url: string;
  body: B;
  /** Path parameters the job keeps: its GET must name the same ones. */
  scope: readonly string[];
  /** Counted as a write in conflict-rate metrics (RouteDef.write); default true: the read jobs say false. */
  countsAsWrite?: boolean;
  /** OpenAPI tags; default ['shift trade jobs']. */
  tags?: string[];
  /** An agent's trade write: the user it counts against (RouteDef.rateUser), as on the legacy routes. */
  rateUser?(ctx: ApiContext, req: ApiRequest, body: z.output<B>): string | undefined;
  /** The write, built when the job is accepted and run at once or when due (nowMs = the run's world instant). */
  write(ctx: ApiContext, req: ApiRequest, body: z.output<B>): (nowMs: number) => JobOutcome;
}

function forceAsyncError(ctx: ApiContext, req: ApiRequest): ApiResponse | undefined {
  const value = req.query['forceAsync'];
  if (value === undefined || value === 'true' || value === 'false') return undefined;
  return errorResponse(
    ctx,
    ERRORS.badRequest,
    { message: 'forceAsync must be true or false', details: [{ errorCode: 'INVALID_VALUE', fieldName: 'forceAsync' }] },
    'validation',
  );
}

export function jobRoutes<B extends z.ZodType>(spec: JobRouteSpec<B>): RouteDef[] {
  const start: RouteDef = {
    method: 'POST',
    url: spec.url,
    auth: true,
    write: spec.countsAsWrite ?? true,
    body: spec.body,
    summary: `${spec.summary} (job; ?forceAsync=true answers 202 Processing)`,
    tags: spec.tags ?? ['shift trade jobs'],
    ...(spec.rateUser
      ? { rateUser: (ctx: ApiContext, req: ApiRequest) => spec.rateUser?.(ctx, req, req.body as z.output<B>) }
      : {}),
    handler(ctx, req) {
      const refused = forceAsyncError(ctx, req);
      if (refused) return refused;
      const scope = Object.fromEntries(spec.scope.map((name) => [name, p(req, name)]));
      const submission = {
        type: spec.type,
        client: ctx.client,
        scope,
        run: spec.write(ctx, req, req.body as z.output<B>),
      };
      if (req.query['forceAsync'] === 'true') {
        const accepted = ctx.store.submitJob(submission, ctx.nowMs);
        return { status: 202, body: jobView(accepted), jobId: accepted.id };
      }
      const job = ctx.store.runJobNow(submission, ctx.nowMs);
      const response: ApiResponse = { status: 200, body: jobView(job), ...jobSubject(job) };
      if (job.outcome?.ok === false && job.outcome.cause !== undefined) response.cause = job.outcome.cause;
      return response;
    },
  };
  const read: RouteDef = {
    method: 'GET',
    url: `${spec.url}/:jobId`,
    auth: true,
    write: false,
    summary: `Read a ${spec.type} job (only the OAuth client that started it may)`,
    tags: spec.tags ?? ['shift trade jobs'],
    handler(ctx, req) {
      const jobId = p(req, 'jobId');
      const job = ctx.store.job(jobId);
      // Only the OAuth client that started a job may read it (with any of its tokens); another one is told it
      // does not exist (docs/mock-server.md).
      const visible =
        job !== undefined &&
        job.type === spec.type &&
        spec.scope.every((name) => job.scope[name] === p(req, name)) &&
        (job.client === undefined || ctx.client === undefined || job.client === ctx.client);
      if (!visible) {
        return errorResponse(
          ctx,
          ERRORS.notFound,
          {
            entityId: jobId,
            entityName: 'job',
            details: [{ errorCode: 'NOT_FOUND', entityId: jobId, entityName: 'job' }],
          },
          'not-found',
        );
      }
      return { status: 200, body: jobView(job), ...jobSubject(job) };
    },
  };
  return [start, read];
}

export const JOB_ROUTES: readonly RouteDef[] = [
  ...jobRoutes({
    type: 'AddTrade',
    summary: 'Create a shift trade',
    url: `${TRADES}/jobs`,
    body: addShiftTradeJobRequest,
    scope: [],
    rateUser: (ctx, _req, body) => ctx.store.ownerOfShift(body.initiatingShift.id)?.agentId,
    write(ctx, req, body) {
      const legacyId = req.headers[LEGACY_ID_HEADER];
      return (nowMs) => {
        const shift = body.initiatingShift;
        // The trade's management unit is its initiating shift's owner's (no unit in the path).
        const owner = ctx.store.ownerOfShift(shift.id);
        if (!owner) return outcome(ctx, fail({ error: 'not-found', entity: 'shift', id: shift.id }), () => undefined);
        const input: CreateTradeInput = {
          managementUnitId: owner.managementUnitId,
          weekDate: shift.weekDate,
          scheduleId: shift.schedule.id,
          initiatingShiftId: shift.id,
        };
        if (body.target?.userId !== undefined) input.receivingUserId = body.target.userId;
        if (body.expirationDate !== undefined) input.expirationMs = Date.parse(body.expirationDate);
        if (body.acceptableIntervals !== undefined)
          input.acceptableIntervals = body.acceptableIntervals.map((r) => `${r.startDate}/${r.endDate}`);
        if (typeof legacyId === 'string' && legacyId !== '') input.legacyId = legacyId;
        return outcome(ctx, ctx.store.createTrade(input, nowMs), tradeItemView);
      };
    },
  }),
  ...jobRoutes({
    type: 'UpdateTrade',
    summary: 'Update a shift trade with metadata.version',
    url: `${TRADES}/:tradeId/jobs`,
    body: updateShiftTradeJobRequest,
    scope: ['tradeId'],
    rateUser: (ctx, req) => ctx.store.tradeById(p(req, 'tradeId'))?.initiatingUserId,
    write(ctx, req, body) {
      const tradeId = p(req, 'tradeId');
      return (nowMs) => {
        const unit = tradeUnit(ctx, tradeId, body.weekDate);
        if (unit === undefined) return tradeNotFound(ctx, tradeId);
        const input: PatchTradeInput = {
          managementUnitId: unit,
          weekDate: body.weekDate,
          version: body.metadata.version,
        };
        if (body.target) input.receivingUserId = body.target.value?.userId ?? null;
        if (body.expirationDate)
          input.expirationMs = body.expirationDate.value == null ? null : Date.parse(body.expirationDate.value);
        if (body.acceptableIntervals)
          input.acceptableIntervals = (body.acceptableIntervals.values ?? []).map((r) => `${r.startDate}/${r.endDate}`);
        return outcome(ctx, ctx.store.patchTrade(tradeId, input, nowMs), tradeItemView);
      };
    },
  }),
  ...jobRoutes({
    type: 'MatchTrade',
    summary: 'Match a shift trade with metadata.version',
    url: `${TRADES}/:tradeId/match/jobs`,
    body: matchShiftTradeJobRequest,
    scope: ['tradeId'],
    rateUser: (ctx, req, body) =>
      ctx.store.tradeById(p(req, 'tradeId'))?.receivingUserId ?? ctx.store.ownerOfShift(body.receivingShiftId)?.agentId,
    write(ctx, req, body) {
      const tradeId = p(req, 'tradeId');
      return (nowMs) => {
        const unit = tradeUnit(ctx, tradeId, body.weekDate);
        if (unit === undefined) return tradeNotFound(ctx, tradeId);
        const result = ctx.store.matchTrade(
          tradeId,
          {
            managementUnitId: unit,
            weekDate: body.weekDate,
            receivingScheduleId: body.receivingSchedule.id,
            receivingShiftId: body.receivingShiftId,
            version: body.metadata.version,
          },
          nowMs,
        );
        return outcome(ctx, result, ({ trade, violations, adminReviewViolations }) => ({
          trade: tradeItemView(trade),
          matchReview: { violations, adminReviewViolations, unevaluatedRules: [] },
        }));
      };
    },
  }),
  ...jobRoutes({
    type: 'UpdateTradeState',
    summary: "Set a shift trade's state as an administrator",
    url: `${TRADES}/:tradeId/state/jobs`,
    body: updateShiftTradeStateJobRequest,
    scope: ['tradeId'],
    write(ctx, req, body) {
      const tradeId = p(req, 'tradeId');
      return (nowMs) =>
        outcome(
          ctx,
          ctx.store.setTradeState(
            tradeId,
            { weekDate: body.weekDate, state: body.state, version: body.metadata.version },
            nowMs,
          ),
          stateResultView,
        );
    },
  }),
  ...jobRoutes({
    type: 'BulkUpdateTradeStates',
    summary: "Set many shift trades' states as an administrator",
    url: `${WFM}/businessunits/:businessUnitId/shifttrading/trades/state/bulk/jobs`,
    body: bulkUpdateShiftTradeListJobRequest,
    scope: ['businessUnitId'],
    write(ctx, req, body) {
      const businessUnitId = p(req, 'businessUnitId');
      return (nowMs) => {
        const { store } = ctx;
        if (!store.world.businessUnits.some((unit) => unit.id === businessUnitId))
          return outcome(
            ctx,
            fail({ error: 'not-found', entity: 'businessUnit', id: businessUnitId }),
            () => undefined,
          );
        const units = new Set(body.managementUnitIds);
        const weeks = new Set(body.weekDates);
        // Per entity, as the legacy state/bulk: a refused entity carries a failureReason, the job still completes.
        const entities = body.entities.map((entity) => {
          const trade = store.tradeById(entity.id);
          const inScope =
            trade !== undefined &&
            trade.businessUnitId === businessUnitId &&
            units.has(trade.managementUnitId) &&
            weeks.has(trade.weekDate);
          const result = inScope
            ? store.setTradeState(
                entity.id,
                {
                  managementUnitId: trade.managementUnitId,
                  weekDate: trade.weekDate,
                  state: entity.state,
                  version: entity.metadata.version,
                },
                nowMs,
              )
            : fail<never>({ error: 'not-found', entity: 'trade', id: entity.id });
          return result.ok
            ? stateResultView(result.value)
            : bulkRefusal(ctx.refusals, 'bulk-job', entity, result.error, inScope ? trade : undefined);
        });
        return { ok: true, result: { entities } };
      };
    },
  }),
];
