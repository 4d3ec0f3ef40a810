/** What every bench reads from its command line and how it prints a result line. */

/** `--name <integer >= min>` (min 1 unless given), or the fallback. */
export function flag(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return value;
}

/** One result line: the label padded to `width` columns, then the value. */
export function printLine(label: string, value: string, width: number): void {
  process.stdout.write(`${label.padEnd(width)} ${value}\n`);
}
