/**
 * `GET /businessunits/{id}/weeks/recent/schedules`: the SDK documents weekId as a date or 'recent'
 * (getWorkforcemanagementBusinessunitWeekSchedules, with earliestWeekDate/latestWeekDate bounding the
 * range and includeOnlyPublished). A static segment, so the router prefers it to `:weekDateId` and the
 * date check every week route runs stays as it is. Without bounds, 'recent' is every week the mock's world
 * has (Genesys does not say how far back it reaches; docs/mock-server.md "Choices").
 */
import type { ApiContext, ApiResponse, RouteDef } from './route-kit.ts';
import { errorResponse, param as p } from './route-kit.ts';
import { ERRORS } from './errors.ts';
import { weekDateParam } from './schemas.ts';
import { scheduleView } from './discovery-routes.ts';

const BU = '/api/v2/workforcemanagement/businessunits/:businessUnitId';

function badQuery(ctx: ApiContext, fieldName: string, message: string): ApiResponse {
  return errorResponse(
    ctx,
    ERRORS.badRequest,
    { message, details: [{ errorCode: 'INVALID_VALUE', fieldName }] },
    'validation',
  );
}

/** The optional date bound `name` of the query: undefined, a date, or a 400 answer. */
function bound(
  ctx: ApiContext,
  query: Record<string, string | undefined>,
  name: string,
): string | undefined | ApiResponse {
  const value = query[name];
  if (value === undefined) return undefined;
  return weekDateParam.safeParse(value).success ? value : badQuery(ctx, name, `${name} must be a date YYYY-MM-DD`);
}

export const RECENT_SCHEDULES_ROUTE: RouteDef = {
  method: 'GET',
  url: `${BU}/weeks/recent/schedules`,
  auth: true,
  write: false,
  summary: "The business unit's recent week schedules (?earliestWeekDate, ?latestWeekDate, ?includeOnlyPublished)",
  tags: ['discovery'],
  handler(ctx, req) {
    const businessUnitId = p(req, 'businessUnitId');
    if (!ctx.store.world.businessUnits.some((bu) => bu.id === businessUnitId)) {
      return errorResponse(
        ctx,
        ERRORS.notFound,
        {
          entityId: businessUnitId,
          entityName: 'businessUnit',
          details: [{ errorCode: 'NOT_FOUND', entityId: businessUnitId, entityName: 'businessUnit' }],
        },
        'not-found',
      );
    }
    const earliest = bound(ctx, req.query, 'earliestWeekDate');
    if (typeof earliest === 'object') return earliest;
    const latest = bound(ctx, req.query, 'latestWeekDate');
    if (typeof latest === 'object') return latest;
    const onlyPublished = req.query['includeOnlyPublished'];
    if (onlyPublished !== undefined && onlyPublished !== 'true' && onlyPublished !== 'false')
      return badQuery(ctx, 'includeOnlyPublished', 'includeOnlyPublished must be true or false');
    const schedules = ctx.store.world.schedules.filter(
      (s) =>
        s.businessUnitId === businessUnitId &&
        (earliest === undefined || s.weekDate >= earliest) &&
        (latest === undefined || s.weekDate <= latest) &&
        (onlyPublished !== 'true' || s.published),
    );
    return { status: 200, body: { entities: schedules.map((s) => scheduleView(ctx.store, s)) } };
  },
};
