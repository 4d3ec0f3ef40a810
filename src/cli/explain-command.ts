/**
 * `wfm-harness explain <run-dir> <id>`: print one swap's timeline from a `sim --trace` run
 * (src/report/explain.ts). A missing trace or an id the run never traced is bad input: exit 2.
 */
import { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { explainTrade } from '../report/explain.ts';
import { runResults } from '../report/results.ts';
import type { TraceLine } from '../report/trace-line.ts';
import { BadInputError } from './exit-policy.ts';
import { INPUT_CAPS_BYTES, InputFileError, readInputText } from '../input/bounded-read.ts';

/** A run directory's file, bounded; a refused one is bad input (exit 2), naming the file. */
function readInput(file: string, capBytes: number): string {
  try {
    return readInputText(file, capBytes);
  } catch (error) {
    throw error instanceof InputFileError ? new BadInputError(error.message) : error;
  }
}

function readTrace(dir: string): TraceLine[] {
  const file = join(dir, 'trace.jsonl');
  const seedDirs = existsSync(dir) ? readdirSync(dir).filter((name) => /^seed-\d+$/.test(name)) : [];
  if (!existsSync(file) && seedDirs.length > 0)
    throw new BadInputError(
      `${dir} is a compare --seeds run: each seed's trades are in its own directory; explain one of ` +
        seedDirs.map((name) => join(dir, name)).join(', '),
    );
  if (!existsSync(file))
    throw new BadInputError(
      `${file} does not exist: run the simulator with --trace (e.g. wfm-harness sim --scenario dst-paris --trace --out ${dir}); ` +
        'a compare run writes one when a trade was not applied',
    );
  return readInput(file, INPUT_CAPS_BYTES.trace)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TraceLine);
}

export function explainCommand(): Command {
  return new Command('explain')
    .description(
      "print one swap's requests and retry decisions from a sim --trace run (or an unapplied trade of a compare run), " +
        'against the lock windows and transitions',
    )
    .argument('<run-dir>', 'a report directory written by sim --trace, or by compare (its unapplied trades)')
    .argument('<id>', 'a legacy id (swap-0022) or a trade id')
    .action((dir: string, id: string) => {
      const resultsFile = join(dir, 'results.json');
      if (!existsSync(resultsFile))
        throw new BadInputError(`${resultsFile} does not exist: <run-dir> must be a report directory`);
      const results = runResults.parse(JSON.parse(readInput(resultsFile, INPUT_CAPS_BYTES.results)));
      const trace = readTrace(dir);
      const text = explainTrade(results, trace, id);
      if (text === undefined) {
        const some = [...new Set(trace.map((line) => line.legacyId))].slice(0, 5).join(', ');
        throw new BadInputError(`no swap "${id}" in ${join(dir, 'trace.jsonl')}; it holds e.g. ${some}`);
      }
      process.stdout.write(text);
    });
}
