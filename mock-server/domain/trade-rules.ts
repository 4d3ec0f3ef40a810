/**
 * The management unit's shift-trading rules, pure (shared/reference/genesys-wfm.md "Shift-trade
 * settings"). Violation types are Genesys' ShiftTradeMatchViolation names. A rule set to 'Disallow'
 * refuses the match; 'AdminReview' lets it match but leaves it for an administrator; 'Allow' ignores it.
 * The same functions serve the store and the scenario planner (src/scenario/plan.ts), so planned swaps
 * are swaps the mock accepts.
 */
import type { Agent, Shift, ShiftTradingSettings } from './world.ts';

export interface Violation {
  type: string;
  params: Record<string, string>;
}

export interface MatchCheck {
  settings: ShiftTradingSettings;
  initiator: Pick<Agent, 'id' | 'skills' | 'languages'>;
  receiver: Pick<Agent, 'id' | 'skills' | 'languages'>;
  initiatingShift: Shift;
  receivingShift: Shift;
  /** The initiator's other shifts (without the one given away). */
  initiatorOtherShifts: Iterable<Shift>;
  receiverOtherShifts: Iterable<Shift>;
  nowMs: number;
}

export interface MatchVerdict {
  /** Refuse the match (the trade stays Unmatched). */
  violations: Violation[];
  /** Match, but leave it for an administrator instead of auto-approving. */
  adminReviewViolations: Violation[];
}

const HOUR_MS = 3_600_000;

/** Shifts never change: each start is parsed once (every match checks a dozen shifts for overlaps). */
const starts = new WeakMap<Shift, number>();

export function startMs(shift: Shift): number {
  let ms = starts.get(shift);
  if (ms === undefined) {
    ms = Date.parse(shift.startDate);
    starts.set(shift, ms);
  }
  return ms;
}

export function endMs(shift: Shift): number {
  return startMs(shift) + shift.lengthMinutes * 60_000;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The initiating shift may still be offered: trading is on and the shift starts far enough ahead. */
export function createViolation(settings: ShiftTradingSettings, shift: Shift, nowMs: number): Violation | undefined {
  if (!settings.enabled) return { type: 'ShiftTradingNotEnabled', params: {} };
  if (startMs(shift) < nowMs + settings.minHoursInFuture * HOUR_MS) {
    return { type: 'InitiatingShiftStartTooClose', params: { minHoursInFuture: String(settings.minHoursInFuture) } };
  }
  return undefined;
}

/** A shift the agent would hold collides with another of theirs (closer than minMinutesBetweenShifts). */
function collides(incoming: Shift, others: Iterable<Shift>, gapMinutes: number): 'overlap' | 'too-close' | undefined {
  const gapMs = gapMinutes * 60_000;
  const start = startMs(incoming);
  const end = endMs(incoming);
  let verdict: 'overlap' | 'too-close' | undefined;
  for (const other of others) {
    const otherStart = startMs(other);
    const otherEnd = otherStart + other.lengthMinutes * 60_000;
    if (start < otherEnd && otherStart < end) return 'overlap';
    if (start < otherEnd + gapMs && otherStart < end + gapMs) verdict = 'too-close';
  }
  return verdict;
}

/** A violation that refuses the match (module-level: a closure per match cost an allocation, and tsx's keepNames a defineProperty). */
function refuse(verdict: MatchVerdict, type: string, params: Record<string, string> = {}): void {
  verdict.violations.push({ type, params });
}

export function matchVerdict(check: MatchCheck): MatchVerdict {
  const { settings } = check;
  const verdict: MatchVerdict = { violations: [], adminReviewViolations: [] };
  if (!settings.enabled) refuse(verdict, 'ShiftTradingNotEnabled');
  if (check.initiator.id === check.receiver.id) refuse(verdict, 'CannotTradeWithYourself');
  if (startMs(check.receivingShift) < check.nowMs + settings.minHoursInFuture * HOUR_MS)
    refuse(verdict, 'ReceivingShiftStartTooClose', { minHoursInFuture: String(settings.minHoursInFuture) });
  if (startMs(check.initiatingShift) < check.nowMs + settings.minHoursInFuture * HOUR_MS)
    refuse(verdict, 'InitiatingShiftStartTooClose', { minHoursInFuture: String(settings.minHoursInFuture) });
  if (
    (settings.requiresMatchingSkills && !sameSet(check.initiator.skills, check.receiver.skills)) ||
    (settings.requiresMatchingLanguages && !sameSet(check.initiator.languages, check.receiver.languages))
  ) {
    refuse(verdict, 'AgentCapabilityMismatch');
  }
  // After the swap the initiator works the receiving shift and the receiver the initiating one.
  const initiatorGets = collides(check.receivingShift, check.initiatorOtherShifts, settings.minMinutesBetweenShifts);
  if (initiatorGets === 'overlap') refuse(verdict, 'ReceivingShiftOverlapsExisting');
  else if (initiatorGets === 'too-close') refuse(verdict, 'InitiatingAgentMinimumTimeBetweenShifts');
  const receiverGets = collides(check.initiatingShift, check.receiverOtherShifts, settings.minMinutesBetweenShifts);
  if (receiverGets === 'overlap') refuse(verdict, 'InitiatingShiftOverlapsExisting');
  else if (receiverGets === 'too-close') refuse(verdict, 'ReceivingAgentMinimumTimeBetweenShifts');
  if (check.initiatingShift.lengthMinutes !== check.receivingShift.lengthMinutes && settings.unequalPaid !== 'Allow') {
    const violation = {
      type: 'UnequalPaidTime',
      params: {
        initiatingMinutes: String(check.initiatingShift.lengthMinutes),
        receivingMinutes: String(check.receivingShift.lengthMinutes),
      },
    };
    (settings.unequalPaid === 'Disallow' ? verdict.violations : verdict.adminReviewViolations).push(violation);
  }
  return verdict;
}

/** Whole weeks between two week dates (YYYY-MM-DD Mondays). */
export function weeksApart(a: string, b: string): number {
  return Math.round(Math.abs(Date.parse(a) - Date.parse(b)) / (7 * 24 * HOUR_MS));
}
