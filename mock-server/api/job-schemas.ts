/**
 * Request bodies of the job-based shift-trade routes, as the official SDK's models spell them
 * (AddShiftTradeJobRequest, UpdateShiftTradeJobRequest, MatchShiftTradeJobRequest,
 * UpdateShiftTradeStateJobRequest, BulkUpdateShiftTradeListJobRequest). Strict: unknown fields are refused.
 */
import { z } from 'zod';
import { TRADE_STATES } from '../domain/trade.ts';
import { calendarDate, versionMetadata } from './schemas.ts';

const STATES = TRADE_STATES;
const isoDateTime = z.iso.datetime({ offset: true });
/** The calendar in the pattern too, so the OpenAPI document (and a fuzzer reading it) says what a date is. */
const weekDateParam = calendarDate();

/** RequiredDateRange; accepted and not evaluated (as acceptableIntervals on the legacy create). */
const requiredDateRange = z.object({ startDate: isoDateTime, endDate: isoDateTime }).strict();
/** ShiftTradeTargetRequestItem: the one agent a directed trade is offered to. */
const target = z.object({ userId: z.string().min(1).optional() }).strict();

export const addShiftTradeJobRequest = z
  .object({
    initiatingShift: z
      .object({
        id: z.string().min(1),
        // BuScheduleReference: every field is optional in the model; the mock needs the id (docs/mock-server.md).
        schedule: z
          .object({ id: z.string().min(1), weekDate: weekDateParam.optional(), selfUri: z.string().optional() })
          .strict(),
        weekDate: weekDateParam,
      })
      .strict(),
    acceptableIntervals: z.array(requiredDateRange).max(50).optional(),
    target: target.optional(),
    expirationDate: isoDateTime.optional(),
  })
  .strict();

export const updateShiftTradeJobRequest = z
  .object({
    weekDate: weekDateParam,
    // ValueWrapper*: an absent or null value clears the field (anyone may match; no expiration).
    target: z.object({ value: target.nullable().optional() }).strict().optional(),
    expirationDate: z.object({ value: isoDateTime.nullable().optional() }).strict().optional(),
    acceptableIntervals: z
      .object({ values: z.array(requiredDateRange).max(50).optional() })
      .strict()
      .optional(),
    metadata: versionMetadata,
  })
  .strict();

export const matchShiftTradeJobRequest = z
  .object({
    weekDate: weekDateParam,
    receivingSchedule: z.object({ id: z.string().min(1) }).strict(),
    // Optional in Genesys' model; required here as on the legacy match, to know which shift is given back (docs/mock-server.md).
    receivingShiftId: z.string().min(1),
    metadata: versionMetadata,
  })
  .strict();

export const updateShiftTradeStateJobRequest = z
  .object({ weekDate: weekDateParam, state: z.enum(STATES), metadata: versionMetadata })
  .strict();

export const bulkUpdateShiftTradeListJobRequest = z
  .object({
    managementUnitIds: z.array(z.string().min(1)).min(1).max(100),
    weekDates: z.array(weekDateParam).min(1).max(10),
    // BulkUpdateShiftTradeStateRequestItem.id is optional in the model; an entity without one names no trade, so it is required here.
    entities: z
      .array(z.object({ id: z.string().min(1), state: z.enum(STATES), metadata: versionMetadata }).strict())
      .min(1)
      .max(100),
  })
  .strict();
