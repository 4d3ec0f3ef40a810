/**
 * What every route of the mock is made of, pure: the request/response/context types, the route shape,
 * ErrorBody answers, and `handle` (validate, then run). The Fastify adapter and the simulator both
 * dispatch through `handle`, so validation and error shapes are the same everywhere.
 */
import type { z } from 'zod';
import type { WfmStore } from '../domain/store.ts';
import type { Result } from '../domain/errors.ts';
import type { ErrorDef } from './errors.ts';
import { ERRORS, errorBody, fromDomain } from './errors.ts';
import { weekDateParam } from './schemas.ts';

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
}

export interface ApiContext {
  store: WfmStore;
  nowMs: number;
  correlationId: string;
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
  handler(ctx: ApiContext, req: ApiRequest): ApiResponse;
}

/** A Genesys ErrorBody answer; `cause` labels the refusal for metrics ('version', 'validation', ...). */
export function errorResponse(ctx: Pick<ApiContext, 'correlationId'>, def: ErrorDef, extra: Parameters<typeof errorBody>[2] = {}, cause?: string): ApiResponse {
  const response: ApiResponse = { status: def.status, body: errorBody(def, ctx.correlationId, extra) };
  if (cause !== undefined) response.cause = cause;
  return response;
}

/** Answer a domain result: the value through `view`, or the refusal as a Genesys ErrorBody (counted by cause). */
export function answer<T>(ctx: ApiContext, result: Result<T>, view: (value: T) => unknown): ApiResponse {
  if (result.ok) return { status: 200, body: view(result.value) };
  const mapped = fromDomain(result.error);
  ctx.store.countRejection(`${mapped.def.status} ${mapped.cause}`);
  const extra = { entityId: mapped.entityId, entityName: mapped.entityName, details: mapped.details };
  return errorResponse(ctx, mapped.def, mapped.message === undefined ? extra : { ...extra, message: mapped.message }, mapped.cause);
}

/** A path parameter ('' when absent: find-my-way fills every declared one). */
export function param(req: ApiRequest, name: string): string {
  return req.params[name] ?? '';
}

/** Validate params and body, then run the handler. Never throws for bad input: answers 400. */
export function handle(route: RouteDef, ctx: ApiContext, req: ApiRequest): ApiResponse {
  if (req.params['weekDateId'] !== undefined) {
    const week = weekDateParam.safeParse(req.params['weekDateId']);
    if (!week.success) return errorResponse(ctx, ERRORS.badRequest, { message: 'weekDateId must be YYYY-MM-DD', details: [{ errorCode: 'INVALID_VALUE', fieldName: 'weekDateId' }] }, 'validation');
  }
  if (route.body) {
    const parsed = route.body.safeParse(req.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ errorCode: issue.code.toUpperCase(), fieldName: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(body)') }));
      const summary = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
      ctx.store.countRejection('400 validation');
      return errorResponse(ctx, ERRORS.badRequest, { message: `Invalid request body: ${summary}`, details }, 'validation');
    }
    req = { ...req, body: parsed.data };
  }
  return route.handler(ctx, req);
}
