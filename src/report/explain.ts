/**
 * `wfm-harness explain`: one trade's timeline from a `sim --trace` run, against the run's pressure
 * windows (lock windows, publish, DST transitions: results.json `pressureWindows`). For each try it
 * says what the server answered and why (a version the server had moved past, a lock held by a
 * background job, a read from a lagging replica) and what the strategy did next (waited how long,
 * re-read or re-sent the same version, gave up). Pure: it reads the run's files' contents only.
 */
import type { RunResults } from './results.ts';
import type { TraceLine } from './trace-line.ts';
import { localWithUtc } from './local-time.ts';

type RequestLine = Extract<TraceLine, { type: 'request' }>;
type Window = NonNullable<RunResults['pressureWindows']>[number];

const API_PREFIX = '/api/v2/workforcemanagement';

/** The trace lines of one swap, by legacy id or trade id. */
export function linesOf(trace: readonly TraceLine[], id: string): TraceLine[] {
  const legacyIds = new Set(
    trace
      .filter((line) => line.legacyId === id || (line.type === 'request' && line.tradeId === id))
      .map((line) => line.legacyId),
  );
  return trace.filter((line) => legacyIds.has(line.legacyId));
}

/** "01:58:42.000 +01:00 (00:58:42.000Z)": the scenario's local clock with its offset, UTC beside. */
function clock(utc: string, zone: string): string {
  return localWithUtc(utc, zone, true);
}

function windowsAt(windows: readonly Window[], utc: string): string {
  const t = Date.parse(utc);
  // A transition is an instant: say so when the request falls within a minute of it.
  const inside = windows.filter((w) =>
    w.startUtc === w.endUtc
      ? Math.abs(t - Date.parse(w.startUtc)) <= 60_000
      : t >= Date.parse(w.startUtc) && t < Date.parse(w.endUtc),
  );
  return inside.length === 0
    ? 'outside every pressure window'
    : `in ${inside.map((w) => (w.startUtc === w.endUtc ? `${w.label} ±1 min` : w.label)).join(', ')}`;
}

/** Why the server answered as it did, in words, from what the trace saw. */
function why(line: RequestLine, windows: readonly Window[]): string {
  const had = line.versionCurrent === undefined ? '' : `; the server had version ${line.versionCurrent}`;
  if (line.cause === 'VERSION_MISMATCH')
    return `sent version ${line.versionSent ?? '?'}${had}: the trade was re-saved after this version was read`;
  if (line.cause === 'RESOURCE_LOCKED') return `locked by a background job (${windowsAt(windows, line.sentUtc)})`;
  if (line.versionRead !== undefined && line.versionCurrent !== undefined && line.versionRead < line.versionCurrent)
    return `read version ${line.versionRead}${had}: the read came from a lagging replica`;
  if (line.versionRead !== undefined) return `read version ${line.versionRead}`;
  if (line.missingFromRead)
    return `the trade is not in the answer${had}: the read came from a replica that has not seen it yet`;
  if (line.cause) return line.cause;
  const sent = line.versionSent === undefined ? [] : [`sent version ${line.versionSent}`];
  const now = line.versionCurrent === undefined ? [] : [`the server now has version ${line.versionCurrent}`];
  return [...sent, ...now].join('; ');
}

function requestText(line: RequestLine, windows: readonly Window[]): string {
  const reason = why(line, windows);
  return `${line.method} ${line.route.replace(API_PREFIX, '')} → ${line.status}${reason ? `: ${reason}` : ''}`;
}

/** What the strategy did after a retry decision: the next request tells whether it re-read. */
function nextStep(
  retry: Extract<TraceLine, { type: 'retry' }>,
  next: RequestLine | undefined,
  last: RequestLine | undefined,
): string {
  const wait = `waits ${(retry.delayMs / 1000).toFixed(3)} world-s (${retry.kind}, attempt ${retry.attempt})`;
  if (!next) return `${wait}, then stops`;
  if (next.method === 'GET') return `${wait}, then re-reads the trade`;
  if (last && next.versionSent !== undefined && next.versionSent === last.versionSent)
    return `${wait}, then re-sends version ${next.versionSent} without re-reading`;
  return `${wait}, then ${next.method} ${next.route.replace(API_PREFIX, '')}`;
}

function strategyTimeline(lines: readonly TraceLine[], windows: readonly Window[], zone: string): string[] {
  const requests = lines.filter((line): line is RequestLine => line.type === 'request');
  const startMs = Date.parse(requests[0]?.sentUtc ?? lines[0]?.worldUtc ?? '');
  const at = (utc: string) =>
    `${`+${((Date.parse(utc) - startMs) / 1000).toFixed(3)}`.padStart(8)} s  ${clock(utc, zone)}`;
  const out: string[] = [];
  let last: RequestLine | undefined;
  for (const line of lines) {
    if (line.type === 'request') {
      out.push(`  ${at(line.sentUtc)}  ${requestText(line, windows)}`);
      last = line;
    } else if (line.type === 'retry') {
      const next = requests[requests.indexOf(last as RequestLine) + 1];
      out.push(`  ${' '.repeat(12)}→ ${nextStep(line, next, last)}`);
    } else if (line.type === 'outcome') {
      const after = last ? Date.parse(line.worldUtc) - Date.parse(last.worldUtc) : 0;
      const waited =
        after > 0 && line.outcome !== 'applied'
          ? `waits ${(after / 1000).toFixed(3)} world-s after its last answer, then `
          : '';
      out.push(
        `  ${at(line.worldUtc)}  ${waited}${line.outcome.toUpperCase()} after ${line.requests} requests, ` +
          `${(line.durationMs / 1000).toFixed(3)} world-s (last write ${line.lastWriteStatus})`,
      );
    }
  }
  return out;
}

export function explainTrade(
  results: Pick<RunResults, 'runId' | 'scenario' | 'seed' | 'gitCommit' | 'pressureWindows' | 'world'>,
  trace: readonly TraceLine[],
  id: string,
): string | undefined {
  const lines = linesOf(trace, id);
  if (lines.length === 0) return undefined;
  const windows = results.pressureWindows ?? [];
  const zone = results.world?.timeZone ?? 'UTC';
  // The world is reset per strategy, so one swap usually has the same trade id under every strategy.
  const tradeIds = [
    ...new Set(lines.flatMap((line) => (line.type === 'request' && line.tradeId ? [line.tradeId] : []))),
  ];
  const out = [
    `${lines[0]?.legacyId} in ${results.scenario}, seed ${results.seed}, commit ${results.gitCommit} (run ${results.runId})`,
    `trade ids: ${tradeIds.join('; ') || 'none created'}`,
    `times: ${zone} with the offset, UTC beside`,
    `pressure ` +
      (`windows: ` +
        `${
          windows
            .map(
              (w) =>
                `${w.label} ${clock(w.startUtc, zone)}${w.startUtc === w.endUtc ? '' : ` to ${clock(w.endUtc, zone)}`}`,
            )
            .join('; ' + '') || 'none recorded'
        }`),
  ];
  for (const strategy of [...new Set(lines.map((line) => line.strategy))]) {
    out.push(
      '',
      `strategy ${strategy}:`,
      ...strategyTimeline(
        lines.filter((line) => line.strategy === strategy),
        windows,
        zone,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
