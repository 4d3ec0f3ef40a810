/**
 * The load's arrivals in world time, shared by k6 (k6/lib/swaps.ts) and the simulator
 * (src/sim/experiments/swaps.ts) so both apply the same swaps at the same instants. A constant rate, or
 * k6 ramping-arrival-rate stages: the rate starts at `tradesPerSecond` and moves linearly to each
 * stage's `targetPerS` over its `durationS`. The i-th swap (from 0) arrives when the integral of the
 * rate reaches i. Pure; bundled into k6.
 */
export interface LoadStage {
  durationS: number;
  /** Trades per world-second at the end of the stage. */
  targetPerS: number;
}

export interface LoadShape {
  tradesPerSecond: number;
  durationS: number;
  stages?: LoadStage[];
}

/** Swaps a load starts: rate x duration, or the integral of the stages' rate (whole swaps). */
export function arrivalCount(load: LoadShape): number {
  if (!load.stages) return Math.floor(load.tradesPerSecond * load.durationS);
  let rate = load.tradesPerSecond;
  let total = 0;
  for (const stage of load.stages) {
    total += ((rate + stage.targetPerS) / 2) * stage.durationS;
    rate = stage.targetPerS;
  }
  // Rounding slack: 2 x 0.25 x 160 is 80, not 79.99999.
  return Math.floor(total + 1e-9);
}

/** World ms from the load's start of each of the first `count` arrivals. */
export function arrivalOffsetsMs(load: LoadShape, count: number): number[] {
  if (!load.stages) {
    const intervalMs = 1000 / load.tradesPerSecond;
    return Array.from({ length: count }, (_, i) => i * intervalMs);
  }
  const offsets: number[] = [];
  let startS = 0,
    rate = load.tradesPerSecond,
    before = 0;
  for (const stage of load.stages) {
    const slope = (stage.targetPerS - rate) / stage.durationS;
    const within = ((rate + stage.targetPerS) / 2) * stage.durationS;
    while (offsets.length < count && offsets.length <= before + within + 1e-9) {
      // Solve rate t + slope t^2 / 2 = n for the smallest t >= 0 (stable for slope 0 and for ramps down).
      const n = offsets.length - before;
      const t = n === 0 ? 0 : (2 * n) / (rate + Math.sqrt(Math.max(0, rate * rate + 2 * slope * n)));
      offsets.push((startS + Math.min(t, stage.durationS)) * 1000);
    }
    before += within;
    startS += stage.durationS;
    rate = stage.targetPerS;
  }
  return offsets;
}

/** The highest rate the load reaches (what compare checks against what one k6 process can drive). */
export function peakRatePerS(load: LoadShape): number {
  return Math.max(load.tradesPerSecond, ...(load.stages ?? []).map((s) => s.targetPerS));
}
