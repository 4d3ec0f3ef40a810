/**
 * The mock's one route table, both profiles: each family of routes lives in its own file and is
 * listed here once. The Fastify adapter and the simulator both serve exactly this table.
 */
import type { RouteDef } from './route-kit.ts';
import { LEGACY_ROUTES } from './legacy-routes.ts';
import { DISCOVERY_ROUTES } from './discovery-routes.ts';
import { LEGACY_REVIEW_ROUTES } from './legacy-review-routes.ts';
import { JOB_ROUTES } from './job-routes.ts';
import { COMPAT_ROUTES } from './compat-routes.ts';
import { BU_READ_ROUTES } from './bu-read-routes.ts';
import { RECENT_SCHEDULES_ROUTE } from './recent-schedules-route.ts';

export type { ApiContext, ApiRequest, ApiResponse, RouteDef } from './route-kit.ts';
export { handle, errorResponse } from './route-kit.ts';

export const ROUTES: readonly RouteDef[] = [
  ...LEGACY_ROUTES,
  ...LEGACY_REVIEW_ROUTES,
  ...DISCOVERY_ROUTES,
  ...JOB_ROUTES,
  ...BU_READ_ROUTES,
  RECENT_SCHEDULES_ROUTE,
  ...COMPAT_ROUTES,
];
