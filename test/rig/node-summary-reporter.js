// The Node test runner's counterpart of ./summary-reporter.js: counts the
// tests of test/server/ (relay, CLI) and writes the totals as JSON to the
// reporter's destination file; `run.js` adds them to the browsers' counts in
// the one `N passed, N failed` line.
//
// A suite (`describe`) is not a test: only leaves count. A file that fails to
// load shows up as one failing test named after the file, so it cannot hide.

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* nodeSummaryReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') {
      // A suite fails on its own when a hook (before/after) throws: count that.
      if (event.type === 'test:fail' && data.details?.error?.failureType === 'hookFailed') totals.failed += 1;
      continue;
    }
    if (data.skip || data.todo) totals.skipped += 1;
    else if (event.type === 'test:pass') totals.passed += 1;
    else {
      totals.failed += 1;
      if (data.nesting === 0 && data.name === data.file) totals.brokenFiles.push(`node: ${data.file}`);
    }
  }
  yield JSON.stringify(totals);
}
