/**
 * The publish placed by a local date and time (issue 17): `publish: {at, zone}` becomes the mock's own
 * weekday, localTime and weeksAhead; a publish no run can meet is refused with the times it would need,
 * never silently ignored; `scenario show --resolved` lists what the loader resolved and defaulted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';
import { ScenarioFileError, parseScenario } from '../../src/scenario/file/load.ts';
import { resolutionNotes } from '../../src/scenario/file/notes.ts';
import { scenarioFile } from '../../src/scenario/file/schema.ts';

/** monday-publish's file with its publish replaced. */
function withPublish(publish: object, over: (f: Record<string, any>) => void = () => undefined): Record<string, any> {
  const file = JSON.parse(readFileSync(cataloguePath('monday-publish'), 'utf8'));
  file.pressures.publish = publish;
  over(file);
  return file;
}

const refusal = (file: Record<string, any>): string => {
  try {
    parseScenario('p.json', file);
  } catch (error) {
    assert.ok(error instanceof ScenarioFileError);
    return error.message;
  }
  assert.fail('the file is refused');
};

test("publish.at in the business unit's zone resolves to the weekday placement the catalogue states", () => {
  const byWeekday = parseScenario('w.json', withPublish({ businessUnit: 'Americas Support' }));
  const byDate = parseScenario('d.json', withPublish({ at: '2027-04-05T09:00', zone: 'America/Chicago' }));
  assert.deepEqual(byDate.pressures.publish, {
    businessUnit: 'Americas Support',
    weekday: 1,
    localTime: '09:00',
    weeksAhead: 1,
  });
  assert.deepEqual(byDate.pressures.publish, {
    ...byWeekday.pressures.publish,
    weekday: 1,
    localTime: '09:00',
    weeksAhead: 1,
  });
  // Another zone's clock names the same instant: 10:00 in New York is 09:00 in Chicago.
  const fromNewYork = parseScenario('ny.json', withPublish({ at: '2027-04-05T10:00', zone: 'America/New_York' }));
  assert.deepEqual(fromNewYork.pressures.publish, byDate.pressures.publish);
});

test('a publish outside the run, or of a week the world lacks, is refused with what it would need', () => {
  assert.equal(
    refusal(withPublish({ at: '2027-04-12T09:00' })),
    'p.json: pressures.publish.at: 2027-04-12T09:00 America/Chicago (2027-04-12T14:00Z) publishes the week of ' +
      '2027-04-19 (weeksAhead 1), which the world does not hold (weeks 2027-04-05, 2027-04-12): set world.weeks ' +
      'to 3, or weeksAhead to 0',
  );
  // Monday 12:00 Chicago is 17:00Z, three hours after this run's ten minutes.
  assert.ok(
    refusal(withPublish({ at: '2027-04-05T12:00' })).startsWith(
      "p.json: pressures.publish: no publish falls in the run (2027-04-05T13:58Z to 2027-04-05T14:08Z): the world's " +
        'publishes are at 2027-03-29T17:00Z, 2027-04-05T17:00Z; it would need clock.startUtc 2027-04-05T16:58Z ' +
        '(2 world-minutes before the publish of 2027-04-05T17:00Z), or load.durationS of at least 10921 from this start',
    ),
  );
  // The first try the issue tells of, by weekday: a Sunday publish misses a Monday run; now it is refused.
  assert.match(
    refusal(withPublish({ businessUnit: 'Americas Support', weekday: 7 })),
    /^p\.json: pressures\.publish: no publish falls in the run/,
  );
  assert.match(
    refusal(withPublish({ at: '2027-04-05T09:00', weekday: 1 })),
    /^p\.json: pressures\.publish: give at, or weekday and localTime, not both$/,
  );
});

test('scenario show --resolved lists what the loader resolved and defaulted', () => {
  const file = withPublish({ at: '2027-04-05T09:00' });
  const data = scenarioFile.parse(file);
  const notes = resolutionNotes(data, parseScenario('d.json', file));
  for (const expected of [
    /^resolved: pressures\.publish\.at 2027-04-05T09:00 → \{"businessUnit":"Americas Support","weekday":1,/,
    /^defaulted: pressures\.publish: lockMs 300000, selfServiceMs 172800000$/,
    /^defaulted: pressures\.rateLimits: perTokenPerMinute 300, perUserTradeWritesPerMinute 5$/,
    /^defaulted: load\.clients: 1/,
    /^ignored by sim: clock\.speed/,
  ])
    assert.ok(
      notes.some((note) => expected.test(note)),
      `${expected}\n${notes.join('\n')}`,
    );
});
