// @ts-check
// Starts a keyrx daemon of its own for the browser tests: a fresh HOME (so the token,
// profiles and state are new), the virtual keyboard, a free loopback port and a config
// written into a temporary directory. stdin stays open: the virtual backend reads key
// notation from it and stops when it closes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** CapsLock is Escape; every other key passes through. */
export const START_CONFIG = 'layer("base", || {\n    map("capslock", "esc");\n});\n';

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} Daemon
 * @property {string} origin       http://127.0.0.1:PORT
 * @property {string} token
 * @property {string} dir          the temporary directory (HOME and the config)
 * @property {(path: string, init?: { method?: string, body?: unknown }) => Promise<any>} api
 * @property {(input: string) => Promise<void>} inject
 * @property {() => string} log    the last lines the daemon printed
 * @property {(line: string) => void} stdin  writes a line to the virtual backend's stdin
 * @property {string} bin          the keyrx binary
 * @property {string} home         its HOME
 * @property {number} port
 * @property {(options?: { keep?: boolean }) => Promise<void>} stop  `keep`: leave the directory for a restart
 */

export const keyrxBin = () => process.env.KEYRX_BIN ?? join(homedir(), '.cache/keyrx-target/release/keyrx');

/**
 * @param {{ dir?: string, port?: number }} [restart]  a stopped daemon's directory and port, to start it again
 * @returns {Promise<Daemon>}
 */
export async function startDaemon(restart = {}) {
  const bin = keyrxBin();
  if (!existsSync(bin)) throw new Error(`keyrx binary not found at ${bin} (set KEYRX_BIN)`);
  const dir = restart.dir ?? mkdtempSync(join(tmpdir(), 'keyrx-e2e-'));
  const home = join(dir, 'home');
  const config = join(dir, 'config.rhai');
  if (!restart.dir) writeFileSync(config, START_CONFIG);
  const port = restart.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;

  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, HOME: home, RUST_LOG: process.env.RUST_LOG ?? 'warn' };
  // Everything must live under the fresh HOME.
  for (const name of ['XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) delete env[name];
  const child = spawn(bin, ['run', '--virtual', '--web-bind', `127.0.0.1:${port}`, '--config', config], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  // The virtual keyboard prints every output event; keep reading (a full pipe would block
  // the daemon) but remember only the tail.
  /** @type {string[]} */
  const tail = [];
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  /** @type {number | null} */
  let exitCode = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? 128 : 0);
    resolve(undefined);
  }));

  const tokenFile = join(home, '.local/state/keyrx/token');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exitCode !== null) throw new Error(`keyrx exited with ${exitCode}:\n${tail.join('\n')}`);
    if (existsSync(tokenFile)) {
      const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`keyrx did not start within 15 s:\n${tail.join('\n')}`);
    }
    await sleep(100);
  }
  const token = readFileSync(tokenFile, 'utf8').trim();

  /** @type {Daemon['api']} */
  async function api(path, init = {}) {
    /** @type {Record<string, string>} */
    const headers = { authorization: `Bearer ${token}` };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    origin,
    token,
    dir,
    api,
    inject: (input) => api('/api/v1/inject', { method: 'POST', body: { input } }),
    log: () => tail.join('\n'),
    stdin: (line) => void child.stdin.write(`${line}\n`),
    bin,
    home,
    port,
    async stop({ keep = false } = {}) {
      if (exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      child.stdin.destroy();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
