// @ts-check
// The browser side: Debian's Chromium driven by playwright-core, and small functions the
// tests share (open the dashboard, navigate by the nav links, retry until true, read
// Chromium's own memory figures, run axe).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sleep } from './daemon.js';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./daemon.js').Daemon} Daemon */

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a fresh profile directory; `close` removes it again. */
export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'keyrx-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Retries `check` until it returns a truthy value (or stops throwing) and returns that
 * value; throws the last failure after `timeout` ms.
 * @template T
 * @param {string} what
 * @param {() => Promise<T> | T} check
 * @param {{ timeout?: number, interval?: number }} [options]
 * @returns {Promise<NonNullable<T>>}
 */
export async function eventually(what, check, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  /** @type {unknown} */
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return /** @type {NonNullable<T>} */ (value);
      last = new Error(`got ${JSON.stringify(value)}`);
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? last.message : String(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${reason}`);
    }
    await sleep(interval);
  }
}

/**
 * @param {boolean} condition
 * @param {string} message
 * @returns {asserts condition}
 */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Uncaught exceptions per page: a test fails if its pages threw any. */
/** @type {WeakMap<Page, string[]>} */
const pageErrors = new WeakMap();

/** @param {Page} page */
export function errorsOf(page) {
  return pageErrors.get(page) ?? [];
}

/** Console errors per page (a CSP refusal is one). */
/** @type {WeakMap<Page, string[]>} */
const consoleErrors = new WeakMap();

/** @param {Page} page */
export function consoleErrorsOf(page) {
  return consoleErrors.get(page) ?? [];
}

/**
 * A new tab, its uncaught errors recorded. `bypassCSP` lets a test add an inline script
 * (axe) in spite of the page's Content-Security-Policy; it applies to this tab only.
 * @param {BrowserContext} context
 * @param {{ bypassCSP?: boolean }} [options]
 */
export async function newTab(context, { bypassCSP = false } = {}) {
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  /** @type {string[]} */
  const logged = [];
  consoleErrors.set(page, logged);
  page.on('console', (message) => {
    if (message.type() === 'error') logged.push(message.text());
  });
  if (bypassCSP) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setBypassCSP', { enabled: true });
  }
  return page;
}

/**
 * A new tab on the dashboard, signed in with the daemon's token, the socket live.
 * @param {BrowserContext} context
 * @param {Daemon} daemon
 * @param {{ bypassCSP?: boolean }} [options]
 */
export async function openApp(context, daemon, options) {
  const page = await newTab(context, options);
  await page.goto(`${daemon.origin}/#token=${daemon.token}`);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await waitLive(page);
  assert(!page.url().includes('token='), 'the token stays in the address bar');
  return page;
}

/** @param {Page} page */
export async function waitLive(page) {
  await page.getByRole('status', { name: 'Live connection: Live' }).waitFor();
}

export const PAGES = /** @type {const} */ (['Dashboard', 'Monitor', 'Config', 'Simulator', 'Profiles', 'Devices']);

/**
 * Client-side navigation through the nav link; waits for the page's heading.
 * @param {Page} page
 * @param {typeof PAGES[number]} name
 */
export async function navigate(page, name) {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/**
 * Chromium's own figures for one tab after a forced garbage collection.
 * @param {import('playwright-core').CDPSession} cdp
 */
export async function memory(cdp) {
  // Twice: the first pass can leave objects that only become garbage after finalizers ran.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  /** @param {string} name */
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { heap: get('JSHeapUsedSize'), nodes: get('Nodes'), listeners: get('JSEventListeners') };
}

/**
 * @param {BrowserContext} context
 * @param {Page} page
 */
export async function cdpFor(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  return cdp;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * @typedef {object} AxeViolation
 * @property {string} id
 * @property {string | null} impact
 * @property {string} help
 * @property {{ target: string[], summary: string }[]} nodes
 */

/**
 * Runs axe-core on the page as it is now: every violation, and how many rules passed.
 * @param {Page} page
 * @returns {Promise<{ violations: AxeViolation[], passes: number }>}
 */
export async function axeViolations(page) {
  // Client-side navigation keeps the document, so axe is added once per document. The tab
  // must have been opened with `bypassCSP`: the dashboard's CSP forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = /** @type {{ run: (context: Document, options: object) => Promise<{ violations: any[], passes: any[] }> }} */ (
      /** @type {any} */ (window).axe
    );
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target.map(String), summary: n.failureSummary ?? '' })),
      })),
    };
  });
}
