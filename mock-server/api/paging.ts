/**
 * Optional paging of the week trade list. Genesys' WeekShiftTradeListResponse has no paging (just
 * `entities` and a `downloadUrl` for big results), so without parameters the mock answers the whole list
 * as Genesys does — bounded by retention (open trades plus at most maxClosedTrades closed ones). With
 * `pageSize` (1–PAGE_SIZE_MAX) and optional `pageNumber` (from 1) it answers one page and adds the paging
 * fields other Genesys lists carry (pageSize, pageNumber, total, pageCount). A choice of the mock (docs/mock-server.md).
 */
import { ERRORS } from './errors.ts';
import { errorResponse } from './route-kit.ts';
import type { ApiContext, ApiResponse } from './route-kit.ts';

/** Entities per page at most (count), as Genesys' own paged lists cap pageSize. */
export const PAGE_SIZE_MAX = 1_000;

export type Paging = { pageSize: number; pageNumber: number } | undefined;

/** The paging asked for, undefined for none, or the 400 for a bad value. */
export function pagingOf(ctx: ApiContext, query: Record<string, string | undefined>): Paging | ApiResponse {
  const { pageSize, pageNumber } = query;
  if (pageSize === undefined && pageNumber === undefined) return undefined;
  const size = pageSize === undefined ? PAGE_SIZE_MAX : Number(pageSize);
  const number = pageNumber === undefined ? 1 : Number(pageNumber);
  if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX || !/^\d+$/.test(pageSize ?? '1')) {
    return errorResponse(
      ctx,
      ERRORS.badRequest,
      {
        message: `pageSize must be an integer from 1 to ${PAGE_SIZE_MAX}`,
        details: [{ errorCode: 'INVALID_VALUE', fieldName: 'pageSize' }],
      },
      'validation',
    );
  }
  if (!Number.isInteger(number) || number < 1 || !/^\d+$/.test(pageNumber ?? '1')) {
    return errorResponse(
      ctx,
      ERRORS.badRequest,
      {
        message: 'pageNumber must be an integer from 1',
        details: [{ errorCode: 'INVALID_VALUE', fieldName: 'pageNumber' }],
      },
      'validation',
    );
  }
  return { pageSize: size, pageNumber: number };
}

export function isResponse(value: Paging | ApiResponse): value is ApiResponse {
  return value !== undefined && 'status' in value;
}

/** One page of items and the paging fields, or every item when no paging was asked for. */
export function page<T>(items: readonly T[], paging: Paging): { items: readonly T[]; fields: Record<string, number> } {
  if (!paging) return { items, fields: {} };
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    fields: {
      pageSize: paging.pageSize,
      pageNumber: paging.pageNumber,
      total: items.length,
      pageCount: Math.ceil(items.length / paging.pageSize),
    },
  };
}
