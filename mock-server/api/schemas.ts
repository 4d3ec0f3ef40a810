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

/** A real calendar date (2027-02-30 is not): the regex alone let impossible dates through as unknown weeks. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const y = digitsAt(value, 0, 4),
    m = digitsAt(value, 5, 2),
    d = digitsAt(value, 8, 2);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The number written by `length` ASCII digits from `start` (no substring, no array: a hot path). */
function digitsAt(value: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

/** Arithmetic, not a Date per call: every request with a weekDateId runs this (6% of the simulator's CPU). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export const weekDateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'weekDateId must be YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'weekDateId is not a real calendar date');

export const clockUpdate = z
  .object({
    worldTime: z.iso.datetime({ offset: true }).optional(),
    speed: z.number().positive().max(1_000_000).optional(),
  })
  .strict();
