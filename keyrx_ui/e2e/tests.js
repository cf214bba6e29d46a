// @ts-check
// The end-to-end scenarios. Each gets the browser context and the running daemon, opens its
// own tab(s) and closes them. They also pass when run alone or in another order: profiles
// they need are created here, and the keys they look at mean the same in every config used.
import { assert, axeViolations, cdpFor, consoleErrorsOf, eventually, memory, navigate, newTab, openApp, PAGES, waitLive } from './browser.js';
import { sleep } from './daemon.js';
import { checkNoPageErrors, ensureProfile, heldKeys, injectUntilRow, metric, monitorRows } from './helpers.js';
import { dashboardTests } from './dashboard.js';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./daemon.js').Daemon} Daemon */
/** @typedef {{ context: BrowserContext, daemon: Daemon, log: (line: string) => void }} TestEnv */
/** @typedef {{ name: string, run: (env: TestEnv) => Promise<void> }} Test */

/**
 * The profile the Config scenario writes: `a` becomes `b`, CapsLock stays Escape, and
 * RightAlt holds a layer where `h` is Left.
 */
const CONFIG_PROFILE = 'e2e-config';
/** Longer than any window is wide: it must scroll inside the editor, not widen the page. */
const LONG_COMMENT = `// Written by the browser tests. ${'A long line. '.repeat(20)}`.trimEnd();
const BROKEN_SOURCE = [
  LONG_COMMENT,
  'layer("base", || {',
  '    map("capslock", "esc");',
  '    map("a", "nosuchkey");',
  '    map("rightalt", momentary("nav"));',
  '});',
  'layer("nav", || {',
  '    map("h", "left");',
  '});',
  '',
].join('\n');
const BROKEN_LINE = 4;

/** @type {Test} */
const liveKeys = {
  name: 'injected keys show on the Dashboard and the Monitor',
  async run({ context, daemon, log }) {
    const page = await openApp(context, daemon);

    // Held keys: a key held down is listed as physical input and as virtual output.
    await daemon.inject('d:k');
    await eventually('k held on the Dashboard', async () => {
      const [inputs, outputs] = [await heldKeys(page, 'Input (physical)'), await heldKeys(page, 'Output (virtual keyboard)')];
      return inputs.includes('k') && outputs.includes('k');
    });
    await daemon.inject('u:k');
    await eventually('k released on the Dashboard', async () => {
      const held = await page.getByRole('region', { name: 'Held keys' }).innerText();
      return !/\bk\b/.test(held.replace(/Held keys|Input \(physical\)|Output \(virtual keyboard\)|Modifiers:/g, ''));
    });

    // Counters: Events/s rises while keys arrive; the device and its layer are listed.
    const rate = await eventually(
      'a non-zero Events/s',
      async () => {
        await daemon.inject('d:j u:j d:j u:j d:j u:j d:j u:j d:j u:j');
        const value = Number(await metric(page, 'Events/s'));
        return value > 0 ? value : 0;
      },
      { timeout: 8000, interval: 200 },
    );
    const latency = await metric(page, 'Processing p50 / p99');
    assert(/µs$/.test(latency), `processing time shown: ${latency}`);
    const devices = page.getByRole('region', { name: 'Devices and active layers' });
    await devices.getByRole('cell', { name: 'keyboard', exact: true }).waitFor();
    await devices.getByRole('cell', { name: 'base', exact: true }).waitFor();
    // The distribution behind those figures, from the daemon's histogram.
    const histogram = page.getByRole('region', { name: 'Latency' }).getByRole('img', { name: /^Processing time per event: \d+ samples: p50 .*, p90 .*, p99 .*, max .*$/ });
    const shape = await histogram.getAttribute('aria-label');
    const bars = await page.locator('.distribution').first().locator('.bar').count();
    assert(bars > 0, `histogram bars: ${bars}`);
    log(`Dashboard: Events/s ${rate}, processing p50 / p99 ${latency}; histogram ${bars} buckets, "${shape}"`);

    // Monitor: each input with what it became.
    await navigate(page, 'Monitor');
    await page.getByRole('button', { name: 'Clear' }).click();
    const row = await injectUntilRow(page, daemon, 'd:capslock u:capslock', '↓capslock', '↓esc');
    assert(row[1] === 'keyboard' && row[5] === 'base', `device and layer of the row: ${JSON.stringify(row)}`);
    const rows = await monitorRows(page);
    assert(rows.some((cells) => cells[2] === '↑capslock' && cells[3] === '↑esc'), 'the release row ↑capslock -> ↑esc');
    await daemon.inject('d:x u:x');
    await eventually('x passed through', async () => (await monitorRows(page)).some((c) => c[2] === '↓x' && c[3] === '↓x'));
    const summary = await page.getByText(/\d+ of \d+ events/).innerText();
    log(`Monitor: ${summary}`);

    // The filter narrows the rows.
    await page.getByRole('searchbox', { name: 'Filter' }).fill('capslock');
    await eventually('only capslock rows', async () => {
      const shown = await monitorRows(page);
      return shown.length > 0 && shown.every((cells) => cells[2].includes('capslock'));
    });
    checkNoPageErrors(page);
    await page.close();
  },
};

/** @type {Test} */
const configEditor = {
  name: 'Config: diagnostics at the right line, save, activate, new mapping runs',
  async run({ context, daemon, log }) {
    const page = await openApp(context, daemon);
    await navigate(page, 'Profiles');
    await page.getByLabel('Name', { exact: true }).fill(CONFIG_PROFILE);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText(`Created ${CONFIG_PROFILE}.`).waitFor();
    const row = page.getByRole('listitem').filter({ has: page.locator('strong', { hasText: CONFIG_PROFILE }) });
    await row.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 2, name: CONFIG_PROFILE }).waitFor();

    // Type a config with an unknown key on line 4.
    const editor = page.getByRole('textbox', { name: `Source of profile ${CONFIG_PROFILE}` });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(BROKEN_SOURCE);
    await page.getByText('Has errors', { exact: true }).waitFor();
    const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
    const listed = await diagnostics.getByRole('listitem').allInnerTexts();
    assert(listed.length === 1, `one diagnostic, got ${JSON.stringify(listed)}`);
    const match = /^error line (\d+):(\d+): (.*)$/m.exec(listed[0] ?? '');
    assert(match !== null, `diagnostic text: ${listed[0]}`);
    assert(Number(match[1]) === BROKEN_LINE, `the diagnostic is on line ${match[1]}, not ${BROKEN_LINE}`);
    assert(match[3]?.includes('nosuchkey') ?? false, `the message names the key: ${match[3]}`);

    // The editor underlines the same place: which line holds the lint mark, and what it covers.
    const marks = await eventually('a lint mark in the editor', async () => {
      const found = await page.evaluate(() => {
        const lines = Array.from(document.querySelectorAll('.cm-content > .cm-line'));
        return Array.from(document.querySelectorAll('.cm-lintRange-error, .cm-lintPoint-error')).map((mark) => ({
          line: lines.findIndex((line) => line.contains(mark)) + 1,
          text: mark.textContent,
        }));
      });
      return found.length > 0 ? found : null;
    });
    assert(
      marks.length === 1 && marks[0]?.line === BROKEN_LINE && marks[0].text === '"nosuchkey"',
      `lint mark on line ${BROKEN_LINE} over "nosuchkey": ${JSON.stringify(marks)}`,
    );
    // The underline is drawn (its SVG is a data: image, which the CSP allows), a gutter marker
    // sits on the same line, and the list is above the text, in view with it.
    const underline = await page.locator('.cm-lintRange-error').first().evaluate((mark) => getComputedStyle(mark).backgroundImage);
    assert(underline.startsWith('url("data:image/svg+xml'), `the underline's image: ${underline}`);
    const gutter = await eventually('a gutter marker', () =>
      page.evaluate(() => {
        const markers = Array.from(document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error'));
        const lines = Array.from(document.querySelectorAll('.cm-content > .cm-line'));
        return markers.map((marker) => {
          const top = marker.getBoundingClientRect().top;
          return lines.findIndex((line) => Math.abs(line.getBoundingClientRect().top - top) < 4) + 1;
        });
      }).then((found) => (found.length > 0 ? found : null)),
    );
    assert(gutter.length === 1 && gutter[0] === BROKEN_LINE, `gutter markers on lines ${JSON.stringify(gutter)}`);
    const listBox = await diagnostics.boundingBox();
    const editorBox = await editor.boundingBox();
    assert(listBox !== null && editorBox !== null && listBox.y < editorBox.y, `the diagnostics list is above the text: ${JSON.stringify({ listBox, editorBox })}`);
    const refused = consoleErrorsOf(page).filter((text) => /Content Security Policy|Refused to/i.test(text));
    assert(refused.length === 0, `CSP errors in the console:\n  ${refused.join('\n  ')}`);
    log(`diagnostic: "${listed[0]?.split('\n')[0]}"; lint mark on line ${marks[0]?.line} over ${marks[0]?.text}, gutter marker on line ${gutter[0]}, no CSP error`);

    // Fix it by keyboard: select line 4's text and type the mapping a -> b.
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 1; i < BROKEN_LINE; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText('map("a", "b");');
    await page.getByText('No errors', { exact: true }).waitFor();
    await diagnostics.waitFor({ state: 'detached' });
    assert((await page.locator('.cm-lintRange-error, .cm-lintPoint-error').count()) === 0, 'the lint mark is gone');
    await checkKeyNames(page, log);
    await checkHighlighting(page, log);
    await checkKeymapPicture(page, log);

    // Ctrl+S saves from the editor.
    await editor.click();
    await page.keyboard.press('Control+s');
    await page.getByText('Saved.', { exact: true }).waitFor();
    const saved = await daemon.api(`/api/v1/profiles/${CONFIG_PROFILE}`);
    assert(saved.source.includes('map("a", "b");') && !saved.source.includes('nosuchkey'), `saved source:\n${saved.source}`);

    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText('Activated: this profile is now running.').waitFor();
    const status = await daemon.api('/api/v1/status');
    assert(status.active_profile === CONFIG_PROFILE, `active profile: ${status.active_profile}`);

    // The new mapping is live: a typed a comes out as b.
    await navigate(page, 'Monitor');
    await page.getByRole('button', { name: 'Clear' }).click();
    await injectUntilRow(page, daemon, 'd:a u:a', '↓a', '↓b');
    log(`active profile ${status.active_profile}; Monitor shows ↓a -> ↓b`);
    // The engine's decisions arrive with the key stream: holding RightAlt turns nav on.
    const layerRow = await injectUntilRow(page, daemon, 'd:rightalt d:h u:h u:rightalt', '↓h', '↓left');
    assert(layerRow[5]?.includes('nav') ?? false, `the row shows layer nav: ${JSON.stringify(layerRow)}`);
    const decisions = await eventually('a "nav on" decision in the Monitor', async () =>
      (await monitorRows(page)).map((cells) => cells[4] ?? '').find((cell) => cell.includes('nav on')),
    );
    log(`Monitor decisions: ${decisions}`);
    await checkSimulatorTimeline(page, log);
    checkNoPageErrors(page);
    await page.close();
  },
};

/**
 * Key names: hovering one says which key it is; typing inside a string offers completions
 * from the daemon's key table (the typed text is taken back out afterwards).
 * @param {Page} page
 * @param {(line: string) => void} log
 */
async function checkKeyNames(page, log) {
  await page.locator('.cm-content span', { hasText: /^"capslock"$/ }).first().hover();
  const hover = await page.locator('.key-hover').first().innerText();
  assert(hover === 'capslock: the key KEY_CAPSLOCK (code 58)', `hover: ${hover}`);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('"capsl');
  await page.locator('.cm-tooltip-autocomplete [role="option"]').first().waitFor();
  const offered = await page.locator('.cm-tooltip-autocomplete [role="option"]').allInnerTexts();
  assert(offered.some((o) => o.startsWith('capslock')), `completions: ${JSON.stringify(offered)}`);
  await page.keyboard.press('Escape');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
  await page.getByText('No errors', { exact: true }).waitFor();
  log(`hover: "${hover}"; completions for "capsl: ${offered.slice(0, 3).join(', ').replace(/\n/g, ' ')}`);
}

/**
 * The editor highlights the script: calls, strings and comments each get their own colour,
 * none of them the plain text's.
 * @param {Page} page
 * @param {(line: string) => void} log
 */
async function checkHighlighting(page, log) {
  const colours = await page.evaluate((longComment) => {
    const content = document.querySelector('.cm-content');
    const colourOf = (/** @type {string} */ text) => {
      const span = Array.from(content?.querySelectorAll('span') ?? []).find((s) => s.textContent === text);
      return span ? getComputedStyle(span).color : null;
    };
    return {
      plain: content ? getComputedStyle(content).color : null,
      call: colourOf('layer'),
      string: colourOf('"capslock"'),
      comment: colourOf(longComment),
    };
  }, LONG_COMMENT);
  const { plain, ...tokens } = colours;
  const distinct = new Set(Object.values(tokens));
  assert(
    Object.values(tokens).every((c) => c && c !== plain) && distinct.size === 3,
    `highlighted colours (plain ${plain}): ${JSON.stringify(tokens)}`,
  );
  log(`highlighting: call ${tokens.call}, string ${tokens.string}, comment ${tokens.comment}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `a long line widens the page by ${overflow}px instead of scrolling in the editor`);
}

/**
 * The Config page draws the compiled text: `a` types `b` on the base layer and, after
 * switching tabs with the keyboard, `h` types Left on nav.
 * @param {Page} page
 * @param {(line: string) => void} log
 */
async function checkKeymapPicture(page, log) {
  const picture = page.getByRole('region', { name: 'Keymap' });
  await picture.getByRole('img', { name: 'a: types b', exact: true }).waitFor();
  await picture.getByRole('tab', { name: 'base', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await picture.getByRole('tab', { name: 'nav', exact: true, selected: true }).waitFor();
  await picture.getByRole('img', { name: 'h: types left', exact: true }).waitFor();
  await picture.getByRole('tab', { name: 'base', exact: true }).click();
  log('keymap picture: a -> b on base, h -> left on nav (tab switched by keyboard)');
}

/**
 * The Simulator runs the running config and lists its decisions by name.
 * @param {Page} page
 * @param {(line: string) => void} log
 */
async function checkSimulatorTimeline(page, log) {
  await navigate(page, 'Simulator');
  await page.getByRole('radio', { name: 'The running config' }).check();
  await page.getByLabel('Input (d:key press, u:key release, t:ms wait)').fill('d:rightalt d:h u:h u:rightalt');
  await page.getByRole('button', { name: 'Simulate' }).click();
  const output = page.getByRole('region', { name: 'Output' });
  const notation = await output.locator('pre').innerText();
  assert(notation === 'd:left u:left', `simulated output: ${notation}`);
  const timeline = await output.getByRole('list', { name: 'Decisions' }).getByRole('listitem').allInnerTexts();
  assert(
    timeline.some((entry) => entry.includes('layer nav on')) && timeline.some((entry) => entry.includes('layer nav off')),
    `decision timeline: ${JSON.stringify(timeline)}`,
  );
  log(`Simulator timeline: ${timeline.length} decisions, e.g. "${timeline[0]}"`);
}

/** @type {Test} */
const profiles = {
  name: 'Profiles: create and delete a profile',
  async run({ context, daemon }) {
    const name = 'e2e-temporary';
    const page = await openApp(context, daemon);
    await navigate(page, 'Profiles');
    await page.getByRole('option', { name: 'Example: numpad' }).waitFor({ state: 'attached' });
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Start from').selectOption('numpad');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText(`Created ${name}.`).waitFor();
    const row = page.getByRole('listitem').filter({ has: page.locator('strong', { hasText: name }) });
    await row.waitFor();
    const created = await daemon.api(`/api/v1/profiles/${name}`);
    assert(created.source.length > 0, 'the profile has the example as its source');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`Deleted ${name}.`).waitFor();
    await row.waitFor({ state: 'detached' });
    const { profiles: left } = await daemon.api('/api/v1/profiles');
    assert(!left.some((/** @type {{ name: string }} */ p) => p.name === name), 'the daemon no longer lists it');
    checkNoPageErrors(page);
    await page.close();
  },
};

/** @type {Test} */
const simulator = {
  name: 'Simulator: run a simulation and see its output',
  async run({ context, daemon, log }) {
    const page = await openApp(context, daemon);
    await navigate(page, 'Simulator');
    await page.getByRole('radio', { name: 'The running config' }).check();
    await page.getByRole('button', { name: 'Clear input' }).click();
    // Build the input with the on-screen keys: press CapsLock, wait 50 ms, release it.
    const keys = page.getByRole('group', { name: 'Keys (press, then press again to release)' });
    await keys.getByRole('button', { name: 'capslock', exact: true }).click();
    await page.getByRole('button', { name: '+50 ms' }).click();
    await keys.getByRole('button', { name: 'capslock', exact: true }).click();
    const input = await page.getByLabel('Input (d:key press, u:key release, t:ms wait)').inputValue();
    assert(input === 'd:capslock t:50 u:capslock', `input built by the key pad: ${input}`);

    await page.getByRole('button', { name: 'Simulate' }).click();
    const output = page.getByRole('region', { name: 'Output' });
    const notation = await output.locator('pre').innerText();
    assert(notation === 'd:esc t:50 u:esc', `simulated output: ${notation}`);
    const events = await output.getByRole('row').allInnerTexts();
    assert(events.some((r) => /\besc\b.*\bpress\b/.test(r)) && events.some((r) => /50\s+esc\s+release/.test(r)), `events: ${JSON.stringify(events)}`);
    log(`Simulator: ${input} -> ${notation}`);
    checkNoPageErrors(page);
    await page.close();
  },
};

/** @type {Test} */
const accessibility = {
  name: 'Accessibility: no serious or critical axe violations on any page',
  async run({ context, daemon, log }) {
    await ensureProfile(daemon, 'e2e-a11y', 'layer("base", || {\n    map("capslock", "esc");\n});\n');
    /** @type {string[]} */
    const failures = [];
    /** @type {string[]} */
    const minor = [];
    let passedRules = 0;
    /**
     * @param {Page} page
     * @param {string} where
     */
    async function check(page, where) {
      const { violations, passes } = await axeViolations(page);
      passedRules += passes;
      for (const v of violations) {
        const line = `${where}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${n.summary.replace(/\n/g, '\n        ')}`).join('\n')}`;
        (v.impact === 'serious' || v.impact === 'critical' ? failures : minor).push(line);
      }
    }

    // The token screen, in a tab that has no token.
    const signedOut = await newTab(context, { bypassCSP: true });
    await signedOut.goto(`${daemon.origin}/`);
    await signedOut.getByRole('heading', { level: 1, name: 'Connect to keyrx' }).waitFor();
    await check(signedOut, 'token screen');
    checkNoPageErrors(signedOut);
    await signedOut.close();

    const page = await openApp(context, daemon, { bypassCSP: true });
    const themes = /** @type {const} */ (['light', 'dark']);
    for (const theme of themes) {
      const toggle = page.getByRole('button', { name: /^Theme: / });
      await eventually(`theme ${theme}`, async () => {
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) === theme) return true;
        await toggle.click();
        return false;
      });
      for (const name of PAGES) {
        await navigate(page, name);
        // Each page with real content: data loaded, rows, an open profile, a result.
        if (name === 'Dashboard') {
          await page.getByRole('region', { name: 'Held keys' }).waitFor();
        } else if (name === 'Monitor') {
          await eventually('rows in the Monitor', async () => {
            await daemon.inject('d:capslock u:capslock');
            await sleep(300);
            return (await monitorRows(page)).length > 0;
          });
        } else if (name === 'Config') {
          await page.getByRole('link', { name: 'e2e-a11y' }).click();
          await page.getByRole('textbox', { name: 'Source of profile e2e-a11y' }).waitFor();
          await page.getByText('No errors', { exact: true }).waitFor();
        } else if (name === 'Simulator') {
          await page.getByRole('button', { name: 'Simulate' }).click();
          await page.getByRole('region', { name: 'Output' }).waitFor();
        } else if (name === 'Profiles') {
          await page.getByRole('link', { name: 'Edit' }).first().waitFor();
        } else {
          await page.getByRole('heading', { level: 2 }).first().waitFor();
        }
        await check(page, `${name} (${theme} theme)`);
      }
    }
    if (minor.length > 0) log(`moderate/minor findings (not failing):\n  ${minor.join('\n  ')}`);
    log(`axe: ${failures.length} serious/critical, ${minor.length} moderate/minor over ${PAGES.length * themes.length + 1} page views (${passedRules} rule checks passed)`);
    assert(failures.length === 0, `serious or critical violations:\n  ${failures.join('\n  ')}`);
    checkNoPageErrors(page);
    await page.close();
  },
};

const MiB = 1024 * 1024;
/** @param {number} bytes */
const mib = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;

/**
 * The bound for a figure that should not grow: the start plus half of it plus a constant.
 * What the pages legitimately keep is bounded by design — the Monitor's 2,000 rows (about
 * 1 MiB of parsed messages), the chart's 600 points, React Query's cache of a few small
 * responses — and fits inside the constant; the 50 % absorbs V8's code and feedback
 * caches and the allocator's slack after GC. A leak per navigation or per event does not:
 * 1,800 navigations leaking 4 KiB each, or 24,000 key events leaking 300 bytes each,
 * already exceed it.
 * @param {number} start
 * @param {number} constant
 */
const bound = (start, constant) => start * 1.5 + constant;
const HEAP_CONSTANT = 4 * MiB;
const NODES_CONSTANT = 1000;

/** @type {Test} */
const memoryTest = {
  name: 'Memory: heap and DOM nodes stay bounded over navigation and a key soak',
  async run({ context, daemon, log }) {
    const rounds = Number(process.env.E2E_NAV_ROUNDS ?? 300);
    const soakSeconds = Number(process.env.E2E_SOAK_SECONDS ?? 120);
    const rate = 200;
    const dashboard = await openApp(context, daemon);
    const dashCdp = await cdpFor(context, dashboard);

    // Warm up: every page once, so lazy chunks and their code count in the start figure.
    for (const name of [...PAGES.slice(1), PAGES[0]]) await navigate(dashboard, name);
    await sleep(500);
    const start = await memory(dashCdp);
    log(`start (Dashboard tab, after one visit of each page): heap ${mib(start.heap)}, nodes ${start.nodes}, listeners ${start.listeners}`);

    // The heap after every sixth of the rounds shows a trend: flat, or growing per navigation.
    const navStarted = Date.now();
    const checkpoint = Math.max(1, Math.round(rounds / 6));
    /** @type {string[]} */
    const trend = [];
    let navTime = 0;
    for (let round = 1; round <= rounds; round++) {
      const t0 = Date.now();
      for (const name of [...PAGES.slice(1), PAGES[0]]) await navigate(dashboard, name);
      navTime += Date.now() - t0;
      if (round % checkpoint === 0 && round < rounds) {
        const now = await memory(dashCdp);
        trend.push(`${round}: ${mib(now.heap)} / ${now.nodes}`);
      }
    }
    const navSeconds = navTime / 1000;
    log(`heap / nodes during navigation (after round): ${trend.join(', ')}; ${((Date.now() - navStarted) / 1000).toFixed(1)} s in all`);
    await sleep(500);
    const afterNav = await memory(dashCdp);
    log(
      `after ${rounds} rounds over all ${PAGES.length} pages (${rounds * PAGES.length} navigations, ${navSeconds.toFixed(1)} s): ` +
        `heap ${mib(afterNav.heap)}, nodes ${afterNav.nodes}, listeners ${afterNav.listeners}`,
    );

    // The soak: Dashboard in this tab, Monitor in a second one, keys at `rate` events/s.
    const monitor = await openApp(context, daemon);
    const monCdp = await cdpFor(context, monitor);
    await navigate(monitor, 'Monitor');
    await sleep(500);
    const monStart = await memory(monCdp);
    log(`start (Monitor tab): heap ${mib(monStart.heap)}, nodes ${monStart.nodes}, listeners ${monStart.listeners}`);

    // Batches every 100 ms; each press or release counts as one event.
    const perBatch = rate / 10;
    const letters = ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'];
    let sent = 0;
    let failedBatches = 0;
    const soakStarted = Date.now();
    const soakEnd = soakStarted + soakSeconds * 1000;
    let nextReport = soakStarted + 30_000;
    /** @type {number[]} */
    const rates = [];
    for (let batch = 0; Date.now() < soakEnd; batch++) {
      const due = soakStarted + batch * 100;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const tokens = [];
      for (let i = 0; i < perBatch / 2; i++) {
        const key = letters[(batch + i) % letters.length];
        tokens.push(`d:${key}`, `u:${key}`);
      }
      try {
        await daemon.inject(tokens.join(' '));
        sent += tokens.length;
      } catch {
        failedBatches++;
      }
      if (Date.now() >= nextReport) {
        nextReport += 30_000;
        const shown = Number(await metric(dashboard, 'Events/s'));
        rates.push(shown);
        const rows = await monitor.getByText(/\d+ of \d+ events/).innerText();
        log(`  ${Math.round((Date.now() - soakStarted) / 1000)} s: ${sent} events sent; Dashboard Events/s ${shown}; Monitor "${rows}"`);
      }
    }
    const soakTook = (Date.now() - soakStarted) / 1000;
    log(`soak: ${sent} events in ${soakTook.toFixed(1)} s (${(sent / soakTook).toFixed(0)}/s), ${failedBatches} failed requests`);
    assert(failedBatches === 0, `${failedBatches} inject requests failed`);
    assert(sent / soakTook > rate * 0.9, `the soak reached only ${(sent / soakTook).toFixed(0)} events/s`);

    // Both tabs were really receiving: the Dashboard counted and the Monitor filled up.
    const monitorSummary = await monitor.getByText(/\d+ of \d+ events/).innerText();
    const received = Number(/of (\d+) events/.exec(monitorSummary)?.[1] ?? 0);
    assert(received >= Math.min(2000, sent) * 0.9, `the Monitor kept ${received} rows: ${monitorSummary}`);
    if (rates.length > 0) assert(Math.max(...rates) > rate / 2, `Dashboard Events/s during the soak: ${rates.join(', ')}`);
    await waitLive(dashboard);
    await waitLive(monitor);

    await sleep(1000);
    const end = await memory(dashCdp);
    const monEnd = await memory(monCdp);
    /**
     * @param {string} tab
     * @param {{ heap: number, nodes: number, listeners: number }} from
     * @param {{ heap: number, nodes: number, listeners: number }} to
     */
    const report = (tab, from, to) => {
      const heapBound = bound(from.heap, HEAP_CONSTANT);
      const nodesBound = bound(from.nodes, NODES_CONSTANT);
      log(
        `${tab}: heap ${mib(from.heap)} -> ${mib(to.heap)} (bound ${mib(heapBound)}), ` +
          `nodes ${from.nodes} -> ${to.nodes} (bound ${Math.round(nodesBound)}), listeners ${from.listeners} -> ${to.listeners}`,
      );
      return [
        to.heap <= heapBound ? null : `${tab} heap grew from ${mib(from.heap)} to ${mib(to.heap)} (bound ${mib(heapBound)})`,
        to.nodes <= nodesBound ? null : `${tab} DOM nodes grew from ${from.nodes} to ${to.nodes} (bound ${Math.round(nodesBound)})`,
      ].filter((x) => x !== null);
    };
    log(`Monitor after the soak: "${monitorSummary}"`);
    const problems = [...report('Dashboard tab (navigation + soak)', start, end), ...report('Monitor tab (soak)', monStart, monEnd)];
    assert(problems.length === 0, problems.join('; '));
    checkNoPageErrors(dashboard);
    checkNoPageErrors(monitor);
    await dashCdp.detach();
    await monCdp.detach();
    await dashboard.close();
    await monitor.close();
  },
};

/** @type {Test[]} */
export const tests = [liveKeys, configEditor, ...dashboardTests, profiles, simulator, accessibility, memoryTest];
