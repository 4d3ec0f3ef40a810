/**
 * The server's trades of a run with a tradeMix, as a test or a report reads them: each trade's state,
 * shifts and the actions in its version history (create, match, approve, canceled, resave, …), so a
 * test can check per kind what the mock did (a canceled trade's shift was freed, a one-sided one names no
 * receiving agent) without holding the store.
 */
import type { WfmStore } from '../../mock-server/domain/store.ts';

export interface MixTrade {
  id: string;
  legacyId?: string;
  state: string;
  /** Absent on a one-sided offer: it names no receiving agent. */
  receivingUserId?: string;
  initiatingShiftId: string;
  receivingShiftId?: string;
  /** Its audit actions, oldest first; each stepped the trade's version by one. */
  actions: string[];
}

export function mixTrades(
  store: WfmStore,
  managementUnitIds: readonly string[],
  weekDates: readonly string[],
): MixTrade[] {
  const history = store.report().versionHistory;
  return managementUnitIds
    .flatMap((unit) => weekDates.flatMap((weekDate) => store.tradesOfWeek(unit, weekDate)))
    .map((trade) => {
      const view: MixTrade = {
        id: trade.id,
        state: trade.state,
        initiatingShiftId: trade.initiatingShift.id,
        actions: (history[`trade:${trade.id}`] ?? []).map((entry) => entry.action),
      };
      if (trade.legacyId !== undefined) view.legacyId = trade.legacyId;
      if (trade.receivingUserId !== undefined) view.receivingUserId = trade.receivingUserId;
      if (trade.receivingShift) view.receivingShiftId = trade.receivingShift.id;
      return view;
    });
}
