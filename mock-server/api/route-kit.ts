/**
 * What every route of the mock is made of, pure: the request/response/context types, the route shape,
 * ErrorBody answers, and `handle` (validate, then run). The Fastify adapter and the simulator both
 * dispatch through `handle`, so validation and error shapes are the same everywhere.
 */
import { z } from 'zod';
import type { WfmStore } from '../domain/store.ts';
import type { Result } from '../domain/errors.ts';
import type { ErrorDef } from './errors.ts';
import { ERRORS, errorBody, fromDomain } from './errors.ts';
import { weekDateParam } from './schemas.ts';
import { ANONYMOUS_PRINCIPAL } from './rate-limits.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { RefusalCounter } from './refusal-counter.ts';

export interface ApiRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Why a request was refused, for metrics: 'version', 'locked:dst-reconciliation', 'validation', ... */
  cause?: string;
  /**
   * The trade or job the answer created or names when the path does not (a create's new trade, a started
   * job): the request journal keeps it (http/request-journal.ts), so a create is tied to its trade.
   */
  tradeId?: string;
  jobId?: string;
}

export interface ApiContext {
  store: WfmStore;
  /** Where a job or a bulk entity counts the refusal it answers inside a 200 (the pipeline counts the rest). */
  refusals: RefusalCounter;
  nowMs: number;
  correlationId: string;
  /** Who is calling: the bearer token (server.ts), the key of its rate-limit bucket; undefined in-process. */
  principal?: string;
  /**
   * The OAuth client the token was granted to (server.ts): it owns the jobs it starts, so a job started
   * before a re-login can still be polled after it. Undefined (in-process) reads any job.
   */
  client?: string;
  /** Rate limits (rate-limits.ts), when the scenario turns them on; undefined costs a request nothing. */
  rateLimits?: RateLimiter;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** find-my-way / Fastify syntax. */
  url: string;
  /** Requires a bearer token from POST /oauth/token. */
  auth: boolean;
  /** Counted as a write in conflict-rate metrics. */
  write: boolean;
  body?: z.ZodType;
  /** OpenAPI only (mock-server/http/openapi.ts): a one-line summary and tags of the route. */
  summary?: string;
  tags?: string[];
  /** OpenAPI only; default: 'genesys' for /api/v2/... urls, else 'compat'. */
  profile?: 'genesys' | 'compat';
  /**
   * A trade write: the user it counts against for shift.trading.rate.per.user.per.minute (rate-limits.ts),
   * read from the validated request; undefined (no such shift or trade) is not counted, the handler answers.
   */
  rateUser?(ctx: ApiContext, req: ApiRequest): string | undefined;
  handler(ctx: ApiContext, req: ApiRequest): ApiResponse;
}

/** A Genesys ErrorBody answer; `cause` labels the refusal for metrics ('version', 'validation', ...). */
export function errorResponse(
  ctx: Pick<ApiContext, 'correlationId'>,
  def: ErrorDef,
  extra: Parameters<typeof errorBody>[2] = {},
  cause?: string,
): ApiResponse {
  const response: ApiResponse = { status: def.status, body: errorBody(def, ctx.correlationId, extra) };
  if (cause !== undefined) response.cause = cause;
  return response;
}

/** Answer a domain result: the value through `view`, or the refusal as a Genesys ErrorBody with its cause (the pipeline counts it). */
export function answer<T>(ctx: ApiContext, result: Result<T>, view: (value: T) => unknown): ApiResponse {
  if (result.ok) return { status: 200, body: view(result.value) };
  const mapped = fromDomain(result.error);
  const extra = { entityId: mapped.entityId, entityName: mapped.entityName, details: mapped.details };
  return errorResponse(
    ctx,
    mapped.def,
    mapped.message === undefined ? extra : { ...extra, message: mapped.message },
    mapped.cause,
  );
}

/** A path parameter ('' when absent: find-my-way fills every declared one). */
export function param(req: ApiRequest, name: string): string {
  return req.params[name] ?? '';
}

/**
 * Each schema compiled once with zod's own z.compile: generated code answers valid input; anything it
 * does not accept goes to the schema's runtime parser, so what is refused, and with which issues, is
 * exactly zod's (test/sim/validation.test.ts compares both on generated bodies).
 */
const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();

function compiled(schema: z.ZodType): z.ZodType {
  let fast = compiledSchemas.get(schema);
  if (fast === undefined) {
    fast = z.compile(schema);
    compiledSchemas.set(schema, fast);
  }
  return fast;
}

const weekDate = compiled(weekDateParam);

/**
 * The last weekDateId that validated. A module-level memo on purpose: validity is a pure function of the
 * string, so the memo changes speed, never an answer, and no server or run can see another's requests
 * through it; a run sends the same week's path millions of times.
 */
let lastValidWeekDate: string | undefined;

function weekDateRefusal(value: string): string | undefined {
  if (value === lastValidWeekDate) return undefined;
  const week = weekDate.safeParse(value);
  if (!week.success) return week.error.issues[0]?.message ?? 'weekDateId must be YYYY-MM-DD';
  lastValidWeekDate = value;
  return undefined;
}

/**
 * Rate limits (when on), then validate params and body, then run the handler. Never throws for bad input:
 * answers 400. Every request takes from its principal's bucket first, as a gateway would; a trade write
 * takes from its user's bucket once it has validated. Answers carry the principal's inin-ratelimit-*
 * headers (a per-user 429 its own bucket's, with its Retry-After).
 */
export function handle(route: RouteDef, ctx: ApiContext, req: ApiRequest): ApiResponse {
  const limits = ctx.rateLimits;
  if (limits === undefined) return validateAndRun(route, ctx, req);
  const byToken = limits.take('token', ctx.principal ?? ANONYMOUS_PRINCIPAL, ctx.nowMs);
  const response = byToken.ok ? validateAndRun(route, ctx, req) : limits.refuse(ctx, byToken);
  return { ...response, headers: { ...limits.headers(byToken), ...response.headers } };
}

/** zod's issues as one line of an ErrorBody message: "metadata.version: Invalid input; (body): …". */
export function issueSummary(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

function validateAndRun(route: RouteDef, ctx: ApiContext, req: ApiRequest): ApiResponse {
  const weekDateId = req.params['weekDateId'];
  if (weekDateId !== undefined) {
    const refusal = weekDateRefusal(weekDateId);
    if (refusal !== undefined)
      return errorResponse(
        ctx,
        ERRORS.badRequest,
        { message: refusal, details: [{ errorCode: 'INVALID_VALUE', fieldName: 'weekDateId' }] },
        'validation',
      );
  }
  if (route.body) {
    const parsed = compiled(route.body).safeParse(req.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({
        errorCode: issue.code.toUpperCase(),
        fieldName: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(body)'),
      }));
      const summary = issueSummary(parsed.error);
      return errorResponse(
        ctx,
        ERRORS.badRequest,
        { message: `Invalid request body: ${summary}`, details },
        'validation',
      );
    }
    req = { params: req.params, query: req.query, headers: req.headers, body: parsed.data };
  }
  if (ctx.rateLimits && route.rateUser) {
    const user = route.rateUser(ctx, req);
    const byUser = user === undefined ? undefined : ctx.rateLimits.take('user', user, ctx.nowMs);
    if (byUser && !byUser.ok) return ctx.rateLimits.refuse(ctx, byUser);
  }
  return route.handler(ctx, req);
}
