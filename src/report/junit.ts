/**
 * junit.xml for CI: one <testsuite> per strategy, one <testcase> per check (src/report/checks.ts), so a
 * CI system lists "refetch-full-jitter › baseline successRate" as a failed test with its message.
 */
import type { RunResults } from './results.ts';
import type { Check } from './checks.ts';

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

/** Without a baseline (or thresholds), one check per strategy: the server's invariants held; the message gives its success. */
export function runChecks(results: RunResults): Check[] {
  return results.strategies.map((s) => {
    const broken = (['duplicateTrades', 'lostUpdates', 'nonMonotonicVersions', 'doubleBookedShifts'] as const).filter(
      (k) => s.server[k] > 0,
    );
    return {
      strategy: s.strategy,
      name: 'server invariants',
      passed: broken.length === 0,
      message:
        `${s.applied}/${s.trades} applied ` +
        `(success ${(s.successRate * 100).toFixed(1)}%)${
          broken.length > 0 ? `; broken: ${broken.map((k) => `${k} ${s.server[k]}`).join(', ')}` : ''
        }`,
    };
  });
}

export function renderJunit(results: RunResults, checks: readonly Check[]): string {
  const strategies = [...new Set([...results.strategies.map((s) => s.strategy), ...checks.map((c) => c.strategy)])];
  const suites = strategies.map((strategy) => {
    const mine = checks.filter((c) => c.strategy === strategy);
    const failures = mine.filter((c) => !c.passed).length;
    const cases = mine.map((c) => {
      const open = `    <testcase classname="${escapeXml(`${results.scenario}.${strategy}`)}" name="${escapeXml(c.name)}"`;
      return c.passed
        ? `${open}><system-out>${escapeXml(c.message)}</system-out></testcase>`
        : `${open}><failure message="${escapeXml(c.message)}">${escapeXml(c.message)}</failure></testcase>`;
    });
    return [
      `  <testsuite name="${escapeXml(`${results.kind} ${results.scenario} ${strategy}`)}" tests="${mine.length}" ` +
        `failures="${failures}" errors="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const failures = checks.filter((c) => !c.passed).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`wfm-harness ${results.runId} seed ${results.seed} commit ${results.gitCommit}`)}" ` +
      `tests="${checks.length}" failures="${failures}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
