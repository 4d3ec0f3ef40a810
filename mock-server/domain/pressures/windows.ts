/**
 * The pressures' timeline as intervals of world time, for reports to shade: each DST transition instant
 * and the reconciliation window around it, each publish lock and the self-service window after it.
 * Computed from the same world and configs the pressures are built from (build-store.ts), so a chart
 * shows the windows the run actually met. Pure: no clock, no I/O.
 */
import type { World } from '../world.ts';
import type { DstReconciliationConfig } from './dst-reconciliation.ts';
import { PUBLISH_DEFAULTS, publishWindows } from './publish.ts';
import type { PublishConfig } from './publish.ts';

export type PressureWindowKind = 'dst-transition' | 'dst-reconciliation' | 'publish-lock' | 'self-service';

export interface PressureWindow {
  kind: PressureWindowKind;
  /** World ms; a transition has startMs === endMs. */
  startMs: number;
  endMs: number;
  label: string;
}

export interface WindowPressures {
  dstReconciliation?: DstReconciliationConfig | null;
  publish?: Partial<PublishConfig> | null;
}

/** Every window overlapping [fromMs, toMs] (world ms), in time order; none when quiet. */
export function pressureWindows(
  world: World,
  pressures: WindowPressures,
  quiet: boolean,
  fromMs: number,
  toMs: number,
): PressureWindow[] {
  const windows: PressureWindow[] = [];
  for (const unit of world.managementUnits) {
    for (const t of unit.dstTransitions) {
      const atMs = Date.parse(t.atUtc);
      windows.push({ kind: 'dst-transition', startMs: atMs, endMs: atMs, label: `${unit.timeZone} ${t.kind}` });
      const dst = pressures.dstReconciliation;
      if (dst && !quiet)
        windows.push({
          kind: 'dst-reconciliation',
          startMs: atMs - dst.beforeMs,
          endMs: atMs + dst.afterMs,
          label: `DST reconciliation (${unit.timeZone})`,
        });
    }
  }
  if (pressures.publish && !quiet) {
    for (const w of publishWindows(world, { ...PUBLISH_DEFAULTS, ...pressures.publish })) {
      windows.push({
        kind: 'publish-lock',
        startMs: w.publishMs,
        endMs: w.lockEndMs,
        label: `publish lock, week ${w.weekDate}`,
      });
      windows.push({
        kind: 'self-service',
        startMs: w.lockEndMs,
        endMs: w.selfServiceEndMs,
        label: `self-service, week ${w.weekDate}`,
      });
    }
  }
  const seen = new Set<string>();
  return windows
    .filter((w) => w.endMs >= fromMs && w.startMs <= toMs)
    .filter((w) => {
      const key = `${w.kind}/${w.startMs}/${w.endMs}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.startMs - b.startMs || a.kind.localeCompare(b.kind));
}

/** The windows as results.json states them (ISO instants): for report.html's time chart, from the simulator and from compare. */
export function pressureWindowViews(
  world: World,
  pressures: WindowPressures,
  fromMs: number,
  toMs: number,
): Array<{ kind: PressureWindow['kind']; startUtc: string; endUtc: string; label: string }> {
  return pressureWindows(world, pressures, false, fromMs, toMs).map((w) => ({
    kind: w.kind,
    startUtc: new Date(w.startMs).toISOString(),
    endUtc: new Date(w.endMs).toISOString(),
    label: w.label,
  }));
}
