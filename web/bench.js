/**
 * Training speed of the demo page against Node: dqn on CartPole-v0 from seed 0 for FRAMES frames
 * (default 6000) on the wasm backend, (1) in the page's Web Worker, (2) on the page's thread in
 * chunks between animation frames (`?worker=0`, the fallback), (3) in Node, the same loop
 * (web/src/session.ts's Session, bundled for Node with esbuild). The page's figures are wall-clock
 * from pressing Train to the end of training, as the page measures it (`__allts.trainSeconds`),
 * so they include building the agent and drawing. Runs ROUNDS rounds (default 2), alternating.
 * `node web/bench.js`; needs Chromium like web/screenshot.js.
 */
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { build } = require('./build.js');
const { serve } = require('./serve.js');

const root = path.join(__dirname, '..');
const frames = Number(process.env.FRAMES ?? 6000);
const rounds = Number(process.env.ROUNDS ?? 2);

/** The page's training speed in `mode` ('worker' or 'main'). */
async function inPage(browser, url, mode) {
  const page = await browser.newPage();
  try {
    await page.goto(url + (mode === 'main' ? '?worker=0' : ''));
    await page.waitForFunction(() => window.__allts.ready || window.__allts.error, null, { timeout: 60_000 });
    const ready = await page.evaluate(() => window.__allts.mode);
    if (ready !== mode) throw new Error(`the page runs its engine in "${ready}", not "${mode}"`);
    await page.selectOption('#env', 'CartPole-v0');
    await page.selectOption('#preset', 'classic/dqn');
    await page.fill('#frames', String(frames));
    await page.fill('#seed', '0');
    await page.click('#train');
    await page.waitForFunction(() => window.__allts.trainSeconds !== undefined || window.__allts.error, null, { timeout: 600_000, polling: 100 });
    const s = await page.evaluate(() => window.__allts);
    if (s.error) throw new Error(s.message);
    return { fps: s.frames / s.trainSeconds, episodes: s.episodes };
  } finally {
    await page.close();
  }
}

/** Node's training speed for the same loop, in a child process. */
async function inNode() {
  const file = path.join(__dirname, 'dist', `.bench-node-${process.pid}.js`); // inside the repository, so node_modules resolves
  await esbuild.build({
    stdin: {
      contents: `
        import { initBackend } from './lib/tf';
        import { makeEnvironment } from './environments/registry';
        import { classicControl } from './presets/classic_control';
        import { Session } from './web/src/session';
        (async () => {
          await initBackend('wasm');
          const start = performance.now();
          const env = makeEnvironment('CartPole-v0');
          const preset = classicControl.dqn.env(env).seed(0).build();
          const session = new Session(env, preset.agent({ trainSteps: ${frames} }), 0, ${frames}, false);
          while (!session.done) session.advance(1e9, Infinity);
          const seconds = (performance.now() - start) / 1000;
          console.log(JSON.stringify({ fps: session.frames / seconds, episodes: session.episodes }));
        })();`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    packages: 'external',
    keepNames: true,
    outfile: file,
    logLevel: 'warning',
  });
  try {
    return JSON.parse(execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop());
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function main() {
  await build({ quiet: true });
  const server = await serve({ port: 0 });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: process.env.ALLTS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const results = { worker: [], main: [], node: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      results.worker.push(await inPage(browser, url, 'worker'));
      results.main.push(await inPage(browser, url, 'main'));
      results.node.push(await inNode());
    }
  } finally {
    await browser.close();
    server.close();
  }
  const label = { worker: 'page, Web Worker', main: 'page thread, chunks', node: 'Node, same loop' };
  console.log(`dqn on CartPole-v0, ${frames} frames, seed 0, wasm:`);
  for (const [k, runs] of Object.entries(results)) {
    console.log(`  ${label[k].padEnd(20)} ${runs.map((x) => x.fps.toFixed(0)).join(', ')} frames/s (${runs[0].episodes} episodes)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
