/**
 * Takes web/screenshot.png: builds and serves the page, opens it in Chromium (ALLTS_CHROMIUM or
 * /usr/bin/chromium, through playwright-core), trains dqn on CartPole-v1 for FRAMES frames
 * (default 6000; ENV and PRESET choose others, QUERY is appended to the URL, e.g. `?worker=0`),
 * plays one test episode, and saves a screenshot. `node web/screenshot.js`. Also prints where the
 * page trained (Web Worker or page thread) and the speed it reached (frames per second from
 * pressing Train to the end of training, as the page measures it; drawing included).
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
    await page.click('#train');
    await page.waitForFunction(() => window.__allts.trainSeconds !== undefined || window.__allts.error, null, { timeout: 600_000 });
    await page.waitForFunction(() => window.__allts.phase === 'idle' || window.__allts.error);
    const state = await page.evaluate(() => window.__allts);
    if (state.error) throw new Error(state.message);
    const where = state.mode === 'worker' ? 'in a Web Worker' : 'on the page thread';
    console.log(`${state.preset} on ${state.env} (${state.backend}, ${where}): ${state.frames} frames, ${state.episodes} episodes in ${state.trainSeconds.toFixed(1)} s = ${(state.frames / state.trainSeconds).toFixed(0)} frames/s`);
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
