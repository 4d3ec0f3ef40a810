/**
 * Reading docs/*.md for the tests that keep its numbers equal to what the commands print (issue 20: every
 * number in docs/ that a deterministic command produces is produced by that command in a test).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A page of docs/ (or a repo-relative path), as text. */
export function page(path: string): string {
  return readFileSync(join(ROOT, path.includes('/') ? path : join('docs', path)), 'utf8');
}

/** The text from the first line containing `marker` to the next heading of any level. */
export function section(text: string, marker: string): string {
  const start = text.indexOf(marker);
  assert.ok(start >= 0, `the page has "${marker}"`);
  const rest = text.slice(start);
  const end = rest.slice(marker.length).search(/\n#{1,6} /);
  return end < 0 ? rest : rest.slice(0, marker.length + end);
}

/**
 * The rows of the first Markdown table after `marker` (the header and the |---| line left out), each row as
 * its trimmed cells. A blank line ends a table, so a row after one is not in it (as Markdown renders it).
 */
export function tableAfter(text: string, marker: string): string[][] {
  const start = text.indexOf(marker);
  assert.ok(start >= 0, `the page has "${marker}"`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.trim().startsWith('|'));
  assert.ok(first >= 0, `a table after "${marker}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** A table as Markdown rows, for a failure message a reader can paste into the page. */
export function asMarkdown(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}
