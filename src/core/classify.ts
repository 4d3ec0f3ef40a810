/**
 * Classify a WFM response into what the client must do about it (DESIGN "The sync core").
 * 409s are told apart by their body: the lock message Genesys sends while a background process holds
 * the schedule, the compat profile's SHIFT_TRADE_CONFLICT code, or else a stale version. Every compat
 * 409 carries SHIFT_TRADE_CONFLICT; its message tells them apart: the bulk-swap thread's own message is
 * a stale scheduleVersion or If-Match (re-read and retry), the lock message a lock, any other a
 * permanent refusal such as a shift already in an open trade.
 */
import {
  COMPAT_CONFLICT_CODE,
  COMPAT_VERSION_CONFLICT_MESSAGE,
  LOCKED_MESSAGE_FRAGMENT,
  RETRY_AFTER_HEADER,
} from '../contract/wire.ts';
import type { ConflictKind, HttpResponse } from './ports.ts';

export type Classification = 'ok' | ConflictKind;

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  errors?: Array<{ code?: unknown; message?: unknown }>;
}

/** The first nested error, where an ErrorBody carries its fields only there. */
function firstError(error: ErrorLike): { code?: unknown; message?: unknown } | undefined {
  return Array.isArray(error.errors) ? error.errors[0] : undefined;
}

export function classifyConflict(body: unknown): ConflictKind {
  const error = (body ?? {}) as ErrorLike;
  const message = typeof error.message === 'string' ? error.message : String(firstError(error)?.message ?? '');
  const code = typeof error.code === 'string' ? error.code : String(firstError(error)?.code ?? '');
  if (message.includes(LOCKED_MESSAGE_FRAGMENT)) return 'locked';
  if (code === COMPAT_CONFLICT_CODE)
    return message.trim() === COMPAT_VERSION_CONFLICT_MESSAGE ? 'version-conflict' : 'business-conflict';
  return 'version-conflict';
}

export function classify(response: HttpResponse): Classification {
  const { status } = response;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0 || status === 408 || status >= 500) return 'transient';
  if (status === 409) return classifyConflict(response.body);
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'auth';
  return 'invalid';
}

/** Retry-After in ms (seconds form only, as Genesys sends it), or undefined. */
export function retryAfterMs(response: HttpResponse): number | undefined {
  const raw = response.headers[RETRY_AFTER_HEADER];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
