/** Domain records → Genesys response models (ShiftTradeResponse). */
import type { Trade } from '../domain/store.ts';
import type { Shift } from '../domain/world.ts';

const DAY_MS = 86_400_000;
/** 0000-01-01 and 10000-01-01: inside, toISOString() has a four-digit year; outside, Date formats. */
const FIRST_MS = -62_167_219_200_000;
const END_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
// Module-level memo, on purpose (the one mutable state of this pure layer besides shiftEnds below): it
// caches a pure function of its argument, so it changes speed, never an answer, and sharing it between
// servers and simulated runs cannot make one run depend on another. Per-store state would cost a lookup
// on every answer for nothing.
let lastDay = Number.NaN;
let lastDayPrefix = '';
let lastMs = Number.NaN;
let lastIso = '';

/**
 * new Date(ms).toISOString(), without a Date per answer: a response formats dateModified every time and
 * it changes with every write. The 'YYYY-MM-DDT' of the last day is kept, the time of day is built from
 * digit tables. Same truncation of fractional ms as Date (TimeClip); a test compares both on random instants.
 */
export function isoFromMs(ms: number): string {
  if (ms === lastMs) return lastIso;
  const t = Math.trunc(ms);
  if (!(t >= FIRST_MS && t < END_MS)) return new Date(ms).toISOString();
  const day = Math.floor(t / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const iso = `${lastDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`;
  lastMs = ms;
  lastIso = iso;
  return iso;
}

/** Shifts never change, and every trade view formats the end of two of them: format each once (a pure memo, as above). */
const shiftEnds = new WeakMap<Shift, string>();

function shiftEnd(shift: Shift): string {
  let end = shiftEnds.get(shift);
  if (end === undefined) {
    end = isoFromMs(Date.parse(shift.startDate) + shift.lengthMinutes * 60_000);
    shiftEnds.set(shift, end);
  }
  return end;
}

/** A trade's creation instant never changes either. */
const createdIsos = new WeakMap<Trade, string>();

function createdIso(trade: Trade): string {
  let iso = createdIsos.get(trade);
  if (iso === undefined) {
    iso = isoFromMs(trade.createdMs);
    createdIsos.set(trade, iso);
  }
  return iso;
}

export function tradeView(trade: Trade): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: trade.id,
    weekDate: trade.weekDate,
    schedule: { id: trade.scheduleId, weekDate: trade.weekDate, businessUnit: { id: trade.businessUnitId } },
    state: trade.state,
    initiatingUser: { id: trade.initiatingUserId },
    initiatingShiftId: trade.initiatingShift.id,
    initiatingShiftStart: trade.initiatingShift.startDate,
    initiatingShiftEnd: shiftEnd(trade.initiatingShift),
    oneSided: trade.receivingShift === undefined,
    acceptableIntervals: trade.acceptableIntervals ?? [],
    metadata: { version: trade.version, dateCreated: createdIso(trade), dateModified: isoFromMs(trade.modifiedMs) },
    selfUri: `/api/v2/workforcemanagement/managementunits/${trade.managementUnitId}/weeks/${trade.weekDate}/shifttrades/${trade.id}`,
  };
  if (trade.expirationMs !== undefined) view['expiration'] = isoFromMs(trade.expirationMs);
  if (trade.receivingUserId !== undefined) view['receivingUser'] = { id: trade.receivingUserId };
  if (trade.receivingShift) {
    view['receivingWeekDate'] = trade.receivingShift.weekDate;
    view['receivingShiftId'] = trade.receivingShift.id;
    view['receivingShiftStart'] = trade.receivingShift.startDate;
    view['receivingShiftEnd'] = shiftEnd(trade.receivingShift);
  }
  if (trade.reviewedMs !== undefined) {
    view['reviewedBy'] = { id: trade.reviewedBy ?? 'auto-review' };
    view['reviewedDate'] = isoFromMs(trade.reviewedMs);
  }
  return view;
}
