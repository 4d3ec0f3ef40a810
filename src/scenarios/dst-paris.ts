import type { ScenarioSpec } from './spec.ts';

/**
 * The Europe/Paris spring-forward of 2027-03-28 (01:00 UTC). The world holds two business units
 * (Europe: Paris; Americas: Chicago) over the two weeks from 2027-03-22; the swaps are Paris agents'
 * shifts that have not started yet (the Sunday of the transition week and the week after).
 * The run starts 20 world-minutes before the transition with the clock at 60x, so 20 s of load stays
 * inside the reconciliation window. The reconciliation job re-saves each Paris agent's schedules
 * (every week from the transition on) and their open trades every 10 world-s, i.e. every 167 real ms,
 * holding the lock 1 world-s (17 real ms): about 10% of the time an agent's schedule is locked, and a
 * trade's version moves several times a second. A retry that re-sends the version it read before
 * waiting 2 s therefore always conflicts; one that re-reads rarely does.
 */
export const dstParis: ScenarioSpec = {
  name: 'dst-paris',
  description: 'Swaps during the DST reconciliation window of the Europe/Paris spring-forward, 2027-03-28',
  world: {
    weekDate: '2027-03-22',
    weeks: 2,
    workDaysPerAgent: 5,
    shiftHours: 8,
    businessUnits: [
      {
        name: 'Europe Support', timeZone: 'Europe/Paris',
        managementUnits: [{
          name: 'Paris Support', timeZone: 'Europe/Paris', agents: 50,
          skillProfiles: [['Billing'], ['Billing', 'Technical']],
          languageProfiles: [['French'], ['French', 'English']],
        }],
      },
      {
        name: 'Americas Support', timeZone: 'America/Chicago',
        managementUnits: [{
          name: 'Chicago Support', timeZone: 'America/Chicago', agents: 20,
          skillProfiles: [['Billing'], ['Technical']],
          languageProfiles: [['English'], ['English', 'Spanish']],
        }],
      },
    ],
  },
  trades: { managementUnit: 'Paris Support' },
  clock: { startUtc: '2027-03-28T00:40:00.000Z', speed: 60 },
  pressures: {
    dstReconciliation: { beforeMs: 30 * 60_000, afterMs: 90 * 60_000, intervalMs: 10_000, holdMs: 1_000 },
  },
  load: { tradesPerSecond: 4, durationS: 20, preAllocatedVUs: 10, maxVUs: 40 },
};
