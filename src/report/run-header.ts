/**
 * The run's header, written once for report.md and report.html: what ran (run, seed, commit, dialect,
 * load, tools), the world it met (units, agents, zones) and the times a person reads, in the scenario's
 * zone with its offset and UTC beside it, pressure windows included.
 */
import { localDateTime } from './local-time.ts';
import type { RunResults } from './results.ts';

const num = (x: number, digits: number) => Number(x.toFixed(digits)).toString();

function load(results: RunResults): string {
  if (results.load.tradesPerSecond <= 0)
    return `sweep (clients ${results.sim?.clients?.join(', ') ?? '—'}, ${results.sim?.runsPerPoint ?? '—'} runs each)`;
  const network = results.network?.roundTripMs
    ? `; network round trip median ${results.network.roundTripMs.medianMs} ms, p99 ${results.network.roundTripMs.p99Ms} ms`
    : '; no modelled network latency';
  return (
    `${num(results.load.tradesPerSecond, 3)} trades per world-s for ${results.load.durationS} world-s; clock speed ` +
    `${results.load.clockSpeed}x (a runtime knob: every duration here is world time)${network}`
  );
}

function world(results: RunResults): Array<[string, string]> {
  if (!results.world) return [];
  const { units, timeZone } = results.world;
  const zones = [...new Set(units.map((u) => u.timeZone))];
  const agents = units.reduce((sum, u) => sum + u.agents, 0);
  return [
    [
      'world',
      `${units.length} management unit${units.length === 1 ? '' : 's'}, ${agents} agents, ` +
        `zone${zones.length === 1 ? '' : 's'} ${zones.join(', ')}`,
    ],
    [
      'units',
      units
        .map((u) => `${u.name} (${u.businessUnit}; ${u.timeZone}; ${u.agents} agents${u.traded ? '; traded' : ''})`)
        .join(', '),
    ],
    ['times', `local to ${timeZone} with the offset, UTC beside`],
  ];
}

function worldStart(results: RunResults): string | undefined {
  // A simulator run starts at its virtual start; a k6 run's world start is its timeline's first bucket.
  return results.kind === 'sim' ? results.startedAt : results.strategies.find((s) => s.timeline)?.timeline?.startUtc;
}

/** The pressure windows of the run, each in local time with UTC beside. */
export function windowLines(results: RunResults): string[] {
  const zone = results.world?.timeZone ?? 'UTC';
  return (results.pressureWindows ?? []).map((w) =>
    w.startUtc === w.endUtc
      ? `${w.label}: ${localDateTime(w.startUtc, zone)}`
      : `${w.label}: ${localDateTime(w.startUtc, zone)} to ${localDateTime(w.endUtc, zone)}`,
  );
}

const KIND_NAMES: Readonly<Record<RunResults['kind'], string>> = {
  sim: 'simulator',
  k6: 'k6',
  observe: "observe: a client judged by the server's truth",
};

/** kind 'observe': the client and how it ended, or the server read; and where every number comes from. */
function observeRows(results: RunResults): Array<[string, string]> {
  const o = results.observe;
  if (!o) return [];
  const c = o.client;
  const ended = c
    ? c.timedOut
      ? 'was stopped at --timeout'
      : c.exitCode === 0
        ? 'exited 0'
        : `exited ${c.exitCode ?? `on ${c.signal}`}`
    : '';
  return [
    c
      ? ['client', `${c.command.join(' ')} (${ended} after ${c.realSeconds.toFixed(1)} real s)`]
      : ['server', `${o.baseUrl ?? '?'} (report --from-server)`],
    ['numbers', 'from the server alone: its request journal, trades and audit (docs/observe.md)'],
  ];
}

export function headerRows(results: RunResults): Array<[string, string]> {
  const zone = results.world?.timeZone ?? 'UTC';
  const start = worldStart(results);
  return [
    ['run', `${results.runId} (${KIND_NAMES[results.kind]})`],
    ...(results.kind !== 'sim' ? [['started', `${results.startedAt} (wall clock)`] as [string, string]] : []),
    ...observeRows(results),
    ['scenario', `${results.scenario}${results.scenarioHash ? ` (scenario hash ${results.scenarioHash})` : ''}`],
    ...world(results),
    ...(start ? [['world start', localDateTime(start, zone)] as [string, string]] : []),
    [
      'seed',
      results.seeds ? `${results.seeds.join(', ')} (tables and charts: seed ${results.seed})` : String(results.seed),
    ],
    ['commit', results.gitCommit],
    ['dialect', results.dialect ?? '—'],
    ['load', load(results)],
    [
      'tools',
      Object.entries(results.tools)
        .map(([k, v]) => `${k} ${v}`)
        .join('; '),
    ],
    ...(results.faults ? [['faults', JSON.stringify(results.faults)] as [string, string]] : []),
  ];
}
