/** Request bodies of the Genesys profile (shared/reference/genesys-wfm.md), strict: unknown fields are refused. */
import { z } from 'zod';

const userReference = z.object({ id: z.string().optional(), selfUri: z.string().optional() }).strict();

/**
 * WfmVersionedEntityMetadata: only `version` is read, but Genesys' model also carries modifiedBy,
 * dateModified, createdBy and dateCreated, so a client that echoes the metadata it read is accepted.
 */
export const versionMetadata = z
  .object({
    version: z.number().int().nonnegative(),
    modifiedBy: userReference.optional(),
    dateModified: z.iso.datetime({ offset: true }).optional(),
    createdBy: userReference.optional(),
    dateCreated: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const addShiftTradeRequest = z
  .object({
    scheduleId: z.string().min(1),
    initiatingShiftId: z.string().min(1),
    receivingUserId: z.string().min(1).optional(),
    expiration: z.iso.datetime({ offset: true }).optional(),
    // Stored and answered back, not evaluated; bounded, as every store (at most 50 "start/end" strings).
    acceptableIntervals: z.array(z.string().max(100)).max(50).optional(),
  })
  .strict();

export const patchShiftTradeRequest = z
  .object({
    receivingUserId: z
      .object({ value: z.string().min(1).nullable() })
      .strict()
      .optional(),
    expiration: z
      .object({ value: z.iso.datetime({ offset: true }).nullable() })
      .strict()
      .optional(),
    acceptableIntervals: z
      .object({ values: z.array(z.string().max(100)).max(50) })
      .strict()
      .optional(),
    metadata: versionMetadata,
  })
  .strict();

export const matchShiftTradeRequest = z
  .object({
    receivingScheduleId: z.string().min(1),
    // Optional in Genesys' model; the mock needs it to know which shift is given back (docs/mock-server.md).
    receivingShiftId: z.string().min(1),
    metadata: versionMetadata,
  })
  .strict();

/**
 * A real calendar date, YYYY-MM-DD, as one regular expression: months of 31 and 30 days, February to the
 * 28th, and the 29th in leap years (divisible by 4 and not by 100, or by 400; 0000 is one). It is the
 * check itself, so the OpenAPI document's pattern is exactly what the server accepts: it used to publish
 * \d{4}-\d{2}-\d{2}, which lets 0000-00-00 through, and refused such dates in code
 * (test/server/openapi-date.test.ts compares the two over every month and day of sample years).
 */
export const CALENDAR_DATE = new RegExp(
  [
    '^(?:\\d{4}-(?:',
    '(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])', // months of 31 days
    '|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)', // months of 30 days
    '|02-(?:0[1-9]|1\\d|2[0-8]))', // February to the 28th
    '|(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$', // leap years' 29th
  ].join(''),
);

/** A date field: the shape first (its own message), then a real calendar date. */
export function calendarDate(name = ''): z.ZodString {
  const prefix = name === '' ? '' : `${name} `;
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${prefix}must be a date YYYY-MM-DD`, abort: true })
    .regex(CALENDAR_DATE, `${prefix}is not a real calendar date`);
}

export const weekDateParam = calendarDate('weekDateId');

/**
 * The world clock's speed (world ms per real ms) everywhere it is set: PUT /__harness/clock, a scenario's
 * clock.speed, serve's config and every --speed. The listening mock waits each world delay (network legs,
 * fault latency: up to 120 world-s a request) for delay / speed real ms, so at 1e-6 a GET hung past 15 s and
 * 5e-324 overflowed Node's timers (TimeoutOverflowWarning on every request). At 0.1, ten times slower than
 * real time, the default network's median leg is 300 real ms. 1,000,000 leaves a week of real time within
 * Date's range (control.ts WORLD_MS_MAX). docs/mock-server.md "Clock".
 */
export const SPEED_BOUNDS = { min: 0.1, max: 1_000_000 } as const;

/** A speed within SPEED_BOUNDS, its message naming them. */
export const speedSchema = z
  .number()
  .min(SPEED_BOUNDS.min, `speed must be at least ${SPEED_BOUNDS.min} (world ms per real ms)`)
  .max(SPEED_BOUNDS.max, `speed must be at most ${SPEED_BOUNDS.max} (world ms per real ms)`);

export const clockUpdate = z
  .object({
    worldTime: z.iso.datetime({ offset: true }).optional(),
    speed: speedSchema.optional(),
  })
  .strict();
