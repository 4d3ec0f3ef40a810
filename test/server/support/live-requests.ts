/**
 * The response fuzz's requests against the server's live state, so success answers of every route are
 * reachable: placeholders drawn by fast-check and resolved at send time from what the server holds now.
 * - `$trade:N` (a tradeId in a path or a body): the N-th of the trades the store holds (created by earlier
 *   requests), of the week the path names if it names one;
 * - `$job-uri:KEY:N` (a whole job GET): the N-th job `selfUri` an earlier answer of that route gave;
 * - CURRENT_VERSION (a body's `metadata.version`, an If-Match): the addressed trade's version now;
 * - a planned step: what a dialect of the sync core sends for a planned swap (create, lookup, match, cancel),
 *   built from the trade the store holds for that plan, as a client that read it first would send it.
 */
import type { Harness } from '../../../mock-server/http/harness.ts';
import { getDialect } from '../../../src/core/dialects/index.ts';
import type { HttpRequest } from '../../../src/core/ports.ts';
import type { TradePlan, TradeRecord } from '../../../src/core/trade-plan.ts';
import { CURRENT_VERSION } from './request-arbitrary.ts';
import type { FuzzRequest } from './request-arbitrary.ts';

/**
 * The steps a planned swap can take; `edit` is the write no dialect sends (legacy PATCH, compat PUT by body,
 * the job API's update or BU bulk job, by plan); `poll` reads one of the jobs any earlier answer started, as a client polls its selfUri;
 * `survey` starts one of the business unit's read jobs over the plan's unit and week.
 */
export const STEPS = ['create', 'lookup', 'match', 'cancel', 'edit', 'poll', 'survey'] as const;

export interface PlannedStep {
  dialect: string;
  step: (typeof STEPS)[number];
  /** An index into the plans: each dialect takes its own plans (see plannedIndex), so its steps meet its own trades. */
  plan: number;
  realMsStep: number;
}

/** Plans per dialect: few enough that a create, a match and an edit of one swap meet within a run. */
export const PLANS_PER_DIALECT = 8;

export type LiveRequest = FuzzRequest | PlannedStep;

/** Job selfUris seen in answers, by the table route (method and template) that reads them. */
export type JobUris = Map<string, string[]>;

const WFM = '/api/v2/workforcemanagement';
const TRADE_IN_PATH = /\/(?:shifttrades|shifttrading\/trades|schedule\/shift-trades|scheduling\/shifts)\/([^/?]+)/;

/** A path segment decoded, or as sent when it is no valid escape (the hostile mix sends '%'). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function at<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function withVersion(text: string, version: number): string {
  return text.replaceAll(JSON.stringify(CURRENT_VERSION), String(version)).replaceAll(CURRENT_VERSION, String(version));
}

/** A concrete request: placeholders replaced from the store and the job URIs seen so far. */
export function resolve(
  req: LiveRequest,
  harness: Harness,
  plans: readonly TradePlan[],
  jobs: JobUris,
  token: string,
): FuzzRequest {
  if ('step' in req && req.step === 'poll') {
    // A job route first, then one of its jobs: each route that has started a job is polled as often.
    const uri = at(at([...jobs.values()], req.plan) ?? [], req.realMsStep) ?? `${WFM}/shifttrading/trades/jobs/none`;
    return { method: 'GET', url: uri, headers: { authorization: `Bearer ${token}` }, realMsStep: req.realMsStep };
  }
  if ('step' in req && req.step === 'survey') return survey(req, harness, plans, token);
  if ('step' in req) return planned(req, harness, plans, token);
  // A trade under a management unit's week is one of that week's; elsewhere any the store holds.
  const week = /\/managementunits\/([^/]+)\/weeks\/([^/?]+)\/shifttrades\//.exec(req.url);
  const tradeIds = week
    ? harness.store.tradesOfWeek(decoded(week[1] ?? ''), week[2] ?? '').map((trade) => trade.id)
    : harness.store.tradeIds();
  const live = (text: string) => text.replace(/\$trade:(\d+)/g, (whole, n: string) => at(tradeIds, Number(n)) ?? whole);
  let url = live(req.url);
  const job = /^\$job-uri:(.+):(\d+)$/.exec(url);
  if (job)
    url =
      at(jobs.get(job[1] ?? '') ?? [], Number(job[2])) ?? (job[1] ?? '').split(' ')[1]?.replace(/:\w+/g, 'none') ?? '/';
  const text = typeof req.body === 'string' ? live(req.body) : undefined;
  const tradeId = TRADE_IN_PATH.exec(url)?.[1] ?? /"trade_id":"([^"]+)"/.exec(text ?? '')?.[1];
  const version = (tradeId && harness.store.tradeById(decoded(tradeId))?.version) || 0;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, withVersion(v, version)]));
  const body = text === undefined ? req.body : withVersion(text, version);
  return { ...req, url, headers, ...(body === undefined ? {} : { body }) };
}

function planned(req: PlannedStep, harness: Harness, plans: readonly TradePlan[], token: string): FuzzRequest {
  const plan = at(plans, req.plan) as TradePlan;
  const dialect = getDialect(req.dialect);
  // The plan's trade: the open one, else the last the store still holds (an approved compat swap is not open).
  const held =
    harness.store.openTradeWithShift(plan.initiatingShiftId) ??
    harness.store
      .tradeIds()
      .map((id) => harness.store.tradeById(id))
      .filter((trade) => trade?.initiatingShift.id === plan.initiatingShiftId)
      .at(-1);
  const trade = held
    ? { id: held.id, state: held.state, version: held.version, initiatingShiftId: plan.initiatingShiftId }
    : undefined;
  const request =
    req.step === 'create' || !trade
      ? req.step === 'lookup'
        ? dialect.lookupRequest(plan)
        : dialect.createRequest(plan)
      : req.step === 'match'
        ? dialect.matchRequest(plan, trade)
        : req.step === 'cancel' && dialect.cancelRequest
          ? dialect.cancelRequest(plan, trade)
          : req.step === 'edit'
            ? editRequest(req.dialect, plan, trade, held?.businessUnitId ?? '')
            : dialect.lookupRequest(plan);
  return {
    method: request.method,
    url: request.path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...request.headers },
    realMsStep: req.realMsStep,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  };
}

const READ_JOBS = ['trades/query', 'trades/evaluate', 'unmatched/search', 'weeks/summary'] as const;

function survey(req: PlannedStep, harness: Harness, plans: readonly TradePlan[], token: string): FuzzRequest {
  const plan = at(plans, req.plan) as TradePlan;
  const job = at(READ_JOBS, req.plan + req.realMsStep) as (typeof READ_JOBS)[number];
  const businessUnitId = harness.store.unit(plan.managementUnitId)?.businessUnitId ?? '';
  const scope = { managementUnitIds: [plan.managementUnitId], weekDates: [plan.weekDate] };
  const body = job === 'unmatched/search' ? { ...scope, receivingSchedule: { id: plan.scheduleId } } : scope;
  return {
    method: 'POST',
    url: `${WFM}/businessunits/${businessUnitId}/shifttrading/${job}/jobs${req.realMsStep % 2 ? '?forceAsync=true' : ''}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    realMsStep: req.realMsStep,
  };
}

/** The writes of a held trade that no dialect sends, in the dialect's family. */
function editRequest(dialect: string, plan: TradePlan, trade: TradeRecord, businessUnitId: string): HttpRequest {
  const metadata = { version: trade.version };
  if (dialect.startsWith('compat'))
    return {
      method: 'PUT',
      path: '/api/v2/wfm/scheduling/shifts',
      headers: { 'if-match': `"${trade.version}"` },
      body: { trade_id: trade.id, status: 'APPROVED' },
    };
  if (dialect.startsWith('genesys-jobs') && plan.initiatingShiftId < plan.receivingShiftId)
    return {
      method: 'POST',
      path: `${WFM}/shifttrading/trades/${trade.id}/jobs?forceAsync=true`,
      body: { weekDate: plan.weekDate, target: { value: { userId: plan.receivingUserId } }, metadata },
    };
  if (dialect.startsWith('genesys-jobs'))
    return {
      method: 'POST',
      path: `${WFM}/businessunits/${businessUnitId}/shifttrading/trades/state/bulk/jobs?forceAsync=true`,
      body: {
        managementUnitIds: [plan.managementUnitId],
        weekDates: [plan.weekDate],
        entities: [{ id: trade.id, state: 'Canceled', metadata }],
      },
    };
  return {
    method: 'PATCH',
    path: `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades/${trade.id}`,
    body: { receivingUserId: { value: plan.receivingUserId }, metadata },
  };
}

/** Keep every job selfUri an answer names, under the route that reads it (`routeKey` of a GET). */
export function harvestJobs(
  text: string,
  jobs: JobUris,
  routeKey: (method: string, url: string) => string | undefined,
) {
  for (const match of text.matchAll(/"selfUri":"([^"]*\/jobs\/[^"]+)"/g)) {
    const uri = match[1] as string;
    const key = routeKey('GET', uri);
    if (key && !(jobs.get(key) ?? []).includes(uri)) jobs.set(key, [...(jobs.get(key) ?? []), uri].slice(-50));
  }
}
