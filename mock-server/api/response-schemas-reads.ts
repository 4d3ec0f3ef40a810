/**
 * Response schemas of the discovery routes and the business-unit shift-trade reads (SDK 262.0.0 models:
 * BusinessUnitResponse, ManagementUnitListing, ManagementUnit, BuScheduleMetadata(Listing),
 * BuAsyncAgentSchedulesQueryResponse, the four ShiftTrade*BuJobResponse models,
 * ShiftTradeMatchesSummaryResponse, WfmUserEntityListing), keyed "METHOD url" as the route table.
 */
import { z } from 'zod';
import { date, jobResponse, ref, shiftTradeMatchReviewResponse, shiftTradeResponseItem } from './response-models.ts';

const WFM = '/api/v2/workforcemanagement';
const BU = `${WFM}/businessunits/:businessUnitId`;
const SHIFT_TRADING = `${BU}/shifttrading`;

const shiftTradingSettings = z
  .object({ enabled: z.boolean(), autoReview: z.boolean(), allowDirectTrades: z.boolean() })
  .loose();

export const businessUnitResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    settings: z.object({ startDayOfWeek: z.string(), timeZone: z.string() }).loose(),
    selfUri: z.string(),
  })
  .loose();
export const managementUnitListing = z
  .object({ entities: z.array(z.object({ id: z.string(), name: z.string(), selfUri: z.string() }).loose()) })
  .loose();
export const managementUnit = z
  .object({
    id: z.string(),
    name: z.string(),
    businessUnit: ref,
    timeZone: z.string(),
    settings: z
      .object({
        timeZone: z.string(),
        shiftTrading: shiftTradingSettings,
        metadata: z.object({ version: z.number().int() }).loose(),
      })
      .loose(),
    selfUri: z.string(),
  })
  .loose();
export const buScheduleMetadata = z
  .object({
    id: z.string(),
    weekDate: date,
    weekCount: z.number().int(),
    description: z.string(),
    published: z.boolean(),
    metadata: z.object({ version: z.number().int() }).loose(),
    managementUnits: z.array(z.object({ managementUnit: ref }).loose()),
    selfUri: z.string(),
  })
  .loose();
export const buScheduleListing = z.object({ entities: z.array(buScheduleMetadata) }).loose();
const agentSchedule = z
  .object({
    user: ref,
    shifts: z.array(
      z
        .object({
          id: z.string(),
          startDate: z.string(),
          lengthMinutes: z.number().int(),
          activities: z.array(z.unknown()),
          manuallyEdited: z.boolean(),
        })
        .loose(),
    ),
    metadata: z.object({ version: z.number().int() }).loose(),
  })
  .loose();
export const agentSchedulesQueryResponse = z
  .object({
    status: z.literal('Complete'),
    result: z.object({ agentSchedules: z.array(agentSchedule), businessUnitTimeZone: z.string().optional() }).loose(),
  })
  .loose();

export const queryTradesJobResponse = jobResponse(
  'QueryTrades',
  'queryTradesResult',
  z.object({ entities: z.array(shiftTradeResponseItem) }).loose(),
);
export const evaluateTradesJobResponse = jobResponse(
  'EvaluateTrades',
  'evaluateTradesResult',
  z
    .object({
      entities: z.array(
        z.object({ trade: shiftTradeResponseItem, matchReview: shiftTradeMatchReviewResponse.optional() }).loose(),
      ),
    })
    .loose(),
);
export const searchUnmatchedTradesJobResponse = jobResponse(
  'SearchUnmatchedTrades',
  'searchUnmatchedTradesResult',
  z
    .object({
      trades: z.array(
        z
          .object({
            trade: shiftTradeResponseItem,
            receivingShiftMatches: z.array(
              z
                .object({
                  shiftIds: z.array(z.string()),
                  preview: z.object({ activities: z.array(z.unknown()).optional() }).loose(),
                })
                .loose(),
            ),
          })
          .loose(),
      ),
    })
    .loose(),
);
export const queryWeekSummariesJobResponse = jobResponse(
  'QueryWeekSummaries',
  'queryWeekSummariesResult',
  z
    .object({
      weeks: z.array(
        z
          .object({
            weekDate: date,
            initiatingMatchedCount: z.number().int().min(0),
            crossWeekReceivingMatchedCount: z.number().int().min(0),
          })
          .loose(),
      ),
    })
    .loose(),
);
export const shiftTradeMatchesSummaryResponse = z
  .object({
    entities: z.array(
      z
        .object({ weekDate: date, count: z.number().int().min(0), crossWeekReceivingCount: z.number().int().min(0) })
        .loose(),
    ),
  })
  .loose();
export const wfmUserEntityListing = z.object({ entities: z.array(ref) }).loose();

type Entry = { name: string; schema: z.ZodType };
const both = (url: string, name: string, schema: z.ZodType): Record<string, Entry> => ({
  [`POST ${url}`]: { name, schema },
  [`GET ${url}/:jobId`]: { name, schema },
});

export const READ_RESPONSE_SCHEMAS: Readonly<Record<string, Entry>> = {
  [`GET ${BU}`]: { name: 'BusinessUnitResponse', schema: businessUnitResponse },
  [`GET ${BU}/managementunits`]: { name: 'ManagementUnitListing', schema: managementUnitListing },
  [`GET ${WFM}/managementunits/:managementUnitId`]: { name: 'ManagementUnit', schema: managementUnit },
  [`GET ${BU}/weeks/:weekDateId/schedules`]: { name: 'BuScheduleListing', schema: buScheduleListing },
  [`GET ${BU}/weeks/recent/schedules`]: { name: 'BuScheduleListing', schema: buScheduleListing },
  [`GET ${BU}/weeks/:weekDateId/schedules/:scheduleId`]: { name: 'BuScheduleMetadata', schema: buScheduleMetadata },
  [`POST ${BU}/weeks/:weekDateId/schedules/:scheduleId/agentschedules/query`]: {
    name: 'BuAsyncAgentSchedulesQueryResponse',
    schema: agentSchedulesQueryResponse,
  },
  ...both(`${SHIFT_TRADING}/trades/query/jobs`, 'ShiftTradeQueryTradesBuJobResponse', queryTradesJobResponse),
  ...both(`${SHIFT_TRADING}/trades/evaluate/jobs`, 'ShiftTradeEvaluateTradesBuJobResponse', evaluateTradesJobResponse),
  ...both(
    `${SHIFT_TRADING}/unmatched/search/jobs`,
    'ShiftTradeSearchUnmatchedTradesBuJobResponse',
    searchUnmatchedTradesJobResponse,
  ),
  ...both(
    `${SHIFT_TRADING}/weeks/summary/jobs`,
    'ShiftTradeQueryWeekSummariesBuJobResponse',
    queryWeekSummariesJobResponse,
  ),
  [`GET ${WFM}/managementunits/:managementUnitId/shifttrades/matched`]: {
    name: 'ShiftTradeMatchesSummaryResponse',
    schema: shiftTradeMatchesSummaryResponse,
  },
  [`GET ${WFM}/managementunits/:managementUnitId/shifttrades/users`]: {
    name: 'WfmUserEntityListing',
    schema: wfmUserEntityListing,
  },
};
