/**
 * Times as a person reads them: in the scenario's zone with its offset, UTC beside it. On a fall-back
 * night the repeated hour stays two different instants: 01:30:00 -05:00 (06:30:00Z), then 01:30:00 -06:00
 * (07:30:00Z) in Chicago. luxon, so Node only: src/report is never bundled into k6.
 */
import { DateTime } from 'luxon';

/** "+01:00", "-05:00": the zone's offset at that instant. */
export function offsetText(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ZZ');
}

/** "01:30:00 -05:00" (with milliseconds: "01:30:00.250 -05:00"). */
export function localClock(utc: string | number, zone: string, withMs = false): string {
  const dt = DateTime.fromMillis(typeof utc === 'number' ? utc : Date.parse(utc), { zone });
  return dt.toFormat(withMs ? 'HH:mm:ss.SSS ZZ' : 'HH:mm:ss ZZ');
}

/** "2027-11-07 01:30:00 -05:00 (06:30:00Z)": a date-time for headers and window lists. */
export function localDateTime(utc: string | number, zone: string): string {
  const ms = typeof utc === 'number' ? utc : Date.parse(utc);
  const dt = DateTime.fromMillis(ms, { zone });
  return `${dt.toFormat('yyyy-MM-dd HH:mm:ss ZZ')} (${new Date(ms).toISOString().slice(11, 19)}Z)`;
}

/** The local clock with UTC beside it: "01:30:00 -05:00 (06:30:00Z)". */
export function localWithUtc(utc: string | number, zone: string, withMs = false): string {
  const ms = typeof utc === 'number' ? utc : Date.parse(utc);
  return `${localClock(ms, zone, withMs)} (${new Date(ms).toISOString().slice(11, withMs ? 23 : 19)}Z)`;
}

export interface OffsetSegment {
  fromMs: number;
  offsetMinutes: number;
}

const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;

/** The zone's offsets over [fromMs, toMs]: one segment per offset, each from the instant it starts. */
export function offsetSegments(zone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ fromMs, offsetMinutes: offsetAt(fromMs, zone) }];
  let low = fromMs;
  // Each pass finds the next change by halving down to the millisecond (about 30 steps for a day).
  while (offsetAt(toMs, zone) !== (segments[segments.length - 1] as OffsetSegment).offsetMinutes) {
    const current = (segments[segments.length - 1] as OffsetSegment).offsetMinutes;
    let high = toMs;
    while (high - low > 1) {
      const mid = low + Math.floor((high - low) / 2);
      if (offsetAt(mid, zone) === current) low = mid;
      else high = mid;
    }
    const atMs = high;
    segments.push({ fromMs: atMs, offsetMinutes: offsetAt(atMs, zone) });
    low = atMs;
    if (segments.length > 16) break;
  }
  return segments;
}
