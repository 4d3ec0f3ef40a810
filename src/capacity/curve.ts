/**
 * A capacity curve in the simulator: each strategy on one swap scenario at several arrival rates (trades
 * per WORLD second) for one fixed duration (world seconds), the same world and seed at every point, so
 * what changes along the curve is the load. A rate breaks a strategy when success (applied / arrivals; an
 * arrival no VU could take counts as a failure, as contention the client causes itself) falls below the
 * threshold. The world plans a finite list of swaps: a rate x duration above it is refused, not clipped.
 */
import type { StrategySpec } from '../core/strategies.ts';
import { formatStrategy } from '../core/strategy-text.ts';
import { generateWorld } from '../world/generate.ts';
import { planScenarioSwaps } from '../scenario/plan.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { measureSwaps, withLoad } from '../sim/measure-swaps.ts';
import { clientsOf } from '../scenario/clients.ts';
import { TOKEN_429 } from '../report/tokens.ts';

export interface CapacityPoint {
  /** Trades per world-second. */
  rate: number;
  arrivals: number;
  trades: number;
  applied: number;
  dropped: number;
  /** applied / arrivals. */
  success: number;
  /** 409 answers / write requests. */
  conflictRate: number;
  /** Trades whose last write was answered 409, over trades attempted. */
  tradeFailureRate409: number;
  /** Answers of 429 from the per-token bucket: the load outran its clients' tokens. */
  token429: number;
  requestsPerTrade: number;
  p95OutcomeMs: number;
}

export interface CapacityCurve {
  strategy: string;
  /** The OAuth clients (tokens) the load was spread over at every point of this curve. */
  clients: number;
  /** The inline text that reruns exactly this strategy. */
  definition: string;
  points: CapacityPoint[];
  /** The lowest rate tried whose success is below the threshold; null when every rate holds. */
  breaksAtRate: number | null;
}

export interface CapacityPlan {
  plannedSwaps: number;
  durationS: number;
}

/**
 * The swaps the world plans for this seed, and the duration: the given one, or the longest the highest
 * rate can feed. Throws a message naming the highest rate a given duration can feed when one cannot.
 */
export function capacityPlan(
  scenario: ScenarioSpec,
  seed: number,
  rates: readonly number[],
  durationS?: number,
): CapacityPlan {
  const plannedSwaps = planScenarioSwaps(generateWorld(scenario.world, seed), scenario).length;
  const maxRate = Math.max(...rates);
  const minRate = Math.min(...rates);
  const duration = durationS ?? Math.floor((plannedSwaps / maxRate) * 10) / 10;
  const maxFed = plannedSwaps / duration;
  if (maxRate * duration > plannedSwaps) {
    throw new RangeError(
      `${scenario.name} plans ${plannedSwaps} swaps for seed ${seed}: at ${duration} world-s the highest rate it ` +
        `can feed is ${maxFed.toFixed(2)} trades per world-s; --rates asks for ${maxRate} (lower it, or shorten --duration)`,
    );
  }
  if (Math.floor(minRate * duration) < 1) {
    throw new RangeError(
      `at ${duration} world-s the rate ${minRate} starts no trade (${scenario.name} plans ${plannedSwaps} swaps; the highest ` +
        `rate, ${maxRate}, sets the duration): drop the lowest rates or the highest`,
    );
  }
  return { plannedSwaps, durationS: duration };
}

export async function capacityCurve(
  scenario: ScenarioSpec,
  strategy: StrategySpec,
  seed: number,
  rates: readonly number[],
  durationS: number,
  minSuccess: number,
  onPoint?: () => void,
  clients = clientsOf(scenario.load),
): Promise<CapacityCurve> {
  const points: CapacityPoint[] = [];
  for (const rate of [...rates].sort((a, b) => a - b)) {
    const row = await measureSwaps(withLoad(scenario, rate, durationS, clients), strategy, seed);
    const arrivals = row.trades + row.droppedIterations;
    points.push({
      rate,
      arrivals,
      trades: row.trades,
      applied: row.applied,
      dropped: row.droppedIterations,
      success: arrivals === 0 ? 0 : row.applied / arrivals,
      conflictRate: row.conflictRate,
      tradeFailureRate409: row.tradeFailureRate409,
      token429: row.server.rejections[TOKEN_429] ?? 0,
      requestsPerTrade: row.requestsPerTrade,
      p95OutcomeMs: row.timeToOutcomeMs.p95,
    });
    onPoint?.();
  }
  const broken = points.find((p) => p.success < minSuccess);
  return {
    strategy: strategy.name,
    clients,
    definition: formatStrategy(strategy, { withName: false }),
    points,
    breaksAtRate: broken ? broken.rate : null,
  };
}

/** Below this many arrivals a point is marked: one trade is more than 5% of it. */
const FEW_ARRIVALS = 20;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The Markdown table of every point and one line per strategy saying where it breaks. */
export function capacityMarkdown(curves: readonly CapacityCurve[], minSuccess: number): string {
  const rows = curves.flatMap((c) =>
    c.points.map(
      (p) =>
        `| ${c.strategy} | ${c.clients} | ${p.rate} | ${p.arrivals}${p.arrivals < FEW_ARRIVALS ? '*' : ''} | ${p.applied} | ` +
        (`${p.dropped} | ${pct(p.success)} | ${pct(p.conflictRate)} | ${pct(p.tradeFailureRate409)} | ${p.token429} | ` +
          `${p.requestsPerTrade.toFixed(2)} | ${p.p95OutcomeMs.toFixed(0)} |`),
    ),
  );
  const verdicts = curves.map(
    (c) =>
      `- **${c.strategy}** (\`${c.definition}\`), ${c.clients} client${c.clients === 1 ? '' : 's'}: ${
        c.breaksAtRate === null
          ? `holds at every rate tried (success >= ${pct(minSuccess)})`
          : `breaks at ${c.breaksAtRate} trades per world-s (success below ${pct(minSuccess)})`
      }`,
  );
  return [
    '| strategy | clients | trades/world-s | arrivals | applied | dropped | success | 409s/write | failed by 409 | ' +
      'token 429s | req/trade | p95 outcome (world ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(curves.some((c) => c.points.some((p) => p.arrivals < FEW_ARRIVALS))
      ? [
          `\\* fewer than ${FEW_ARRIVALS} trades at this rate: one trade moves success by several points; a ` +
            `world that plans more swaps (or a longer --duration with lower --rates) steadies it.`,
          '',
        ]
      : []),
    ...verdicts,
  ].join('\n');
}
