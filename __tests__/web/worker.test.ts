/**
 * The demo page trains in a Web Worker (web/src/worker.ts), in a real browser (Debian's Chromium
 * through playwright-core): the page's thread holds no TensorFlow.js and is never blocked long
 * while the worker trains; pause and resume leave the run unchanged; MinAtar games train and draw;
 * and when no worker can start, the same engine trains on the page's thread and the page says so.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { makeEnvironment } from '../../environments/registry';
import '../../environments/minatar/index';
import { minatar } from '../../presets/minatar';
import { openPage, pageState, waitIdle, type PageSession } from './browser';

jest.setTimeout(240_000);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Frames of the reference run: dqn on CartPole-v1 from seed 0. */
const FRAMES = 3000;

let session: PageSession;
/** Training returns of the reference run in the worker (test 1), compared by the others. */
let reference: number[] | undefined;

beforeAll(async () => {
  session = await openPage();
});
afterAll(async () => {
  await session?.close();
});

/** Starts the reference run (dqn, CartPole-v1, seed 0, FRAMES frames) on `page`. */
async function startReference(page: Page): Promise<void> {
  await page.selectOption('#env', 'CartPole-v1');
  await page.selectOption('#preset', 'classic/dqn');
  await page.fill('#frames', String(FRAMES));
  await page.fill('#seed', '0');
  await page.click('#train');
}

test('training runs in the worker: the page thread has no tfjs, no long task and no frozen frame, and returns rise', async () => {
  const { page, pageErrors } = session;
  const ready = await pageState(page);
  expect(ready.mode).toBe('worker');
  expect(ready.message).toContain('training in a Web Worker');
  // tfjs registers its engine as a global wherever it loads: the page's thread never loads it
  expect(await page.evaluate(() => (globalThis as any)._tfengine === undefined)).toBe(true);
  await page.evaluate(() => (globalThis as any).__allts.resetProbes());
  await startReference(page);
  // the page answers while the worker trains: evaluate a round trip through the page's event loop
  await page.waitForFunction(() => (globalThis as any).__allts.frames >= 300, null, { timeout: 60_000, polling: 50 });
  const latency: number[] = [];
  for (let i = 0; i < 5; i++) {
    latency.push(await page.evaluate(() => new Promise<number>((resolve) => {
      const start = performance.now();
      setTimeout(() => resolve(performance.now() - start), 0);
    })));
  }
  const state = await waitIdle(page);
  expect(state.error).toBe(false);
  expect(state.frames).toBe(FRAMES);
  expect(state.returns.length).toBe(state.episodes);
  expect(state.returns.length).toBeGreaterThan(40);
  expect(mean(state.returns.slice(-20))).toBeGreaterThan(mean(state.returns.slice(0, 20)) * 1.3);
  expect(state.framesDrawn).toBeGreaterThan(5); // frames came from the worker and were drawn
  // the page's thread was never blocked long: no task over 200 ms, no gap between animation frames over 250 ms
  expect(state.longestTaskMs).toBeLessThan(200);
  expect(state.longestFrameGapMs).toBeLessThan(250);
  expect(Math.max(...latency)).toBeLessThan(100);
  expect(await page.evaluate(() => (globalThis as any)._tfengine === undefined)).toBe(true);
  expect(pageErrors).toEqual([]);
  reference = state.returns;
});

test('pause stops the worker, resume continues, and the run is the same as without the pause', async () => {
  const { page, pageErrors } = session;
  await startReference(page);
  await page.waitForFunction(() => (globalThis as any).__allts.frames >= 800, null, { timeout: 60_000, polling: 20 });
  await page.click('#pause');
  await page.waitForFunction(() => (globalThis as any).__allts.message?.startsWith('Paused'), null, { timeout: 10_000 });
  await expect(page.textContent('#pause')).resolves.toBe('Resume');
  const paused = await pageState(page);
  expect(paused.phase).toBe('paused');
  expect(paused.frames).toBeLessThan(FRAMES);
  await new Promise((r) => setTimeout(r, 800));
  const still = await pageState(page);
  expect(still.frames).toBe(paused.frames); // nothing trained while paused
  expect(still.phase).toBe('paused');
  await page.click('#pause'); // Resume
  const state = await waitIdle(page);
  expect(state.error).toBe(false);
  expect(state.frames).toBe(FRAMES);
  expect(state.message).toContain(`for ${FRAMES} frames`);
  expect(reference).toBeDefined();
  expect(state.returns).toEqual(reference); // the same seeded run, paused or not
  expect(pageErrors).toEqual([]);
});

test('MinAtar/Breakout-v1 with minatar/dqn trains in the page and draws the game on the canvas', async () => {
  const { page, pageErrors } = session;
  const envs = await page.$$eval('#env option', (os) => os.map((o) => (o as any).value));
  expect(envs).toEqual(expect.arrayContaining(['MinAtar/Breakout-v1', 'MinAtar/SpaceInvaders-v1', 'MinAtar/Asterix-v0']));
  await page.selectOption('#env', 'MinAtar/Breakout-v1');
  const presets = await page.$$eval('#preset option', (os) => os.map((o) => (o as any).value));
  expect(presets).toEqual(expect.arrayContaining(['minatar/dqn', 'minatar/a2c', 'minatar/ppo']));
  expect(presets.some((p: string) => p.startsWith('classic/'))).toBe(false);
  // blank the canvas first, so what is drawn afterwards comes from this run
  await page.$eval('#screen', (c) => {
    const ctx = (c as any).getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, (c as any).width, (c as any).height);
  });
  await page.selectOption('#preset', 'minatar/dqn');
  await page.fill('#frames', '600');
  await page.fill('#seed', '0');
  await page.click('#train');
  const state = await waitIdle(page);
  expect(state.error).toBe(false);
  expect(state.preset).toBe('minatar/dqn');
  expect(state.env).toBe('MinAtar/Breakout-v1');
  expect(state.frames).toBe(600);
  expect(state.episodes).toBeGreaterThan(0);
  await page.waitForFunction(() => (globalThis as any).__allts.framesDrawn > 0, null, { timeout: 10_000 });
  // Breakout's cells in our palette: the bricks' blue (69,123,157) and the black background
  const pixels = await page.$eval('#screen', (c) => {
    const d = (c as any).getContext('2d')!.getImageData(0, 0, (c as any).width, (c as any).height).data;
    let bricks = 0;
    let black = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] === 69 && d[i + 1] === 123 && d[i + 2] === 157) bricks += 1;
      if (d[i] === 0 && d[i + 1] === 0 && d[i + 2] === 0) black += 1;
    }
    return { bricks, black };
  });
  expect(pixels.bricks).toBeGreaterThan(1000);
  expect(pixels.black).toBeGreaterThan(1000);
  // its test agent plays an episode and frees its weights
  await page.click('#test');
  const tested = await waitIdle(page);
  expect(tested.play.frames).toBeGreaterThan(0);
  expect(tested.play.actions.length).toBe(tested.play.frames);
  expect(tested.tensors).toBe(state.tensors);
  expect(pageErrors).toEqual([]);
});

test('a MinAtar preset saved by Node plays in the worker with the same actions for the same seed', async () => {
  const { page, pageErrors } = session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-web-minatar-'));
  try {
    // untrained weights from seed 0: on Seaquest they play a 343-step episode with three different actions
    const env = makeEnvironment('MinAtar/Seaquest-v1');
    const preset = minatar.dqn.env(env).seed(0).build();
    await preset.save(dir);
    const agent = preset.testAgent();
    const playEnv = makeEnvironment('MinAtar/Seaquest-v1');
    let state = playEnv.reset({ seed: 2 });
    const expected: number[] = [];
    while (!state.done && expected.length < 2000) {
      const a = agent.act(state) as number;
      expected.push(a);
      state = playEnv.step(a);
    }
    preset.dispose();
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(expected).size).toBeGreaterThan(1); // the comparison is not trivial

    await page.selectOption('#speed', '1000');

    await page.fill('#seed', '2');
    await page.setInputFiles('#upload', fs.readdirSync(dir).map((f) => path.join(dir, f)));
    await page.waitForFunction(() => (globalThis as any).__allts.play?.seed === 2 && (globalThis as any).__allts.phase === 'idle', null, { timeout: 60_000 });
    const played = await pageState(page);
    expect(played.error).toBe(false);
    expect(played.preset).toBe('minatar/dqn');
    expect(played.env).toBe('MinAtar/Seaquest-v1');
    await expect(page.inputValue('#env')).resolves.toBe('MinAtar/Seaquest-v1'); // the page shows the loaded preset's game
    expect(played.play.actions).toEqual(expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(pageErrors).toEqual([]);
});

test('switching agents in the worker leaves no tensors behind', async () => {
  const { page, pageErrors } = session;
  const trainFor = async (env: string, preset: string, frames: number): Promise<any> => {
    await page.selectOption('#env', env);
    await page.selectOption('#preset', preset);
    await page.fill('#frames', String(frames));
    await page.click('#train');
    const state = await waitIdle(page);
    expect(state.error).toBe(false);
    expect(state.preset).toBe(preset);
    return state;
  };
  const first = await trainFor('CartPole-v1', 'classic/dqn', 1200); // past dqn's replay start: its optimizer has state
  await trainFor('CartPole-v1', 'classic/a2c', 300);
  await trainFor('Pendulum-v1', 'continuous/sac', 200);
  await trainFor('MinAtar/Breakout-v1', 'minatar/dqn', 200);
  const again = await trainFor('CartPole-v1', 'classic/dqn', 1200);
  expect(again.tensors).toBe(first.tensors); // each replaced preset was disposed with its agent
  expect(pageErrors).toEqual([]);
});

test('when the worker cannot load, the page says so and trains the same run on its own thread', async () => {
  // the worker's script fails to load (as where module workers are unsupported or blocked)
  const other = await openPage('', undefined, (p) =>
    p.route('**/worker.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: "throw new Error('broken worker');" })),
  );
  try {
    const { page } = other;
    const ready = await pageState(page);
    expect(ready.error).toBe(false);
    expect(ready.mode).toBe('main');
    expect(ready.workerProblem).toMatch(/the worker failed to load/);
    expect(ready.message).toContain("training runs in short chunks on the page's thread");
    await expect(page.textContent('#status')).resolves.toContain('on the page thread');
    await startReference(page);
    const state = await waitIdle(page);
    expect(state.error).toBe(false);
    expect(state.frames).toBe(FRAMES);
    expect(await page.evaluate(() => (globalThis as any)._tfengine !== undefined)).toBe(true); // tfjs runs on the page here
    expect(state.longestChunkMs).toBeLessThan(1500);
    expect(reference).toBeDefined();
    expect(state.returns).toEqual(reference); // the same engine, the same run
  } finally {
    await other.close();
  }
});
