/**
 * README.md is the front door and docs/ the reference (issue 20): every relative link in them, and in
 * the catalogue's README and CHANGELOG.md, must reach a file that exists, and a #fragment a heading of
 * that page (GitHub's anchor rule). A moved section or a renamed heading fails here, naming the link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const README_MAX_LINES = 300;

function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name));
  return [join(ROOT, 'README.md'), join(ROOT, 'CHANGELOG.md'), join(ROOT, 'scenarios', 'README.md'), ...docs].filter(
    (path) => existsSync(path),
  );
}

/** GitHub's heading anchors: lower case, punctuation dropped (but - and _), spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(anchorOf(heading[1] as string));
  }
  return anchors;
}

/** Markdown links [text](target) outside code fences and inline code; absolute URLs left out. */
function linksOf(text: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let inFence = false;
  text.split('\n').forEach((line, index) => {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string;
      if (/^[a-z]+:/i.test(target)) continue;
      links.push({ target, line: index + 1 });
    }
  });
  return links;
}

test('every relative link in README.md and docs/ reaches a file, and every #anchor a heading of it', () => {
  const broken: string[] = [];
  for (const page of pages()) {
    const text = readFileSync(page, 'utf8');
    for (const { target, line } of linksOf(text)) {
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : resolve(dirname(page), path);
      const where = `${relative(ROOT, page)}:${line} → ${target}`;
      if (!existsSync(file)) {
        broken.push(`${where}: no such file`);
        continue;
      }
      if (fragment && statSync(file).isFile() && !anchorsOf(readFileSync(file, 'utf8')).has(fragment))
        broken.push(`${where}: no heading with that anchor`);
    }
  }
  assert.deepEqual(broken, []);
});

test('the link check finds a missing file and a missing anchor (it can fail)', () => {
  const text = '# Top\n\n## A `code` heading: here\n\n[ok](#top) [ok2](#a-code-heading-here) [bad](#nope)\n';
  const anchors = anchorsOf(text);
  const bad = linksOf(text).filter(({ target }) => !anchors.has(target.slice(1)));
  assert.deepEqual(
    bad.map((link) => link.target),
    ['#nope'],
  );
  assert.equal(existsSync(resolve(ROOT, 'docs/no-such-page.md')), false);
});

test(`README.md is a front door of at most ${README_MAX_LINES} lines; the reference lives in docs/`, () => {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
  assert.ok(lines <= README_MAX_LINES, `README.md is ${lines} lines`);
  assert.ok(readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).length >= 5);
});
