// @ts-check
// The browser end-to-end suite: starts its own keyrx daemon (virtual keyboard, fresh HOME)
// and Chromium, runs the scenarios in e2e/tests.js against the dashboard the daemon
// serves, prints what it measured and a closing "N passed, N failed" line.
//
//   npm run e2e                    every scenario
//   npm run e2e -- config memory   only those whose name contains one of the words
//
// Environment: KEYRX_BIN (default ~/.cache/keyrx-target/release/keyrx), CHROMIUM_BIN
// (default /usr/bin/chromium), E2E_SOAK_SECONDS (default 120), E2E_NAV_ROUNDS (default 300).
import { launchBrowser } from './browser.js';
import { startDaemon } from './daemon.js';
import { tests } from './tests.js';

const filters = process.argv.slice(2).map((word) => word.toLowerCase());
const selected = filters.length === 0 ? tests : tests.filter((t) => filters.some((f) => t.name.toLowerCase().includes(f)));
if (selected.length === 0) {
  console.error(`No scenario matches ${filters.join(', ')}. Scenarios:\n  ${tests.map((t) => t.name).join('\n  ')}`);
  process.exit(2);
}

const started = Date.now();
/** @type {Awaited<ReturnType<typeof startDaemon>> | null} */
let daemon = null;
/** @type {Awaited<ReturnType<typeof launchBrowser>> | null} */
let browser = null;

async function cleanup() {
  await browser?.close();
  browser = null;
  await daemon?.stop();
  daemon = null;
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

let passed = 0;
let failed = 0;
try {
  daemon = await startDaemon();
  browser = await launchBrowser();
  console.log(`keyrx at ${daemon.origin}, Chromium ${browser.context.browser()?.version() ?? ''}`);
  for (const test of selected) {
    const t0 = Date.now();
    /** @type {string[]} */
    const lines = [];
    /** @param {string} line */
    const log = (line) => lines.push(line);
    try {
      await test.run({ context: browser.context, daemon, log });
      passed++;
      console.log(`✓ ${test.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const line of lines) console.log(`    ${line}`);
    } catch (error) {
      failed++;
      console.log(`✗ ${test.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const line of lines) console.log(`    ${line}`);
      console.log(`    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.replace(/\n/g, '\n    '));
      console.log(`    last lines of the daemon:\n      ${daemon.log().split('\n').slice(-15).join('\n      ')}`);
      // A failed scenario may leave tabs open; the next one starts from its own tab.
      for (const page of browser.context.pages()) await page.close().catch(() => {});
    }
  }
} catch (error) {
  failed++;
  console.log(`✗ setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
}
console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
