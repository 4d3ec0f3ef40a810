/**
 * Request bodies of the business-unit shift-trade read jobs, as the official SDK 262.0.0 spells them
 * (QueryShiftTradeListJobRequest, EvaluateShiftTradeListJobRequest, SearchUnmatchedShiftTradeListJobRequest,
 * QueryWeekSummaryListJobRequest). Strict, as every request body of the mock: unknown fields are refused.
 * Genesys documents no list limits; the mock caps them as its bulk state job does (docs/mock-server.md "Choices").
 */
import { z } from 'zod';
import { calendarDate } from './schemas.ts';

const weekDate = calendarDate();
const managementUnitIds = z.array(z.string().min(1)).min(1).max(100);
const weekDates = z.array(weekDate).min(1).max(10);

export const queryShiftTradeListJobRequest = z
  .object({ managementUnitIds, weekDates, userIds: z.array(z.string().min(1)).min(1).max(500) })
  .strict();

export const evaluateShiftTradeListJobRequest = z.object({ managementUnitIds, weekDates }).strict();

export const searchUnmatchedShiftTradeListJobRequest = z
  .object({
    managementUnitIds,
    weekDates,
    receivingSchedule: z.object({ id: z.string().min(1) }).strict(),
    receivingShiftIds: z.array(z.string().min(1)).max(100).optional(),
  })
  .strict();

export const queryWeekSummaryListJobRequest = z.object({ managementUnitIds, weekDates }).strict();
