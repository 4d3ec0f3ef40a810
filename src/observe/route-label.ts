/**
 * A journal route ("POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/
 * shifttrades/:tradeId/match") as a report column can hold it: the API prefix dropped, each path
 * parameter as {id} ("POST /managementunits/{id}/weeks/{id}/shifttrades/{id}/match"); compat routes keep
 * their /wfm/ prefix so the two profiles stay apart.
 */
export function shortRoute(route: string): string {
  return route
    .replace('/api/v2/workforcemanagement', '')
    .replace('/api/v2/wfm/', '/wfm/')
    .replace(/:[A-Za-z]+/g, '{id}');
}
