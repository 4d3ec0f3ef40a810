/**
 * `wfm-harness dst`: a zone's transitions in a range of local days and, with --export, the rows of a
 * legacy swap export that a transition breaks (a time in the spring-forward gap, a time the fall-back
 * overlap makes ambiguous, a shift whose local 8 h is really 7 h or 9 h).
 */
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { describeTransition, findTransitions, flagRows, formatOffset, isZone } from '../world/dst.ts';
import type { RowFlag, TransitionView } from '../world/dst.ts';
import { LegacyExportError, parseLegacyExport } from '../sync/legacy-export.ts';
import { BadInputError } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { INPUT_CAPS_BYTES, InputFileError, readInputText } from '../input/bounded-read.ts';

/** The transition scan walks the range hour by hour; ten years is plenty for any migration plan. */
export const RANGE_DAYS_MAX = 3_660;

export interface DstOptions {
  zone?: string;
  from?: string;
  to?: string;
  export?: string;
  format?: 'json' | 'csv';
}

export interface DstReport {
  transitions?: { zone: string; from: string; to: string; list: TransitionView[] };
  export?: { file: string; rows: number; flaggedRows: number; flags: RowFlag[] };
}

function zoneArg(raw: string): string {
  if (!isZone(raw))
    throw new InvalidArgumentError(`"${raw}" is not a known IANA time zone (e.g. Europe/Paris, America/Chicago)`);
  return raw;
}

function dateArg(raw: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !DateTime.fromISO(raw, { zone: 'utc' }).isValid)
    throw new InvalidArgumentError(`"${raw}" is not a date YYYY-MM-DD`);
  return raw;
}

function formatArg(raw: string): 'json' | 'csv' {
  if (raw !== 'json' && raw !== 'csv') throw new InvalidArgumentError(`--format must be json or csv, got "${raw}"`);
  return raw;
}

/** Run the analysis. Throws an Error whose message says what is wrong (and, for an export, where). */
export async function runDst(options: DstOptions): Promise<DstReport> {
  const report: DstReport = {};
  const range = [options.zone, options.from, options.to];
  if (range.some((v) => v !== undefined) || options.export === undefined) {
    if (range.some((v) => v === undefined))
      throw new Error('dst: --zone, --from and --to go together (only --export may be given alone)');
    report.transitions = listTransitions(
      zoneArg(options.zone ?? ''),
      dateArg(options.from ?? ''),
      dateArg(options.to ?? ''),
    );
  }
  if (options.export !== undefined) {
    let text: string;
    try {
      text = readInputText(options.export, INPUT_CAPS_BYTES.swaps);
    } catch (error) {
      throw new LegacyExportError(
        options.export,
        undefined,
        undefined,
        undefined,
        error instanceof InputFileError ? error.problem : `cannot read: ${(error as Error).message}`,
      );
    }
    const rows = parseLegacyExport(options.export, text, options.format);
    const flags = flagRows(rows);
    report.export = {
      file: options.export,
      rows: rows.length,
      flaggedRows: new Set(flags.map((f) => f.row)).size,
      flags,
    };
  }
  return report;
}

function listTransitions(zone: string, from: string, to: string): NonNullable<DstReport['transitions']> {
  const fromLocal = DateTime.fromISO(from, { zone }).startOf('day');
  const toLocal = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
  if (toLocal <= fromLocal) throw new Error(`dst: --to ${to} is before --from ${from}`);
  if (toLocal.diff(fromLocal, 'days').days > RANGE_DAYS_MAX)
    throw new Error(`dst: the range is longer than ${RANGE_DAYS_MAX} days`);
  // The end is exclusive: the first instant of the day after --to.
  const list = findTransitions(zone, fromLocal.toMillis(), toLocal.toMillis() - 1).map((t) =>
    describeTransition(zone, t),
  );
  return { zone, from, to, list };
}

export function formatDstReport(report: DstReport): string {
  const lines: string[] = [];
  if (report.transitions) {
    const { zone, from, to, list } = report.transitions;
    lines.push(`${zone}, ${from} to ${to}: ${list.length} transition${list.length === 1 ? '' : 's'}`);
    for (const t of list) {
      const change = t.offsetChangeMinutes > 0 ? `+${t.offsetChangeMinutes}` : `${t.offsetChangeMinutes}`;
      lines.push(
        `  ${t.atUtc}  ${t.kind.padEnd(14)}  ` +
          (`local ${t.localBefore} → ${t.localAfter}  ${formatOffset(t.offsetBeforeMinutes)} → ${formatOffset(t.offsetAfterMinutes)} ` +
            `(${change} min)`),
      );
    }
  }
  if (report.export) {
    const { file, rows, flaggedRows, flags } = report.export;
    if (lines.length > 0) lines.push('');
    lines.push(`${file}: ${rows} row${rows === 1 ? '' : 's'}, ${flaggedRows} flagged`);
    for (const f of flags)
      lines.push(`  ${file}:${f.line} row ${f.row} (${f.legacyId}) ${f.field} ${f.kind}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function dstCommand(): Command {
  return new Command('dst')
    .description("list a zone's DST transitions; with --export, flag legacy swap rows a transition breaks")
    .option('--zone <iana>', 'IANA time zone, e.g. Europe/Paris', zoneArg)
    .option('--from <date>', 'first local day, YYYY-MM-DD', dateArg)
    .option('--to <date>', 'last local day (inclusive), YYYY-MM-DD', dateArg)
    .option('--export <file>', 'legacy swap export to check (JSON array or CSV with a header line)')
    .option('--format <format>', 'export format, json or csv (default: from the file name, else sniffed)', formatArg)
    .option('--json', 'print the report as JSON', false)
    .option('--fail-on-flags', 'exit with status 1 when any export row is flagged', false)
    .action(async (opts: DstOptions & { json: boolean; failOnFlags: boolean }) => {
      let report: DstReport;
      try {
        report = await runDst(opts);
      } catch (error) {
        // Everything runDst refuses is about its input (range, export file): exit 2, nothing checked.
        throw new BadInputError((error as Error).message);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDstReport(report));
      if (opts.failOnFlags && (report.export?.flags.length ?? 0) > 0) process.exitCode = EXIT.failed;
    });
}
