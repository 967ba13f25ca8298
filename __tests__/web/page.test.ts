/**
 * The demo page in a real browser (Debian's Chromium through playwright-core): it loads on the
 * wasm backend, a short training run raises the returns curve without freezing the page, a
 * preset saved by Node plays with the same actions as in Node for the same seed, and a corrupt
 * preset file shows a clear message.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classicControl } from '../../presets/classic_control';
import { makeEnvironment } from '../../environments/registry';
import type { Agent } from '../../lib/agents/agent';
import { loadPreset } from '../../presets/registry';
import type { Download } from 'playwright-core';
import { openPage, pageState, waitIdle, type PageSession } from './browser';

jest.setTimeout(240_000);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

let session: PageSession;
beforeAll(async () => {
  session = await openPage();
});
afterAll(async () => {
  await session?.close();
});

test('the page loads on the wasm backend with its environments and presets', async () => {
  const { page, pageErrors } = session;
  const state = await pageState(page);
  expect(state.ready).toBe(true);
  expect(state.backend).toBe('wasm');
  const envs = await page.$$eval('#env option', (os) => os.map((o) => (o as any).value));
  expect(envs).toEqual(expect.arrayContaining(['CartPole-v1', 'Acrobot-v1', 'Pendulum-v1']));
  const presets = await page.$$eval('#preset option', (os) => os.map((o) => (o as any).value));
  expect(presets).toContain('classic/dqn');
  await expect(page.textContent('#status')).resolves.toContain('backend wasm');
  expect(pageErrors).toEqual([]);
});

test('a short dqn run on CartPole-v1 raises the returns curve, live and without freezing the page; its download loads in Node', async () => {
  const { page, pageErrors } = session;
  await page.selectOption('#env', 'CartPole-v1');
  await page.selectOption('#preset', 'classic/dqn');
  await page.fill('#frames', '4000');
  await page.fill('#seed', '0');
  await page.click('#train');
  // the curve grows while training runs: the page answers in between chunks
  await page.waitForFunction(() => (globalThis as any).__allts.episodes >= 5 && (globalThis as any).__allts.phase === 'training', null, { timeout: 60_000 });
  const midway = await page.textContent('#status');
  expect(midway).toMatch(/training · \d+ frames/);
  const state = await waitIdle(page);
  expect(state.error).toBe(false);
  expect(state.frames).toBe(4000);
  expect(state.returns.length).toBe(state.episodes);
  expect(state.returns.length).toBeGreaterThan(40);
  const first = mean(state.returns.slice(0, 20));
  const last = mean(state.returns.slice(-20));
  expect(last).toBeGreaterThan(first * 1.3);
  expect(state.longestChunkMs).toBeLessThan(1500); // no single chunk blocked the page long
  // the curve canvas was drawn (not blank)
  const inked = await page.$eval('#curve', (c) => {
    const d = (c as any).getContext('2d')!.getImageData(0, 0, (c as any).width, (c as any).height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! > 150 && d[i + 1]! < 100) n += 1; // the red mean line
    return n;
  });
  expect(inked).toBeGreaterThan(100);
  // testing the agent plays one episode and leaves no tensors behind
  const before = state.tensors;
  await page.click('#test');
  const tested = await waitIdle(page);
  expect(tested.play.frames).toBeGreaterThan(0);
  expect(tested.play.actions.length).toBe(tested.play.frames);
  expect(tested.tensors).toBe(before); // the test agent's copy of the weights was freed
  await page.click('#test');
  const again = await waitIdle(page);
  expect(again.tensors).toBe(before);
  expect(pageErrors).toEqual([]);

  // Download preset: Node loads the downloaded files and acts as the page's test agent did
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-web-download-'));
  try {
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.click('#download');
    const deadline = Date.now() + 30_000;
    while (!downloads.some((d) => d.suggestedFilename() === 'preset.json') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const d of downloads) await d.saveAs(path.join(dir, d.suggestedFilename()));
    expect(fs.readdirSync(dir).sort()).toEqual(['preset.json', 'q.weights']);
    const loaded = await loadPreset(dir);
    expect(nodeActions(loaded.testAgent(), again.play.seed)).toEqual(again.play.actions);
    loaded.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Greedy actions of `agent` over one episode of CartPole-v1 from `seed`. */
function nodeActions(agent: Agent, seed: number): number[] {
  const env = makeEnvironment('CartPole-v1');
  let state = env.reset({ seed });
  const actions: number[] = [];
  while (!state.done) {
    const a = agent.act(state) as number;
    actions.push(a);
    state = env.step(a);
  }
  return actions;
}

test('a preset trained and saved by Node plays in the page with the same actions for the same seed', async () => {
  const { page, pageErrors } = session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-web-'));
  try {
    const env = makeEnvironment('CartPole-v1');
    const preset = classicControl.dqn.env(env).seed(3).build();
    const agent = preset.agent({ trainSteps: 2000 }) as Agent;
    let state = env.reset({ seed: 1 });
    for (let i = 0; i < 2000; i++) {
      const a = agent.act(state);
      state = state.done ? env.reset() : env.step(a as number);
    }
    await preset.save(path.join(dir, 'preset'));
    const expected = nodeActions(preset.testAgent(), 7);
    preset.dispose();
    expect(new Set(expected).size).toBe(2); // both actions: the comparison is not trivial

    await page.fill('#seed', '7');
    const files = fs.readdirSync(path.join(dir, 'preset')).map((f) => path.join(dir, 'preset', f));
    await page.setInputFiles('#upload', files);
    await page.waitForFunction(() => (globalThis as any).__allts.play?.seed === 7 && (globalThis as any).__allts.phase === 'idle', null, { timeout: 60_000 });
    const state2 = await pageState(page);
    expect(state2.error).toBe(false);
    expect(state2.preset).toBe('classic/dqn');
    expect(state2.play.actions).toEqual(expected);
    await expect(page.textContent('#message')).resolves.toContain('Test episode (seed 7)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(pageErrors).toEqual([]);
});

test('a preset saved by Node loads from a URL (?preset=) and plays the same actions', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-web-url-'));
  let other: PageSession | undefined;
  try {
    const env = makeEnvironment('CartPole-v1');
    const preset = classicControl.ddqn.env(env).seed(11).build();
    await preset.save(path.join(dir, 'run', 'preset'));
    const expected = nodeActions(preset.testAgent(), 4);
    preset.dispose();
    other = await openPage('?preset=/presets/run/preset&seed=4', dir);
    await other.page.waitForFunction(() => (globalThis as any).__allts.play?.seed === 4 || (globalThis as any).__allts.error === true, null, { timeout: 60_000 });
    const state = await pageState(other.page);
    expect(state.error).toBe(false);
    expect(state.preset).toBe('classic/ddqn');
    expect(state.play.actions).toEqual(expected);
    expect(other.pageErrors).toEqual([]);
  } finally {
    await other?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a parallel preset (a2c, 4 copies of CartPole-v1) trains on the page', async () => {
  const { page, pageErrors } = session;
  await page.selectOption('#env', 'CartPole-v1');
  await page.selectOption('#preset', 'classic/a2c');
  await page.fill('#frames', '2000');
  await page.click('#train');
  await page.waitForFunction(() => (globalThis as any).__allts.preset === 'classic/a2c' && ((globalThis as any).__allts.frames === 2000 || (globalThis as any).__allts.error === true), null, { timeout: 60_000 });
  const state = await waitIdle(page);
  expect(state.error).toBe(false);
  expect(state.message).toContain('Trained classic/a2c on CartPole-v1 for 2000 frames');
  expect(state.episodes).toBeGreaterThan(20);
  expect(state.returns.length).toBe(state.episodes);
  expect(Math.min(...state.returns)).toBeGreaterThanOrEqual(1); // CartPole pays 1 per step: whole episodes only
  await page.click('#test'); // its test agent plays one environment
  const tested = await waitIdle(page);
  expect(tested.play.actions.length).toBe(tested.play.frames);
  expect(pageErrors).toEqual([]);
});

test('the user can pick the webgl backend (?backend=webgl) and train on it', async () => {
  const other = await openPage('?backend=webgl');
  try {
    const { page } = other;
    expect((await pageState(page)).backend).toBe('webgl');
    await expect(page.inputValue('#backend')).resolves.toBe('webgl');
    await page.selectOption('#preset', 'classic/dqn');
    await page.fill('#frames', '600');
    await page.click('#train');
    await page.waitForFunction(() => (globalThis as any).__allts.frames === 600 || (globalThis as any).__allts.error === true, null, { timeout: 60_000 });
    const state = await waitIdle(page);
    expect(state.message).toContain('Trained classic/dqn');
    expect(state.error).toBe(false);
    expect(state.frames).toBe(600);
    expect(state.episodes).toBeGreaterThan(5);
    expect(other.pageErrors).toEqual([]);
  } finally {
    await other.close();
  }
});

test('a corrupt preset file shows a clear message on the page', async () => {
  const { page } = session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-web-bad-'));
  try {
    fs.writeFileSync(path.join(dir, 'preset.json'), '{"format": "allts-preset", "version": 1, oops');
    fs.writeFileSync(path.join(dir, 'model.weights'), 'not weights');
    await page.setInputFiles('#upload', [path.join(dir, 'preset.json'), path.join(dir, 'model.weights')]);
    await page.waitForFunction(() => (globalThis as any).__allts.error === true, null, { timeout: 30_000 });
    const message = await page.textContent('#message');
    expect(message).toContain('Could not load the preset');
    expect(message).toContain('preset.json is not valid JSON');
    await expect(page.getAttribute('#message', 'class')).resolves.toBe('error');

    // a good preset.json with a torn weights file: the message names the file and the problem
    const env = makeEnvironment('CartPole-v1');
    const preset = classicControl.dqn.env(env).seed(0).build();
    const files = preset.files();
    preset.dispose();
    fs.writeFileSync(path.join(dir, 'preset.json'), files['preset.json'] as string);
    const model = Object.keys(files).find((f) => f.endsWith('.weights'))!;
    fs.writeFileSync(path.join(dir, model), (files[model] as Uint8Array).subarray(0, 100));
    await page.setInputFiles('#upload', [path.join(dir, 'preset.json'), path.join(dir, model)]);
    await page.waitForFunction((m) => (globalThis as any).__allts.error === true && (globalThis as any).__allts.message !== m, message, { timeout: 30_000 });
    const torn = await page.textContent('#message');
    expect(torn).toContain(model);
    expect(torn).toMatch(/truncated|should hold/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
