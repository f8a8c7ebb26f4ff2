// wtr draws its own summary behind a progress bar, which a CI log cannot read.
// This reporter counts every test of every session (one session = one test file
// in one browser) and writes the totals to a file; `run.js` prints them as the
// very last line, `N passed, N failed`, once the runner has exited.
import { writeFileSync } from 'node:fs';

function countSuite(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, totals);
}

/**
 * @param {{ outFile: string }} options
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryReporter({ outFile }) {
  return {
    // Written when the run finishes and again when the runner stops, so the
    // counts survive a runner that dies while shutting the browsers down.
    onTestRunFinished({ sessions }) {
      writeSummary(sessions, outFile);
    },
    stop({ sessions }) {
      writeSummary(sessions, outFile);
    },
  };
}

/** Counts the tests of every session and writes the totals to `outFile`. */
function writeSummary(sessions, outFile) {
  const totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
  for (const session of sessions) {
    const before = totals.failed;
    if (session.testResults) countSuite(session.testResults, totals);
    // A file that failed to load, threw outside a test or timed out has no
    // failing test of its own: count it as one failure so it cannot hide.
    if (!session.passed && totals.failed === before) {
      totals.failed += 1;
      totals.brokenFiles.push(`${session.browser?.name ?? '?'}: ${session.testFile}`);
    }
  }
  writeFileSync(outFile, JSON.stringify(totals));
}
