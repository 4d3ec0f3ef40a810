/**
 * JSON files the CLI reads (serve --config, sim --faults): validated with zod before anything runs; a
 * bad one is refused with the file, the field path and what is wrong, one line per problem.
 */
import { readJsonFile } from '../input/json-read.ts';
import type { z } from 'zod';
import { faultConfig } from '../../mock-server/api/faults.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import { INPUT_CAPS_BYTES } from '../input/bounded-read.ts';

/** A bad file: `message` is ready to print (file, field path, what is wrong). */
export class ConfigFileError extends Error {}

/** zod's path as people write it: pressures.dstReconciliation.holdMs, clients[0].scopes[1]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
      '',
    ) || '(top level)'
  );
}

export function parseJsonWith<S extends z.ZodType>(schema: S, file: string, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const where =
      issue.code === 'unrecognized_keys' ? fieldPath([...issue.path, issue.keys.join(', ')]) : fieldPath(issue.path);
    return `${file}: ${where}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`;
  });
  throw new ConfigFileError(lines.join('\n'));
}

/** Read (bounded: at most `capBytes`, src/input/bounded-read.ts) and validate a JSON file. */
export function loadJsonWith<S extends z.ZodType>(schema: S, file: string, capBytes: number): z.output<S> {
  return parseJsonWith(
    schema,
    file,
    readJsonFile(file, capBytes, (message) => new ConfigFileError(message)),
  );
}

/**
 * --faults of compare and sim: the file's config, or undefined without the option. A bad file is
 * reported on stderr under the command's name and sets exit code 2; the caller then runs nothing.
 */
export function faultsOption(
  command: string,
  file: string | undefined,
): { ok: true; faults: FaultConfig | undefined } | { ok: false } {
  if (file === undefined) return { ok: true, faults: undefined };
  try {
    return { ok: true, faults: loadJsonWith(faultConfig, file, INPUT_CAPS_BYTES.small) };
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = 2;
    return { ok: false };
  }
}
