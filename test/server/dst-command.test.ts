/** `wfm-harness dst`: transitions of a zone, and the legacy swap export rows a transition breaks. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveLocalTime, wallMs } from '../../src/world/dst.ts';
import { runDst } from '../../src/cli/dst-command.ts';

const dir = await mkdtemp(join(tmpdir(), 'wfm-dst-'));
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function summary(report: Awaited<ReturnType<typeof runDst>>): string[] {
  return (report.transitions?.list ?? []).map(
    (t) =>
      `${t.atUtc} ${t.kind} ${t.localBefore}→${t.localAfter} ${t.offsetBeforeMinutes}→${t.offsetAfterMinutes} (${t.offsetChangeMinutes})`,
  );
}

test('Europe/Paris 2027 has a spring-forward on 03-28 at 01:00Z (02:00→03:00) and a fall-back on 10-31 (03:00→02:00)', async () => {
  assert.deepEqual(summary(await runDst({ zone: 'Europe/Paris', from: '2027-01-01', to: '2027-12-31' })), [
    '2027-03-28T01:00:00.000Z spring-forward 2027-03-28T02:00→2027-03-28T03:00 60→120 (60)',
    '2027-10-31T01:00:00.000Z fall-back 2027-10-31T03:00→2027-10-31T02:00 120→60 (-60)',
  ]);
});

test('America/Chicago 2027 springs forward on 03-14 at 08:00Z and falls back on 11-07 at 07:00Z', async () => {
  assert.deepEqual(summary(await runDst({ zone: 'America/Chicago', from: '2027-03-14', to: '2027-03-14' })), [
    '2027-03-14T08:00:00.000Z spring-forward 2027-03-14T02:00→2027-03-14T03:00 -360→-300 (60)',
  ]);
  assert.deepEqual(summary(await runDst({ zone: 'America/Chicago', from: '2027-11-07', to: '2027-11-07' })), [
    '2027-11-07T07:00:00.000Z fall-back 2027-11-07T02:00→2027-11-07T01:00 -300→-360 (-60)',
  ]);
});

test('the range is of local days, inclusive: the day before a transition lists nothing', async () => {
  assert.deepEqual(summary(await runDst({ zone: 'Europe/Paris', from: '2027-03-21', to: '2027-03-27' })), []);
  assert.equal(summary(await runDst({ zone: 'Europe/Paris', from: '2027-03-28', to: '2027-03-28' })).length, 1);
  await assert.rejects(
    runDst({ zone: 'Europe/Paris', from: '2027-03-28', to: '2027-03-01' }),
    /--to 2027-03-01 is before --from 2027-03-28/,
  );
  await assert.rejects(runDst({ zone: 'Europe/Paris', from: '2027-03-28' }), /--zone, --from and --to go together/);
});

test('local times in the spring-forward gap do not exist; fall-back times happen twice', () => {
  const at = (zone: string, local: string) => resolveLocalTime(zone, wallMs(local) ?? NaN);
  const paris = at('Europe/Paris', '2027-03-28T02:30');
  assert.equal(paris.kind, 'nonexistent');
  assert.equal(new Date(paris.instantMs).toISOString(), '2027-03-28T01:30:00.000Z', 'read forward: 03:30+02:00');
  const parisAutumn = at('Europe/Paris', '2027-10-31T02:30');
  assert.ok(parisAutumn.kind === 'ambiguous');
  assert.deepEqual(
    [parisAutumn.instantMs, parisAutumn.laterMs].map((ms) => new Date(ms).toISOString()),
    ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z'],
  );
  assert.equal(at('America/Chicago', '2027-03-14T02:15').kind, 'nonexistent');
  const chicagoAutumn = at('America/Chicago', '2027-11-07T01:30');
  assert.ok(chicagoAutumn.kind === 'ambiguous');
  assert.deepEqual(
    [chicagoAutumn.instantMs, chicagoAutumn.laterMs].map((ms) => new Date(ms).toISOString()),
    ['2027-11-07T06:30:00.000Z', '2027-11-07T07:30:00.000Z'],
  );
  for (const [zone, local] of [
    ['Europe/Paris', '2027-03-28T03:00'],
    ['Europe/Paris', '2027-10-31T03:00'],
    ['America/Chicago', '2027-11-07T02:00'],
  ] as const) {
    assert.equal(at(zone, local).kind, 'ok', `${zone} ${local}`);
  }
});

const CSV_HEADER =
  'legacyId,zone,initiatorAgentId,initiatorShiftStart,initiatorShiftEnd,counterAgentId,counterShiftStart,counterShiftEnd,status';

test('a CSV export gets each row flagged: gap, overlap, and a local 8 h shift that is really 7 h or 9 h', async () => {
  const path = await file(
    'swaps.csv',
    [
      CSV_HEADER,
      'paris-night,Europe/Paris,a1,2027-03-27T22:00,2027-03-28T06:00,a2,2027-03-28T08:00,2027-03-28T16:00,approved',
      'paris-gap,Europe/Paris,a3,2027-03-28T02:30,2027-03-28T10:30,,,,',
      'paris-overlap,Europe/Paris,a4,2027-10-31 02:30,2027-10-31 10:30,,,,',
      'chicago-fall,America/Chicago,a5,2027-11-06T22:00,2027-11-07T06:00,a6,2027-11-07T08:00,2027-11-07T16:00,',
      'chicago-gap,America/Chicago,a7,2027-03-14T02:15,2027-03-14T10:15,,,,',
      '"quiet, day",Europe/Paris,a8,2027-03-24T08:00,2027-03-24T16:00,a9,2027-03-24T09:00,2027-03-24T17:00,',
    ].join('\n'),
  );
  const report = await runDst({ export: path });
  assert.equal(report.transitions, undefined, '--export alone lists no transitions');
  assert.equal(report.export?.rows, 6);
  const flags = (report.export?.flags ?? []).map((f) => `${f.line} ${f.legacyId} ${f.field} ${f.kind}`);
  assert.deepEqual(flags, [
    '2 paris-night initiatorShift real-length-differs',
    '2 paris-night counterShift unequal-real-length',
    '3 paris-gap initiatorShiftStart nonexistent-local-time',
    '3 paris-gap initiatorShift real-length-differs',
    '4 paris-overlap initiatorShiftStart ambiguous-local-time',
    '4 paris-overlap initiatorShift real-length-differs',
    '5 chicago-fall initiatorShift real-length-differs',
    '5 chicago-fall counterShift unequal-real-length',
    '6 chicago-gap initiatorShiftStart nonexistent-local-time',
    '6 chicago-gap initiatorShift real-length-differs',
  ]);
  const messages = report.export?.flags.map((f) => f.message) ?? [];
  assert.match(messages[0] ?? '', /8 h on the wall clock but 7 h of real time/);
  assert.match(messages[6] ?? '', /8 h on the wall clock but 9 h of real time in America\/Chicago/);
  assert.match(messages[2] ?? '', /does not exist in Europe\/Paris.*read as 2027-03-28T03:30\+02:00/);
  assert.equal(report.export?.flaggedRows, 5, 'the quiet-day row is not flagged');
});

test('a JSON export is checked the same way and its flags carry the line each row starts on', async () => {
  const rows = [
    {
      legacyId: 'ok',
      zone: 'America/Chicago',
      initiatorAgentId: 'a',
      initiatorShiftStart: '2027-11-08T08:00',
      initiatorShiftEnd: '2027-11-08T16:00',
    },
    {
      legacyId: 'fall',
      zone: 'America/Chicago',
      initiatorAgentId: 'b',
      initiatorShiftStart: '2027-11-07T01:30',
      initiatorShiftEnd: '2027-11-07T09:30',
    },
  ];
  const report = await runDst({ export: await file('swaps.json', JSON.stringify(rows, null, 2)) });
  assert.deepEqual(
    report.export?.flags.map((f) => `${f.line} row ${f.row} ${f.field} ${f.kind}`),
    ['9 row 2 initiatorShiftStart ambiguous-local-time', '9 row 2 initiatorShift real-length-differs'],
  );
});

test('bad input names the file, the line and row, and the field', async () => {
  const csv = (name: string, ...lines: string[]) => file(name, [CSV_HEADER, ...lines].join('\n'));
  const cases: Array<[Promise<string>, RegExp]> = [
    [
      csv('zone.csv', 'x,Europe/Pariss,a,2027-03-28T08:00,2027-03-28T16:00,,,,'),
      /zone\.csv:2, row 1, field "zone": is not a known IANA time zone/,
    ],
    [
      csv(
        'offset.csv',
        'ok,Europe/Paris,a,2027-03-28T08:00,2027-03-28T16:00,,,,',
        'x,Europe/Paris,a,2027-03-28T08:00+01:00,2027-03-28T16:00,,,,',
      ),
      /offset\.csv:3, row 2, field "initiatorShiftStart": must be a local date-time/,
    ],
    [
      csv('order.csv', 'x,Europe/Paris,a,2027-03-28T16:00,2027-03-28T08:00,,,,'),
      /order\.csv:2, row 1, field "initiatorShiftEnd": must be after initiatorShiftStart/,
    ],
    [
      csv('half.csv', 'x,Europe/Paris,a,2027-03-28T08:00,2027-03-28T16:00,b,2027-03-28T08:00,,'),
      /half\.csv:2, row 1, field "counterShiftEnd": is required/,
    ],
    [
      csv('date.csv', 'x,Europe/Paris,a,2027-02-30T08:00,2027-03-28T16:00,,,,'),
      /date\.csv:2, row 1, field "initiatorShiftStart": is not a real calendar date/,
    ],
    [csv('fields.csv', 'x,Europe/Paris,a'), /fields\.csv:2, row 1: 3 fields, the header has 9/],
    [
      csv('quote.csv', '"x,Europe/Paris,a,2027-03-28T08:00,2027-03-28T16:00,,,,'),
      /quote\.csv:2: unterminated quoted field/,
    ],
    [
      file('column.csv', 'legacyId,zone,shiftStart\nx,Europe/Paris,2027-03-28T08:00'),
      /column\.csv:1, field "shiftStart": unknown column/,
    ],
    [file('syntax.json', '[\n  {"legacyId": "x",\n  "zone": }\n]'), /syntax\.json:3: not valid JSON/],
    [
      file(
        'unknown.json',
        '[\n {"legacyId":"x","zone":"Europe/Paris","initiatorAgentId":"a",' +
          '"initiatorShiftStart":"2027-03-28T08:00","initiatorShiftEnd":"2027-03-28T16:00"},\n' +
          ' {"legacyId":"y","zone":"Europe/Paris","initiatorAgentId":"a",' +
          '"initiatorShiftStart":"2027-03-28T08:00","initiatorShiftEnd":"2027-03-28T16:00","shift":1}\n]',
      ),
      /unknown\.json:3, row 2, field "shift": unknown field/,
    ],
    [
      file(
        'missing.json',
        '[{"legacyId":"x","zone":"Europe/Paris","initiatorShiftStart":"2027-03-28T08:00","initiatorShiftEnd":"2027-03-28T16:00"}]',
      ),
      /missing\.json:1, row 1, field "initiatorAgentId"/,
    ],
    [file('object.json', '{"rows": []}'), /object\.json:1: a JSON export must be an array/],
    [file('deep.json', '['.repeat(200_000)), /deep\.json: not valid JSON \(nested too deeply\)/],
    [file('cut.json', '[{"legacyId": "x",\n'), /cut\.json:2: not valid JSON \(unexpected end of file\)/],
  ];
  for (const [path, message] of cases) await assert.rejects(runDst({ export: await path }), message);
  await assert.rejects(runDst({ export: join(dir, 'absent.csv') }), /absent\.csv: cannot read/);
});

test('the wfm-harness binary runs dst, and a bad export exits 2 (bad input) with the located message', async () => {
  const run = promisify(execFile);
  const ok = await run(process.execPath, [
    'bin/wfm-harness.js',
    'dst',
    '--zone',
    'America/Chicago',
    '--from',
    '2027-11-07',
    '--to',
    '2027-11-07',
  ]);
  assert.match(
    ok.stdout,
    /2027-11-07T07:00:00\.000Z\s+fall-back\s+local 2027-11-07T02:00 → 2027-11-07T01:00\s+-05:00 → -06:00 \(-60 min\)/,
  );
  const bad = await file('bad.csv', `${CSV_HEADER}\nx,Nowhere/City,a,2027-03-28T08:00,2027-03-28T16:00,,,,`);
  await assert.rejects(
    run(process.execPath, ['bin/wfm-harness.js', 'dst', '--export', bad]),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /bad\.csv:2, row 1, field "zone": is not a known IANA time zone/);
      return true;
    },
  );
});
