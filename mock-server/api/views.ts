/** Domain records → Genesys response models (ShiftTradeResponse). */
import type { Trade } from '../domain/store.ts';
import type { Shift, World } from '../domain/world.ts';

function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** Shifts never change, and every trade view formats the end of two of them: format each once. */
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

export function tradeView(trade: Trade, _world?: World): Record<string, unknown> {
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
    acceptableIntervals: [],
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
