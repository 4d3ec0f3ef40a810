/** Domain records → Genesys response models (ShiftTradeResponse). */
import type { Trade } from '../domain/store.ts';
import type { World } from '../domain/world.ts';

function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

function shiftEnd(startDate: string, lengthMinutes: number): string {
  return isoFromMs(Date.parse(startDate) + lengthMinutes * 60_000);
}

export function tradeView(trade: Trade, world: World): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: trade.id,
    weekDate: trade.weekDate,
    schedule: { id: trade.scheduleId, weekDate: trade.weekDate, businessUnit: { id: world.businessUnitId } },
    state: trade.state,
    initiatingUser: { id: trade.initiatingUserId },
    initiatingShiftId: trade.initiatingShift.id,
    initiatingShiftStart: trade.initiatingShift.startDate,
    initiatingShiftEnd: shiftEnd(trade.initiatingShift.startDate, trade.initiatingShift.lengthMinutes),
    oneSided: trade.receivingShift === undefined,
    acceptableIntervals: [],
    metadata: { version: trade.version, dateCreated: isoFromMs(trade.createdMs), dateModified: isoFromMs(trade.modifiedMs) },
    selfUri: `/api/v2/workforcemanagement/managementunits/${trade.managementUnitId}/weeks/${trade.weekDate}/shifttrades/${trade.id}`,
  };
  if (trade.receivingUserId !== undefined) view['receivingUser'] = { id: trade.receivingUserId };
  if (trade.receivingShift) {
    view['receivingWeekDate'] = trade.weekDate;
    view['receivingShiftId'] = trade.receivingShift.id;
    view['receivingShiftStart'] = trade.receivingShift.startDate;
    view['receivingShiftEnd'] = shiftEnd(trade.receivingShift.startDate, trade.receivingShift.lengthMinutes);
  }
  if (trade.reviewedMs !== undefined) {
    view['reviewedBy'] = { id: 'auto-review' };
    view['reviewedDate'] = isoFromMs(trade.reviewedMs);
  }
  return view;
}
