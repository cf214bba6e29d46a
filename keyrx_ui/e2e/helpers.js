// @ts-check
// What the scenarios share: reading the Monitor's rows and the Dashboard's figures, injecting
// until the page shows the result, profiles made through the API.
import { assert, errorsOf, eventually } from './browser.js';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./daemon.js').Daemon} Daemon */

/**
 * The key events the Monitor shows, newest first, as [time, device, input, outputs, decisions, layers] per row.
 * @param {Page} page
 */
export function monitorRows(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="table"][aria-label="Key events"] [role="row"]:not(.head)')).map((row) =>
      Array.from(row.querySelectorAll('[role="cell"]')).map((cell) => cell.textContent ?? ''),
    ),
  );
}

/**
 * Injects `input` until the Monitor shows a row with this input and outputs (the first
 * injection can race the page's subscription to the key stream).
 * @param {Page} page
 * @param {Daemon} daemon
 * @param {string} input
 * @param {string} inputCell
 * @param {string} outputCell
 */
export async function injectUntilRow(page, daemon, input, inputCell, outputCell) {
  return eventually(
    `a Monitor row ${inputCell} -> ${outputCell}`,
    async () => {
      await daemon.inject(input);
      return eventually(
        'the row',
        async () => (await monitorRows(page)).find((cells) => cells[2] === inputCell && cells[3] === outputCell),
        { timeout: 1500 },
      ).catch(() => undefined);
    },
    { timeout: 10_000, interval: 0 },
  );
}

/**
 * The held keys the Dashboard lists in one column of the "Held keys" card.
 * @param {Page} page
 * @param {'Input (physical)' | 'Output (virtual keyboard)'} column
 */
export async function heldKeys(page, column) {
  const held = page.getByRole('region', { name: 'Held keys' });
  const box = held.locator('.two-col > div').filter({ has: page.getByRole('heading', { name: column }) });
  return box.getByRole('listitem').allTextContents();
}

/**
 * @param {Page} page
 * @param {string} label
 */
export async function metric(page, label) {
  return page.locator('.metric').filter({ has: page.getByText(label, { exact: true }) }).locator('dd').innerText();
}

/**
 * Makes sure a profile exists (created through the API: only the Profiles scenario tests
 * creating one through the page).
 * @param {Daemon} daemon
 * @param {string} name
 * @param {string} source
 */
export async function ensureProfile(daemon, name, source) {
  const { profiles } = await daemon.api('/api/v1/profiles');
  if (!profiles.some((/** @type {{ name: string }} */ p) => p.name === name)) {
    await daemon.api('/api/v1/profiles', { method: 'POST', body: { name, source } });
  }
}

/** @param {Page} page */
export function checkNoPageErrors(page) {
  const errors = errorsOf(page);
  assert(errors.length === 0, `uncaught errors in the page:\n  ${errors.join('\n  ')}`);
}

