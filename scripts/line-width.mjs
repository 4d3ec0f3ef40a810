#!/usr/bin/env node
// `npm run format:check`'s second half: prettier keeps code within 120 columns but leaves long strings
// and comments alone; this fails on any tracked source line over 140 characters (issue 20), naming each.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_CHARS = 140;
const files = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.mjs'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const long = [];
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const chars = [...line].length;
      if (chars > MAX_CHARS) long.push(`${file}:${i + 1}: ${chars} characters`);
    });
}
if (long.length > 0) {
  process.stderr.write(`${long.length} line(s) over ${MAX_CHARS} characters:\n${long.join('\n')}\n`);
  process.exit(1);
}
