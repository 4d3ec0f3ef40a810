/**
 * report.html: one self-contained file that works offline. Charts are vega-lite specs compiled and
 * rendered to SVG here in Node and inlined; the page has no script, no external font, image, style sheet
 * or link (a test opens it in Chromium and fails on any request or console error).
 */
import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import { comparisonTable, hasVerdict, tableNote, titleOf, viewTitle } from './markdown.ts';
import { findingsOf } from './findings.ts';
import { reportCharts } from './charts.ts';
import { headerRows, windowLines } from './run-header.ts';
import { verdictOf } from './verdict.ts';
import { acrossSeedsTable } from './seeds-table.ts';
import type { RunResults } from './results.ts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const CSS = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:600}.note{color:#555;font-size:.9em}
figure{margin:12px 0}.verdict{font-size:1.1em;background:#f3f7ee;border-left:4px solid #5a8f29;padding:10px 14px}`;

/** Render one vega-lite spec to an SVG string (no canvas, no loader: the data is inline). */
export async function renderSvg(spec: Parameters<typeof compile>[0]): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The Markdown table (src/report/markdown.ts) as an HTML table, so the terminal, .md and .html agree. */
function tableHtml(markdown: string): string {
  const [head, , ...rows] = markdown.split('\n');
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  return `<table><thead><tr>${cells(head ?? '')
    .map((c) => `<th>${escapeHtml(c)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

function header(results: RunResults): string {
  const rows = headerRows(results);
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function windowsHtml(results: RunResults): string {
  const lines = windowLines(results);
  if (lines.length === 0) return '';
  return `<h2>Pressure windows</h2><ul class="windows">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

/** sim --seeds: the median (range) table report.md has, under the same heading. */
function seedsHtml(results: RunResults): string {
  const [heading, , ...table] = acrossSeedsTable(results).filter((line, i, all) => i < all.length - 1);
  if (!heading) return '';
  return `<h2>${escapeHtml(heading.replace(/^## /, ''))}</h2>${tableHtml(table.join('\n'))}`;
}

/** The verdict paragraph; its bold parts (the recommendation, a token-decided run's warning) stay bold. */
function verdictHtml(results: RunResults): string {
  const text = escapeHtml(verdictOf(results).paragraph).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return `<p class="verdict" id="verdict">${text.replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`;
}

export async function renderHtml(results: RunResults): Promise<string> {
  const { charts, missing } = reportCharts(results);
  const figures: string[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    figures.push(
      `<h2>${escapeHtml(chart.title)}</h2><figure class="chart" ` +
        `id="${chart.id}">${svg}<figcaption class="note">${escapeHtml(chart.note)}</figcaption></figure>`,
    );
  }
  const title = `${results.scenario}: ${titleOf(results)}`;
  const findings = results.strategies.flatMap((row) =>
    findingsOf(row, results.observe?.tokens).map(
      (f) => `<li><b>${escapeHtml(row.strategy)}</b>: ${escapeHtml(f.text)} (<code>${f.metric}</code>)</li>`,
    ),
  );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // No request of any kind may leave this page.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    hasVerdict(results) ? verdictHtml(results) : '',
    header(results),
    windowsHtml(results),
    seedsHtml(results),
    `<h2>${escapeHtml(viewTitle(results))}</h2>`,
    tableHtml(comparisonTable(results)),
    ...(results.kind === 'observe'
      ? [
          '<h2>What the server saw</h2><ul class="findings">',
          ...(findings.length > 0 ? findings : ['<li>Nothing the report names.</li>']),
          '</ul>',
        ]
      : []),
    `<p class="note">${escapeHtml(tableNote(results))}</p>`,
    ...figures,
    ...missing.map((text) => `<p class="note missing-chart">${escapeHtml(text)}</p>`),
    '</body></html>',
    '',
  ].join('\n');
}
