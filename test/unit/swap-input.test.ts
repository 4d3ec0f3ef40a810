/** The sync input reader: every problem named by file, line, row and field; any problem means no rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwapInputError, parseSwapInput, planToSwap, swapToPlan } from '../../src/sync/swap-input.ts';

const HEADER =
  'legacyId,managementUnitId,weekDate,scheduleId,initiatorAgentId,initiatorShiftId,counterAgentId,counterShiftId';

function row(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    legacyId: `L${n}`,
    managementUnitId: 'mu',
    weekDate: '2027-03-22',
    scheduleId: 'sched',
    initiatorAgentId: `a${n}`,
    initiatorShiftId: `s${n}a`,
    counterAgentId: `b${n}`,
    counterShiftId: `s${n}b`,
    ...over,
  };
}

function csvLine(n: number, over: Record<string, string> = {}): string {
  const r = row(n, over);
  return HEADER.split(',')
    .map((c) => String(r[c] ?? ''))
    .join(',');
}

function problems(file: string, text: string): string[] {
  try {
    parseSwapInput(file, text);
  } catch (error) {
    assert.ok(error instanceof SwapInputError, `expected SwapInputError, got ${String(error)}`);
    assert.match(error.message, /nothing was sent/);
    return error.problems.map((p) => p.message);
  }
  assert.fail('the input was accepted');
}

test('good JSON and CSV inputs give rows with their lines; an empty CSV cell is an absent scheduleId', () => {
  const json = `[\n  ${JSON.stringify(row(1))},\n  ${JSON.stringify(row(2, { scheduleId: undefined }))}\n]\n`;
  const rows = parseSwapInput('in.json', json);
  assert.deepEqual(
    rows.map((r) => [r.row, r.line, r.value.legacyId, r.value.scheduleId]),
    [
      [1, 2, 'L1', 'sched'],
      [2, 3, 'L2', undefined],
    ],
  );
  const csv = [HEADER, csvLine(1), '', csvLine(2, { scheduleId: '' })].join('\n');
  const csvRows = parseSwapInput('in.csv', csv);
  assert.deepEqual(
    csvRows.map((r) => [r.row, r.line, r.value.scheduleId]),
    [
      [1, 2, 'sched'],
      [2, 4, undefined],
    ],
  );
  const plan = swapToPlan(csvRows[0]!.value, 'sched');
  assert.deepEqual(planToSwap(plan), csvRows[0]!.value, 'plan and sync input formats round-trip');
});

const BAD: Array<{ name: string; file: string; text: string; expect: string[] }> = [
  {
    name: 'JSON syntax error names its line',
    file: 'bad.json',
    text: `[\n${JSON.stringify(row(1))},\n{"legacyId": }\n]`,
    expect: ['bad.json:3: not valid JSON (unexpected "}\\n]")'],
  },
  {
    name: 'JSON that is not an array',
    file: 'obj.json',
    text: JSON.stringify(row(1)),
    expect: ['obj.json:1: a JSON input must be an array of swap rows'],
  },
  { name: 'an empty array', file: 'none.json', text: '[]', expect: ['none.json: no swaps in the file'] },
  {
    name: 'a JSON row that is not an object',
    file: 'num.json',
    text: '[\n42\n]',
    expect: ['num.json:2, row 1: a row must be an object'],
  },
  {
    name: 'unknown field in a JSON row',
    file: 'extra.json',
    text: `[\n${JSON.stringify(row(1, { zone: 'Europe/Paris' }))}\n]`,
    expect: [
      'extra.json:2, row 1, field "zone": unknown field (known: legacyId, managementUnitId, weekDate, ' +
        'scheduleId, initiatorAgentId, initiatorShiftId, counterAgentId, counterShiftId)',
    ],
  },
  {
    name: 'CSV line with too few fields',
    file: 'short.csv',
    text: [HEADER, csvLine(1), 'L2,mu,2027-03-22'].join('\n'),
    expect: ['short.csv:3, row 2: 3 fields, the header has 8'],
  },
  {
    name: 'every bad CSV row is reported, by line and field',
    file: 'rows.csv',
    text: [
      HEADER,
      csvLine(1, { weekDate: '2027-02-30' }),
      csvLine(2),
      csvLine(3, { initiatorShiftId: '' }),
      csvLine(4, { weekDate: '22/03/2027' }),
    ].join('\n'),
    expect: [
      'rows.csv:2, row 1, field "weekDate": is not a real calendar date',
      'rows.csv:4, row 3, field "initiatorShiftId": is required',
      'rows.csv:5, row 4, field "weekDate": must be a date YYYY-MM-DD (the first day of the schedule week)',
    ],
  },
  {
    name: 'unknown CSV column',
    file: 'col.csv',
    text: `${HEADER},zone\n${csvLine(1)},x`,
    expect: [
      'col.csv:1, field "zone": unknown column (known: legacyId, managementUnitId, weekDate, scheduleId, ' +
        'initiatorAgentId, initiatorShiftId, counterAgentId, counterShiftId)',
    ],
  },
  {
    name: 'missing required CSV column',
    file: 'miss.csv',
    text: 'legacyId,managementUnitId,weekDate\nL1,mu,2027-03-22',
    expect: [
      'miss.csv:1, field "initiatorAgentId, initiatorShiftId, counterAgentId, counterShiftId": required column missing from the header',
    ],
  },
  {
    name: 'unterminated CSV quote',
    file: 'q.csv',
    text: `${HEADER}\n"L1,mu`,
    expect: ['q.csv:2: unterminated quoted field (column 1); quoted fields may not span lines'],
  },
  {
    name: 'duplicate legacy id and a shift in two swaps',
    file: 'dup.json',
    text:
      `[\n${JSON.stringify(row(1))},\n${JSON.stringify(row(2, { legacyId: 'L1' }))}` +
      `,\n${JSON.stringify(row(3, { counterShiftId: 's1a' }))}\n]`,
    expect: [
      'dup.json:3, row 2, field "legacyId": "L1" is also row 1 (line 2)',
      'dup.json:4, row 3, field "counterShiftId": shift "s1a" is also in row 1 (line 2); a shift can be traded once',
    ],
  },
  {
    name: 'ids that validate as text but cannot be sent (NUL, line feed, non-Latin-1 in the legacy id header)',
    file: 'unsendable.json',
    text: `[\n${[
      row(1, { legacyId: 'L\u00001' }),
      row(2, { legacyId: 'L\n2' }),
      row(3, { legacyId: 'L\u20ac3' }),
      row(4, { initiatorShiftId: 's\u00074' }),
    ]
      .map((r) => JSON.stringify(r))
      .join(',\n')}\n]`,
    expect: [
      'unsendable.json:2, row 1, field "legacyId": contains a control character or a broken surrogate, which cannot be sent',
      'unsendable.json:3, row 2, field "legacyId": contains a control character or a broken surrogate, which cannot be sent',
      'unsendable.json:4, row 3, field "legacyId": must be Latin-1 text (it is sent in the x-harness-legacy-id header)',
      'unsendable.json:5, row 4, field "initiatorShiftId": contains a control character or a broken surrogate, which cannot be sent',
    ],
  },
  {
    name: 'an agent trading with itself',
    file: 'self.json',
    text: `[\n${JSON.stringify(row(1, { counterAgentId: 'a1' }))}\n]`,
    expect: ['self.json:2, row 1, field "counterAgentId": must differ from initiatorAgentId'],
  },
];

for (const c of BAD) {
  test(`bad input: ${c.name}`, () => {
    assert.deepEqual(problems(c.file, c.text), c.expect);
  });
}
