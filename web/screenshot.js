/**
 * Takes web/screenshot.png: builds and serves the page, opens it in Chromium (ALLTS_CHROMIUM or
 * /usr/bin/chromium, through playwright-core), trains dqn on CartPole-v1 for FRAMES frames
 * (default 6000), plays one test episode, and saves a screenshot. `node web/screenshot.js`.
 * Also prints the training speed the page reached (frames per second, rendering included).
 */
'use strict';
const path = require('node:path');
const { chromium } = require('playwright-core');
const { build } = require('./build.js');
const { serve } = require('./serve.js');

async function main() {
  const frames = Number(process.env.FRAMES ?? 6000);
  await build();
  const server = await serve({ port: 0 });
  const browser = await chromium.launch({ executablePath: process.env.ALLTS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/${process.env.QUERY ?? ''}`);
    await page.waitForFunction(() => window.__allts.ready || window.__allts.error);
    await page.selectOption('#env', process.env.ENV ?? 'CartPole-v1');
    await page.selectOption('#preset', process.env.PRESET ?? 'classic/dqn');
    await page.fill('#frames', String(frames));
    const start = Date.now();
    await page.click('#train');
    await page.waitForFunction((f) => window.__allts.frames >= f || window.__allts.error, frames, { timeout: 600_000 });
    await page.waitForFunction(() => window.__allts.phase === 'idle' || window.__allts.error);
    const seconds = (Date.now() - start) / 1000;
    const state = await page.evaluate(() => window.__allts);
    console.log(`${state.preset} on ${state.env} (${state.backend}): ${state.frames} frames, ${state.episodes} episodes in ${seconds.toFixed(1)} s = ${(state.frames / seconds).toFixed(0)} frames/s`);
    await page.selectOption('#speed', '1000');
    await page.click('#test');
    await page.waitForFunction(() => window.__allts.phase === 'idle');
    const out = path.join(__dirname, 'screenshot.png');
    await page.screenshot({ path: out, fullPage: true });
    console.log(`saved ${out}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
