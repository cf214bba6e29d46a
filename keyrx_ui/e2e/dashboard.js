// @ts-check
// Scenarios for "why did this key do that?" and "is this the live truth?": the Monitor
// following a home-row-mod roll, Release all and an unplugged device, stale figures when the
// daemon goes away and new ones after it restarts, every page on a phone, and screenshots.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assert, eventually, navigate, openApp, PAGES } from './browser.js';
import { sleep, startDaemon } from './daemon.js';
import { checkNoPageErrors, ensureProfile, heldKeys, injectUntilRow, metric, monitorRows } from './helpers.js';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./tests.js').Test} Test */

/** Where the run leaves its screenshots. */
export const OUTPUT_DIR = process.env.E2E_OUTPUT_DIR ?? join(import.meta.dirname, '..', 'test-results');

/**
 * The keys of the other scenarios mean the same here (CapsLock is Escape, `a` is `b`,
 * RightAlt holds nav where `h` is Left); F is a home-row Shift that holds when another key
 * is pressed and released inside it.
 */
const ROLL_PROFILE = 'e2e-home-row';
const ROLL_SOURCE = [
  'layer("base", || {',
  '    map("capslock", "esc");',
  '    map("a", "b");',
  '    map("rightalt", momentary("nav"));',
  '    map("f", tap_hold("f", "lshift", #{ flavor: "balanced" }));',
  '});',
  'layer("nav", || {',
  '    map("h", "left");',
  '});',
  '',
].join('\n');

/** @param {Page} page */
async function monitorSummary(page) {
  return page.locator('.monitor-summary').innerText();
}

/** @type {Test} */
const monitorRoll = {
  name: 'Monitor: a home-row-mod roll shows on top with its decision in words, opens for the reason, follows live',
  async run({ context, daemon, log }) {
    await ensureProfile(daemon, ROLL_PROFILE, ROLL_SOURCE);
    await daemon.api(`/api/v1/profiles/${ROLL_PROFILE}/activate`, { method: 'POST' });
    const page = await openApp(context, daemon);
    await navigate(page, 'Monitor');
    await page.getByRole('button', { name: 'Clear' }).click();

    // The roll: f down, j down and up inside it, f up. Balanced: a hold (Shift+j).
    await injectUntilRow(page, daemon, 'd:f t:30 d:j t:30 u:j t:30 u:f', '↑f', '↑leftshift');
    const rows = await monitorRows(page);
    assert(rows[0]?.[2] === '↑f' && rows[0][3] === '↑leftshift', `the newest row is on top: ${JSON.stringify(rows.slice(0, 4))}`);
    const decided = rows.findIndex((cells) => cells[4]?.includes('f → hold'));
    assert(decided >= 0 && decided < 4, `the hold decision is in view near the top: ${JSON.stringify(rows.slice(0, 5))}`);
    const cell = rows[decided]?.[4] ?? '';
    assert(/tapped inside/.test(cell), `the reason is in the row, no hovering: ${cell}`);
    log(`top rows: ${rows.slice(0, 4).map((c) => `${c[2]} → ${c[3]} ${c[4]}`.trim()).join(' | ')}`);

    // The filter finds decisions.
    const filter = page.getByRole('searchbox', { name: 'Filter' });
    await filter.fill('hold');
    await eventually('only the hold row', async () => {
      const shown = await monitorRows(page);
      return shown.length === 1 && shown[0]?.[4]?.includes('f → hold');
    });
    log(`filter "hold": ${await monitorSummary(page)}`);

    // Opened by keyboard: the full reason, in place.
    const toggle = page.getByRole('button', { name: /^Details of / }).first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    const detailsId = await toggle.getAttribute('aria-controls');
    assert(detailsId !== null, 'the opened row names its details');
    const details = await page.locator(`[id="${detailsId}"]`).innerText();
    assert(/tap-hold/.test(details) && /hold/.test(details) && /ms after this input/.test(details), `details: ${details}`);
    log(`details: ${details.replace(/\s+/g, ' ').slice(0, 160)}`);
    // Its time axis: the press, j typed inside, the resolution and the term from the running keymap.
    const axis = page.locator(`[id="${detailsId}"]`).getByRole('img', { name: /^Timeline: f pressed at 0 ms, j pressed at .*resolved as hold at .*its term is 200 ms\.$/ });
    log(`axis: ${await axis.getAttribute('aria-label')}`);
    mkdirSync(join(OUTPUT_DIR, 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'screenshots', 'monitor-row-opened.png') });
    await filter.fill('');

    // Opened, the view holds still; new events are counted, and "jump to live" goes back.
    await daemon.inject('d:x u:x d:x u:x');
    const jump = page.getByRole('button', { name: /new — jump to live$/ });
    const label = await eventually('the jump-to-live button counting new events', async () => {
      const text = (await jump.count()) > 0 ? await jump.innerText() : '';
      return /^[1-9]\d* new/.test(text) ? text : null;
    });
    assert((await monitorRows(page))[0]?.[2] === '↑f', 'the held view did not move');
    await jump.click();
    await eventually('live again: x on top', async () => (await monitorRows(page))[0]?.[2] === '↑x');
    log(`"${label}", then live: top row ${(await monitorRows(page))[0]?.slice(2, 4).join(' → ')}`);

    // A screen reader hears the newest event, at a human rate.
    const spoken = await eventually('the live region', async () => {
      const text = await page.locator('main [aria-live="polite"]').filter({ hasText: /^Newest:/ }).innerText();
      return text.includes('x') ? text : null;
    });
    log(`live region: "${spoken}"`);

    // The Simulator draws the same roll on its axis, decisions in time order.
    await navigate(page, 'Simulator');
    await page.getByRole('radio', { name: 'The running config' }).check();
    await page.getByLabel('Input (d:key press, u:key release, t:ms wait)').fill('d:f t:30 d:j t:30 u:j t:30 u:f');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const simulated = page.getByRole('region', { name: 'Output' }).getByRole('list', { name: 'Decisions' });
    const simAxis = simulated.getByRole('img', { name: /^Timeline: f pressed at 0 ms, j pressed at 30 ms, j released at 60 ms; resolved as hold at 60 ms/ });
    log(`Simulator axis: ${await simAxis.getAttribute('aria-label')}`);
    await page.screenshot({ path: join(OUTPUT_DIR, 'screenshots', 'simulator-timeline.png'), fullPage: true });

    // Back to the config the other scenarios expect.
    await daemon.api('/api/v1/profiles/e2e-config/activate', { method: 'POST' }).catch(() => {});
    checkNoPageErrors(page);
    await page.close();
  },
};

/**
 * The pairs the Held keys card lists, as text.
 * @param {Page} page
 */
async function pairs(page) {
  const list = page.getByRole('list', { name: 'Inputs and the outputs they hold' });
  return (await list.count()) === 0 ? [] : list.getByRole('listitem').allInnerTexts();
}

/** @type {Test} */
const releaseAll = {
  name: 'Release all: held keys paired, released by the button and by `keyrx release-all`; an unplugged device leaves nothing stuck',
  async run({ context, daemon, log }) {
    const page = await openApp(context, daemon);
    await daemon.inject('@e2e-left d:k');
    await eventually('k paired with k', async () => (await pairs(page)).some((p) => /^k on e2e-left → k$/.test(p)));

    // The live keyboard lights it on both drawings; a remapped key pairs with what it types.
    // With more than one device (other scenarios typed on `keyboard`), pick this one.
    const device = page.getByLabel('Device', { exact: true });
    if ((await device.count()) > 0) await device.selectOption({ label: 'e2e-left' });
    const physical = page.getByRole('group', { name: 'Physical keys, with what each does on the active layers' });
    const virtual = page.getByRole('group', { name: 'Virtual keyboard keys held' });
    await physical.getByRole('img', { name: /^k: .*\(held\)$/ }).waitFor();
    await virtual.getByRole('img', { name: 'k: output k (held)' }).waitFor();
    await daemon.inject('@e2e-left d:capslock');
    await eventually('capslock paired with esc', async () => (await pairs(page)).some((p) => /^capslock on e2e-left → esc$/.test(p)));
    log(`held: ${JSON.stringify(await pairs(page))}`);
    await daemon.inject('@e2e-left u:capslock');

    await page.getByRole('button', { name: 'Release all' }).click();
    await page.getByText('Released k.', { exact: true }).waitFor();
    await virtual.getByRole('img', { name: 'k: output k', exact: true }).waitFor();
    await eventually('the output released, the input still down', async () => {
      const [inputs, outputs] = [await heldKeys(page, 'Input (physical)'), await heldKeys(page, 'Output (virtual keyboard)')];
      return inputs.includes('k') && !outputs.includes('k');
    });
    log(`after Release all: ${JSON.stringify(await pairs(page))}`);
    await daemon.inject('@e2e-left u:k');

    // The CLI does the same.
    await daemon.inject('@e2e-left d:m');
    await eventually('m held', async () => (await heldKeys(page, 'Output (virtual keyboard)')).includes('m'));
    const tokenFile = join(daemon.home, '.local/state/keyrx/token');
    const { stdout } = await promisify(execFile)(daemon.bin, ['release-all', '--addr', `127.0.0.1:${daemon.port}`, '--token-file', tokenFile]);
    assert(stdout.includes('it held m'), `keyrx release-all: ${stdout}`);
    await eventually('m released by the CLI', async () => !(await heldKeys(page, 'Output (virtual keyboard)')).includes('m'));
    log(`keyrx release-all: ${stdout.trim()}`);
    await daemon.inject('@e2e-left u:m');

    // Unplugged with a key down: the daemon releases what it held, so nothing is stuck.
    await daemon.inject('@e2e-left d:j');
    await eventually('j held', async () => (await heldKeys(page, 'Output (virtual keyboard)')).includes('j'));
    daemon.stdin('!detach e2e-left');
    await eventually('j released with its device', async () => {
      const outputs = await heldKeys(page, 'Output (virtual keyboard)');
      const devices = await page.getByRole('region', { name: 'Devices and active layers' }).innerText();
      return !outputs.includes('j') && !devices.includes('e2e-left');
    });
    assert((await page.getByRole('region', { name: 'Held keys' }).getByRole('alert').count()) === 0, 'nothing is flagged stuck');
    log('unplugged e2e-left with j down: j released, nothing stuck');
    checkNoPageErrors(page);
    await page.close();
  },
};

/** @type {Test} */
const staleWhenDown = {
  name: 'Disconnected: figures greyed and labelled stale; after a restart, the new daemon\'s uptime',
  async run({ context, log }) {
    // A daemon of its own, stopped and started again on the same port and HOME (same token).
    let own = await startDaemon();
    try {
      const page = await openApp(context, own);
      await sleep(4000);
      const before = await metric(page, 'Uptime');
      const engine = page.getByRole('region', { name: 'Engine' });
      assert(/Statistics updated \d+s ago/.test(await engine.innerText()), `age shown: ${await engine.innerText()}`);
      const { dir, port } = { dir: own.dir, port: own.port };
      await own.stop({ keep: true });
      await page.getByText(/Not connected to the daemon: every figure below is the last one seen/).waitFor();
      for (const name of ['Engine', 'Latency', 'Held keys', 'Devices and active layers']) {
        const region = page.getByRole('region', { name });
        assert((await region.getAttribute('class'))?.includes('stale') ?? false, `${name} is greyed`);
        assert(/stale: not connected to the daemon; last seen/.test(await region.innerText()), `${name} says it is stale`);
      }
      const frozen = await metric(page, 'Uptime');
      await sleep(2500);
      assert((await metric(page, 'Uptime')) === frozen, 'uptime does not run on while the daemon is away');
      log(`stopped: uptime frozen at ${frozen} (was ${before}), cards greyed and labelled stale`);

      own = await startDaemon({ dir, port });
      await page.getByRole('status', { name: 'Live connection: Live' }).waitFor({ timeout: 20_000 });
      const after = await eventually('the new daemon\'s uptime', async () => {
        const text = await metric(page, 'Uptime');
        const seconds = Number(/^(\d+)s$/.exec(text)?.[1] ?? NaN);
        return seconds < 4 ? text : null;
      }, { timeout: 8000 });
      assert(!(await page.getByRole('region', { name: 'Engine' }).getAttribute('class'))?.includes('stale'), 'live again, not greyed');
      log(`restarted: uptime ${after}, Config "${await metric(page, 'Config')}"`);
      checkNoPageErrors(page);
      await page.close();
    } finally {
      await own.stop();
    }
  },
};

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * Every page with some content on it.
 * @param {Page} page
 * @param {typeof PAGES[number]} name
 * @param {import('./daemon.js').Daemon} daemon
 */
async function fill(page, name, daemon) {
  if (name === 'Monitor') {
    await eventually('rows in the Monitor', async () => {
      await daemon.inject('d:capslock u:capslock d:f t:20 d:j u:j u:f');
      await sleep(300);
      return (await monitorRows(page)).length > 0;
    });
  } else if (name === 'Config') {
    await page.getByRole('link', { name: 'e2e-config' }).click();
    await page.getByText(/No errors|Has errors/).waitFor();
  } else if (name === 'Simulator') {
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('region', { name: 'Output' }).waitFor();
  }
}

/** @type {Test} */
const phoneAndScreenshots = {
  name: 'Phone: every page at 390 px without horizontal overflow; screenshots light/dark, desktop/phone',
  async run({ context, daemon, log }) {
    await ensureProfile(daemon, 'e2e-config', ROLL_SOURCE);
    const dir = join(OUTPUT_DIR, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const page = await openApp(context, daemon);
    /** @type {string[]} */
    const overflow = [];
    let shots = 0;
    for (const theme of /** @type {const} */ (['light', 'dark'])) {
      await eventually(`theme ${theme}`, async () => {
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) === theme) return true;
        await page.getByRole('button', { name: /^Theme: / }).click();
        return false;
      });
      for (const [size, viewport] of /** @type {const} */ ([['desktop', DESKTOP], ['phone', PHONE]])) {
        await page.setViewportSize(viewport);
        for (const name of PAGES) {
          await navigate(page, name);
          await fill(page, name, daemon);
          await sleep(200);
          const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (wider > 0) overflow.push(`${name} (${size}, ${theme}): ${wider}px wider than the screen`);
          await page.screenshot({ path: join(dir, `${name.toLowerCase()}-${size}-${theme}.png`), fullPage: true });
          shots++;
        }
      }
    }
    await page.setViewportSize(DESKTOP);
    log(`${shots} screenshots in ${dir}`);
    assert(overflow.length === 0, `horizontal overflow:\n  ${overflow.join('\n  ')}`);
    checkNoPageErrors(page);
    await page.close();
  },
};

/** @type {Test[]} */
export const dashboardTests = [monitorRoll, releaseAll, staleWhenDown, phoneAndScreenshots];
