/**
 * Find the schedule id of a management unit's week when a swap does not carry one: the management unit
 * names its business unit (GET /managementunits/{muId} → businessUnit.id), and the business unit lists
 * its schedules of the week (GET /businessunits/{buId}/weeks/{weekDate}/schedules → entities). Reads only.
 * Exactly one schedule of that week must match (a published one wins over drafts); anything else is an
 * error that names the unit and the week, because guessing would send trades to the wrong schedule.
 */
import type { Transport } from './ports.ts';
import type { Steps } from './effects.ts';
import { send } from './effects.ts';
import { drive } from './drive.ts';

const WFM = '/api/v2/workforcemanagement';

export interface ScheduleKey {
  managementUnitId: string;
  weekDate: string;
}

export class ScheduleDiscoveryError extends Error {
  constructor(
    readonly key: ScheduleKey,
    problem: string,
  ) {
    super(`schedule of management unit ${key.managementUnitId}, week ${key.weekDate}: ${problem}`);
    this.name = 'ScheduleDiscoveryError';
  }
}

interface ScheduleEntity {
  id?: unknown;
  weekDate?: unknown;
  published?: unknown;
}

/** The schedule id of one management unit's week, as steps (reads only). */
export function* discoverScheduleId(key: ScheduleKey): Steps<string> {
  const unit = yield* send({
    method: 'GET',
    path: `${WFM}/managementunits/${encodeURIComponent(key.managementUnitId)}`,
  });
  if (unit.status !== 200)
    throw new ScheduleDiscoveryError(
      key,
      `GET management unit answered ${unit.status || 'nothing'}${messageOf(unit.body)}`,
    );
  const businessUnitId = (unit.body as { businessUnit?: { id?: unknown } } | undefined)?.businessUnit?.id;
  if (typeof businessUnitId !== 'string' || businessUnitId === '')
    throw new ScheduleDiscoveryError(key, 'the management unit names no businessUnit.id');
  const list = yield* send({
    method: 'GET',
    path: `${WFM}/businessunits/${encodeURIComponent(businessUnitId)}/weeks/${encodeURIComponent(key.weekDate)}/schedules`,
  });
  if (list.status !== 200)
    throw new ScheduleDiscoveryError(
      key,
      `GET schedules of business unit ${businessUnitId} answered ${list.status || 'nothing'}${messageOf(list.body)}`,
    );
  const entities = ((list.body as { entities?: ScheduleEntity[] } | undefined)?.entities ?? []).filter(
    (s): s is ScheduleEntity & { id: string } =>
      typeof s.id === 'string' && (s.weekDate === undefined || s.weekDate === key.weekDate),
  );
  const published = entities.filter((s) => s.published === true);
  const candidates = published.length > 0 ? published : entities;
  if (candidates.length === 1 && candidates[0]) return candidates[0].id;
  if (candidates.length === 0)
    throw new ScheduleDiscoveryError(key, `business unit ${businessUnitId} has no schedule for that week`);
  throw new ScheduleDiscoveryError(
    key,
    `${candidates.length} schedules (${candidates.map((s) => s.id).join(', ')}); give scheduleId in the input`,
  );
}

function* discoverAll(keys: readonly ScheduleKey[]): Steps<Map<string, string>> {
  const found = new Map<string, string>();
  for (const key of keys) {
    const k = scheduleKeyOf(key);
    if (!found.has(k)) found.set(k, yield* discoverScheduleId(key));
  }
  return found;
}

/** Discovery reads and never waits: a sleep here would be a bug. */
const NO_SLEEP = (): Promise<void> => Promise.reject(new Error('schedule discovery never sleeps'));

/** Resolve every distinct (management unit, week) once, one after another, through the transport. */
export function discoverScheduleIds(transport: Transport, keys: readonly ScheduleKey[]): Promise<Map<string, string>> {
  return drive(discoverAll(keys), { transport, sleep: NO_SLEEP });
}

export function scheduleKeyOf(key: ScheduleKey): string {
  return `${key.managementUnitId}|${key.weekDate}`;
}

function messageOf(body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}
