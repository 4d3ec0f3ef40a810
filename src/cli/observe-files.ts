/**
 * The run directory of an observed run, for `observe` and `report --from-server` alike: results.json,
 * report.md (the usual report plus the per-trade table and the unattributed requests), trades.csv, then
 * what sim and compare write too (report.html, junit.xml, results.csv) and the baseline gate.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../report/markdown.ts';
import type { ObservedRun } from '../observe/observed-run.ts';
import { tradesCsv, tradesMarkdown, unattributedMarkdown } from '../observe/trade-table.ts';
import type { BaselineGate } from './baseline-gate.ts';
import { finishRun } from './report-files.ts';

export async function writeObservedRun(
  dir: string,
  run: ObservedRun,
  baseline: BaselineGate | undefined,
  write: (text: string) => void,
): Promise<boolean> {
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(run.results, null, 2)}\n`);
  writeFileSync(
    join(dir, 'report.md'),
    [renderMarkdown(run.results), ...tradesMarkdown(run.records), ...unattributedMarkdown(run.unattributed)].join('\n'),
  );
  writeFileSync(join(dir, 'trades.csv'), tradesCsv(run.records));
  const finished = await finishRun({ dir, results: run.results, baseline, write });
  return finished.passed;
}
