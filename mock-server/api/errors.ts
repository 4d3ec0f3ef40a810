/**
 * Every error the mock answers, defined once (fastify's lib/errors.js idea). Codes are Genesys'
 * where its catalogue has one; see docs/mock-server.md "Choices the mock makes" for the ones Genesys does not document.
 */
import { LOCKED_MESSAGE, SHIFT_IN_OPEN_TRADE_CODE, TRADE_RULE_VIOLATION_CODE } from '../../src/contract/wire.ts';
import type { DomainError } from '../domain/errors.ts';

export interface ErrorDef {
  status: number;
  code: string;
  message: string;
}

export const ERRORS = {
  versionMismatch: {
    status: 409,
    code: 'general.resource.conflict',
    message:
      'The version supplied in metadata.version does not match the current version of the entity. Re-read it and try again.',
  },
  locked: { status: 409, code: 'general.conflict', message: LOCKED_MESSAGE },
  shiftInOpenTrade: {
    status: 400,
    code: SHIFT_IN_OPEN_TRADE_CODE,
    message: 'The shift is already part of an open shift trade',
  },
  invalidState: {
    status: 400,
    code: 'wfm.shift.trade.invalid.state.transition',
    message: 'The shift trade cannot be changed in its current state',
  },
  wrongAgent: {
    status: 400,
    code: 'wfm.shift.trade.wrong.receiving.user',
    message: "The receiving shift does not belong to the trade's receiving user",
  },
  ruleViolation: {
    status: 400,
    code: TRADE_RULE_VIOLATION_CODE,
    message: 'The shift trade violates a shift trading rule of the management unit',
  },
  notFound: { status: 404, code: 'not.found', message: 'The requested resource was not found' },
  badRequest: {
    status: 400,
    code: 'bad.request',
    message: 'The request could not be understood by the server due to malformed syntax',
  },
  invalidJson: { status: 400, code: 'bad.request', message: 'The request body is not valid JSON' },
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported.media.type',
    message: 'The request content type is not supported',
  },
  payloadTooLarge: { status: 413, code: 'request.entity.too.large', message: 'The request body is too large' },
  unauthorized: {
    status: 401,
    code: 'authentication.required',
    message: 'No authentication bearer token specified in authorization header.',
  },
  badCredentials: { status: 401, code: 'bad.credentials', message: 'Invalid client credentials' },
  /** Bearer tokens (mock-server/api/auth.ts): one past its expires_in, one without the route's scope. */
  tokenExpired: {
    status: 401,
    code: 'authentication.required',
    message: 'token expired: request a new one from /oauth/token',
  },
  missingScope: {
    status: 403,
    code: 'missing.any.permissions',
    message: 'Unable to perform the requested action. The token is missing a required OAuth scope.',
  },
  routeNotFound: { status: 404, code: 'not.found', message: 'No such route' },
  /** A known path asked with a method it does not serve; the answer's Allow header lists those it does. */
  methodNotAllowed: { status: 405, code: 'method.not.allowed', message: 'The method is not allowed for this resource' },
  badUrl: { status: 400, code: 'bad.request', message: 'The request URL is not valid' },
  uriTooLong: { status: 414, code: 'request.uri.too.long', message: 'A path parameter of the request URL is too long' },
  requestTimeout: { status: 408, code: 'request.timeout', message: 'The request was not received in time' },
  headersTooLarge: {
    status: 431,
    code: 'request.header.fields.too.large',
    message: 'The request headers are too large',
  },
  internal: { status: 500, code: 'internal.server.error', message: 'Internal server error' },
  /** A rate limit (mock-server/api/rate-limits.ts); the message gets "Retry the request in [N] seconds" appended. */
  tooManyRequests: { status: 429, code: 'too.many.requests.retry.after', message: 'Rate limit exceeded the maximum' },
  /** A fault (mock-server/api/faults.ts): refused before the write, nothing committed. */
  serviceUnavailable: {
    status: 503,
    code: 'service.unavailable',
    message: 'The service is temporarily unavailable. Retry the request later.',
  },
} as const satisfies Record<string, ErrorDef>;

export interface ErrorDetail {
  errorCode: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** The Genesys ErrorBody model; contextId equals the ININ-Correlation-Id header. */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  entityId?: string;
  entityName?: string;
  messageParams?: Record<string, string>;
  details: ErrorDetail[];
  errors: ErrorBody[];
  /** On a 429: which limit was hit (shared/reference/genesys-wfm.md "Rate limits"). */
  limit?: { key: string; namespace: string; value: number };
}

export function errorBody(
  def: ErrorDef,
  contextId: string,
  extra: Partial<Pick<ErrorBody, 'entityId' | 'entityName' | 'message' | 'messageParams'>> & {
    details?: ErrorDetail[];
  } = {},
): ErrorBody {
  const body: Record<string, unknown> = {
    message: extra.message ?? def.message,
    code: def.code,
    status: def.status,
    contextId,
  };
  // The defined extras in their order (for-in, no key array: every refusal builds one, the simulator millions).
  const fields = extra as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined && key !== 'details') body[key] = value;
  }
  body['details'] = extra.details ?? [];
  body['errors'] = [];
  return body as unknown as ErrorBody;
}

/** Map a domain refusal to its registry entry, a cause label for metrics, and detail fields. */
export function fromDomain(error: DomainError): {
  def: ErrorDef;
  cause: string;
  entityId: string;
  entityName: string;
  details: ErrorDetail[];
  message?: string;
} {
  switch (error.error) {
    case 'version-mismatch':
      return {
        def: ERRORS.versionMismatch,
        cause: 'version',
        entityId: error.id,
        entityName: error.entity,
        details: [
          {
            errorCode: 'VERSION_MISMATCH',
            fieldName: 'metadata.version',
            entityId: error.id,
            entityName: error.entity,
          },
        ],
      };
    case 'locked':
      return {
        def: ERRORS.locked,
        cause: `locked:${error.holder}`,
        entityId: error.id,
        entityName: error.entity,
        details: [{ errorCode: 'RESOURCE_LOCKED', entityId: error.id, entityName: error.entity }],
      };
    case 'shift-in-open-trade':
      return {
        def: ERRORS.shiftInOpenTrade,
        cause: 'shift-in-open-trade',
        entityId: error.shiftId,
        entityName: 'shift',
        details: [{ errorCode: 'SHIFT_IN_OPEN_TRADE', entityId: error.tradeId, entityName: 'shiftTrade' }],
      };
    case 'invalid-state':
      return {
        def: ERRORS.invalidState,
        cause: 'invalid-state',
        entityId: error.tradeId,
        entityName: 'shiftTrade',
        details: [{ errorCode: 'InvalidState', fieldName: 'state', entityId: error.tradeId }],
      };
    case 'wrong-agent':
      return {
        def: ERRORS.wrongAgent,
        cause: 'wrong-agent',
        entityId: error.shiftId,
        entityName: 'shift',
        details: [],
      };
    case 'rule':
      return {
        def: ERRORS.ruleViolation,
        cause: `rule:${error.rule}`,
        entityId: error.id ?? '',
        entityName: 'shiftTrade',
        details: [{ errorCode: error.rule }],
        message: error.message,
      };
    case 'not-found':
      return {
        def: ERRORS.notFound,
        cause: 'not-found',
        entityId: error.id,
        entityName: error.entity,
        details: [{ errorCode: 'NOT_FOUND', entityId: error.id, entityName: error.entity }],
      };
  }
}
