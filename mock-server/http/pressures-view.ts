/**
 * GET /__harness/pressures: what the running world is under, so a load script can aim at a window
 * instead of hard-coding it: each pressure by name (the publish windows with their self-service
 * windows), the stale-read replica and the rate limits, all empty under --quiet.
 */
import type { Pressure } from '../domain/pressures/pressure.ts';
import type { PublishWindow } from '../domain/pressures/publish.ts';
import type { Harness } from './harness.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

function windowsOf(pressure: Pressure): PublishWindow[] | undefined {
  const windows = (pressure as { windows?: readonly PublishWindow[] }).windows;
  return windows ? [...windows] : undefined;
}

export function pressuresView(harness: Harness): Record<string, unknown> {
  return {
    quiet: harness.options.quiet,
    pressures: harness.store.pressures.map((pressure) => {
      const windows = windowsOf(pressure);
      if (!windows) return { name: pressure.name };
      return {
        name: pressure.name,
        windows: windows.map((w) => ({
          businessUnitId: w.businessUnitId,
          weekDate: w.weekDate,
          lock: { start: iso(w.publishMs), end: iso(w.lockEndMs) },
          selfService: { start: iso(w.lockEndMs), end: iso(w.selfServiceEndMs) },
        })),
      };
    }),
    staleReads: harness.store.replica?.config ?? null,
    rateLimits: harness.rateLimits?.config ?? null,
  };
}
