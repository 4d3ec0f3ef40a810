/**
 * Discovery routes a real migration script calls before it writes (shared/reference/genesys-wfm.md):
 * business units, their management units, a unit with its shift-trading settings, a business unit's
 * schedules of a week, and the agent-schedule query that carries each agent's own metadata.version.
 */
import { z } from 'zod';
import type { WfmStore } from '../domain/store.ts';
import type { Schedule } from '../domain/world.ts';
import type { ApiContext, ApiResponse, RouteDef } from './route-kit.ts';
import { errorResponse, param as p } from './route-kit.ts';
import { ERRORS } from './errors.ts';

const WFM = '/api/v2/workforcemanagement';
const BU = `${WFM}/businessunits/:businessUnitId`;

export const agentSchedulesQuery = z
  .object({
    managementUnitId: z.string().min(1),
    userIds: z.array(z.string().min(1)).max(500).optional(),
    teamIds: z.array(z.string()).optional(),
  })
  .strict();

function notFound(ctx: ApiContext, entityName: string, entityId: string): ApiResponse {
  return errorResponse(
    ctx,
    ERRORS.notFound,
    { entityId, entityName, details: [{ errorCode: 'NOT_FOUND', entityId, entityName }] },
    'not-found',
  );
}

export function scheduleView(store: WfmStore, schedule: Schedule): Record<string, unknown> {
  return {
    id: schedule.id,
    weekDate: schedule.weekDate,
    weekCount: schedule.weekCount,
    description: schedule.description,
    published: schedule.published,
    metadata: { version: store.scheduleVersion(schedule.id) ?? 1 },
    managementUnits: store.world.managementUnits
      .filter((u) => u.businessUnitId === schedule.businessUnitId)
      .map((u) => ({ managementUnit: { id: u.id } })),
    selfUri: `${WFM}/businessunits/${schedule.businessUnitId}/weeks/${schedule.weekDate}/schedules/${schedule.id}`,
  };
}

function businessUnitOf(ctx: ApiContext, id: string) {
  return ctx.store.world.businessUnits.find((bu) => bu.id === id);
}

export const DISCOVERY_ROUTES: readonly RouteDef[] = [
  {
    method: 'GET',
    url: `${WFM}/businessunits`,
    auth: true,
    write: false,
    summary: 'Business units',
    tags: ['discovery'],
    handler(ctx) {
      return {
        status: 200,
        body: {
          entities: ctx.store.world.businessUnits.map((bu) => ({
            id: bu.id,
            name: bu.name,
            selfUri: `${WFM}/businessunits/${bu.id}`,
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    url: BU,
    auth: true,
    write: false,
    summary: 'One business unit',
    tags: ['discovery'],
    handler(ctx, req) {
      const bu = businessUnitOf(ctx, p(req, 'businessUnitId'));
      if (!bu) return notFound(ctx, 'businessUnit', p(req, 'businessUnitId'));
      return {
        status: 200,
        body: {
          id: bu.id,
          name: bu.name,
          settings: { startDayOfWeek: 'Monday', timeZone: bu.timeZone },
          selfUri: `${WFM}/businessunits/${bu.id}`,
        },
      };
    },
  },
  {
    method: 'GET',
    url: `${BU}/managementunits`,
    auth: true,
    write: false,
    summary: 'The management units of a business unit',
    tags: ['discovery'],
    handler(ctx, req) {
      const bu = businessUnitOf(ctx, p(req, 'businessUnitId'));
      if (!bu) return notFound(ctx, 'businessUnit', p(req, 'businessUnitId'));
      const units = ctx.store.world.managementUnits.filter((u) => u.businessUnitId === bu.id);
      return {
        status: 200,
        body: {
          entities: units.map((u) => ({
            id: u.id,
            name: u.name,
            businessUnitId: bu.id,
            selfUri: `${WFM}/managementunits/${u.id}`,
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    url: `${WFM}/managementunits/:managementUnitId`,
    auth: true,
    write: false,
    summary: 'One management unit, with its time zone and shift-trading settings',
    tags: ['discovery'],
    handler(ctx, req) {
      const unit = ctx.store.unit(p(req, 'managementUnitId'));
      if (!unit) return notFound(ctx, 'managementUnit', p(req, 'managementUnitId'));
      return {
        status: 200,
        body: {
          // ManagementUnit carries timeZone at the top level and in settings; settings are never edited
          // through the mock, so their WfmVersionedEntityMetadata stays at version 1.
          id: unit.id,
          name: unit.name,
          businessUnit: { id: unit.businessUnitId },
          timeZone: unit.timeZone,
          settings: { timeZone: unit.timeZone, shiftTrading: unit.settings.shiftTrading, metadata: { version: 1 } },
          selfUri: `${WFM}/managementunits/${unit.id}`,
        },
      };
    },
  },
  {
    method: 'GET',
    url: `${BU}/weeks/:weekDateId/schedules`,
    auth: true,
    write: false,
    summary: "The schedules of a business unit's week",
    tags: ['discovery'],
    handler(ctx, req) {
      const bu = businessUnitOf(ctx, p(req, 'businessUnitId'));
      if (!bu) return notFound(ctx, 'businessUnit', p(req, 'businessUnitId'));
      const schedules = ctx.store.world.schedules.filter(
        (s) => s.businessUnitId === bu.id && s.weekDate === p(req, 'weekDateId'),
      );
      return { status: 200, body: { entities: schedules.map((s) => scheduleView(ctx.store, s)) } };
    },
  },
  {
    method: 'GET',
    url: `${BU}/weeks/:weekDateId/schedules/:scheduleId`,
    auth: true,
    write: false,
    summary: 'One week schedule',
    tags: ['discovery'],
    handler(ctx, req) {
      const schedule = ctx.store.scheduleById(p(req, 'scheduleId'));
      if (
        !schedule ||
        schedule.businessUnitId !== p(req, 'businessUnitId') ||
        schedule.weekDate !== p(req, 'weekDateId')
      )
        return notFound(ctx, 'schedule', p(req, 'scheduleId'));
      return { status: 200, body: scheduleView(ctx.store, schedule) };
    },
  },
  {
    // A read, though a POST: answered at once with status Complete (Genesys may answer asynchronously; docs/mock-server.md).
    method: 'POST',
    url: `${BU}/weeks/:weekDateId/schedules/:scheduleId/agentschedules/query`,
    auth: true,
    write: false,
    body: agentSchedulesQuery,
    summary: 'Agent schedules of a week schedule, each with its metadata.version',
    tags: ['discovery'],
    handler(ctx, req) {
      const schedule = ctx.store.scheduleById(p(req, 'scheduleId'));
      if (
        !schedule ||
        schedule.businessUnitId !== p(req, 'businessUnitId') ||
        schedule.weekDate !== p(req, 'weekDateId')
      )
        return notFound(ctx, 'schedule', p(req, 'scheduleId'));
      const body = req.body as z.infer<typeof agentSchedulesQuery>;
      const unit = ctx.store.unit(body.managementUnitId);
      if (!unit || unit.businessUnitId !== schedule.businessUnitId)
        return notFound(ctx, 'managementUnit', body.managementUnitId);
      const wanted = body.userIds ? new Set(body.userIds) : undefined;
      const agentSchedules = [];
      for (const agent of ctx.store.world.agents) {
        if (agent.managementUnitId !== unit.id || (wanted && !wanted.has(agent.id))) continue;
        const own = ctx.store.agentSchedule(agent.id, schedule.weekDate);
        if (!own) continue;
        const shifts = [...own.shiftIds]
          .flatMap((id) => {
            const shift = ctx.store.shift(id);
            return shift
              ? [
                  {
                    id: shift.id,
                    startDate: shift.startDate,
                    lengthMinutes: shift.lengthMinutes,
                    activities: [],
                    manuallyEdited: false,
                  },
                ]
              : [];
          })
          .sort((a, b) => a.startDate.localeCompare(b.startDate));
        agentSchedules.push({
          user: { id: agent.id },
          shifts,
          fullDayTimeOffMarkers: [],
          metadata: { version: own.version },
        });
      }
      return {
        status: 200,
        body: {
          status: 'Complete',
          result: {
            agentSchedules,
            businessUnitTimeZone: ctx.store.world.businessUnits.find((b) => b.id === schedule.businessUnitId)?.timeZone,
          },
        },
      };
    },
  },
];
