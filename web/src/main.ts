/**
 * The demo page: choose an environment and a preset, train while watching the environment and
 * the returns curve, pause, test, download the preset, load a preset saved by Node and watch it
 * play. The agents live in the engine (engine.ts), which runs in a Web Worker (worker.ts), so the
 * page never freezes; if no worker can start (or `?worker=0`), the page loads the same engine on
 * its own thread, where it trains in chunks of about 30 ms between animation frames, and says so.
 * This file imports no TensorFlow.js: only the engine does. `window.__allts` exposes the page's
 * state for the browser tests (__tests__/web).
 */
import { drawCurve, drawFrame, type Frame } from './draw';
import { downloadFiles, readUploads } from './files';
import type { CatalogueEntry, Command, FromEngine, Phase, PlayRecord, ToEngine } from './protocol';

/** The backends the page offers (the engine checks the choice). */
const BACKENDS = ['wasm', 'webgl', 'cpu'];
/** Milliseconds to wait for the worker's backend before training on the page's thread instead. */
const WORKER_START_TIMEOUT_MS = 60_000;

/** The page's state, read by the tests. */
interface PageState {
  ready: boolean;
  backend?: string;
  /** Where the engine runs: a Web Worker, or the page's thread (chunked steps). */
  mode?: 'worker' | 'main';
  /** Why the worker could not be used, when mode is 'main'. */
  workerProblem?: string;
  phase: 'loading' | Phase;
  env?: string;
  preset?: string;
  frames: number;
  episodes: number;
  /** Return of every training episode, in order. */
  returns: number[];
  /** The last test or play episode: its seed, actions and return. */
  play?: PlayRecord;
  /** The last message shown, and whether it is an error. */
  message?: string;
  error?: boolean;
  /** Number of tensors alive in the engine (tf.memory().numTensors), after each chunk. */
  tensors: number;
  /** Longest chunk of engine work in milliseconds (on the page's thread, how long it was blocked). */
  longestChunkMs: number;
  /** Longest task on the page's thread since the last reset (PerformanceObserver 'longtask'; 0 if none over 50 ms). */
  longestTaskMs: number;
  /** Longest gap between two animation frames since the last reset, in milliseconds. */
  longestFrameGapMs: number;
  /** Frames drawn on the environment canvas. */
  framesDrawn: number;
  /** Seconds from pressing Train to the end of the last training run (pauses included). */
  trainSeconds?: number;
  /** Zeroes longestTaskMs and longestFrameGapMs (the tests call it before measuring). */
  resetProbes(): void;
}

const page: PageState = {
  ready: false, phase: 'loading', frames: 0, episodes: 0, returns: [], tensors: 0, longestChunkMs: 0, longestTaskMs: 0, longestFrameGapMs: 0, framesDrawn: 0,
  resetProbes: () => {
    page.longestTaskMs = 0;
    page.longestFrameGapMs = 0;
    lastAnimationFrame = undefined;
  },
};
(window as unknown as { __allts: PageState }).__allts = page;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const envSelect = $<HTMLSelectElement>('env');
const presetSelect = $<HTMLSelectElement>('preset');
const backendSelect = $<HTMLSelectElement>('backend');
const speedSelect = $<HTMLSelectElement>('speed');
const buttons = { train: $<HTMLButtonElement>('train'), pause: $<HTMLButtonElement>('pause'), test: $<HTMLButtonElement>('test'), download: $<HTMLButtonElement>('download') };
const screen = $<HTMLCanvasElement>('screen');
const curve = $<HTMLCanvasElement>('curve');

let catalogue: CatalogueEntry[] = [];
/** Sends a command to the engine (set once it started). */
let send: ((m: ToEngine, transfer?: Transferable[]) => void) | undefined;
let seq = 0;
/** The seq of the last train command: progress of that run only counts. */
let run = -1;
let hasPreset = false;
/** When the last training run was started (performance.now()). */
let trainStart = 0;

// --- probes of the page's responsiveness (read by the tests) ---
let lastAnimationFrame: number | undefined;
function probeFrames(now: number): void {
  if (lastAnimationFrame !== undefined) page.longestFrameGapMs = Math.max(page.longestFrameGapMs, now - lastAnimationFrame);
  lastAnimationFrame = now;
  requestAnimationFrame(probeFrames);
}
requestAnimationFrame(probeFrames);
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) page.longestTaskMs = Math.max(page.longestTaskMs, entry.duration);
  }).observe({ type: 'longtask', buffered: false });
} catch {
  // no Long Tasks API in this browser: the frame-gap probe still runs
}

// --- drawing, at most once per animation frame ---
let pendingFrame: Frame | undefined;
let curveDirty = false;
let drawScheduled = false;
function scheduleDraw(): void {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    if (pendingFrame !== undefined) {
      drawFrame(screen, pendingFrame);
      pendingFrame = undefined;
      page.framesDrawn += 1;
    }
    if (curveDirty) {
      drawCurve(curve, page.returns);
      curveDirty = false;
    }
  });
}

function say(text: string, error = false): void {
  const el = $('message');
  el.textContent = text;
  el.className = error ? 'error' : 'info';
  page.message = text;
  page.error = error;
}

function status(): void {
  const what = page.preset === undefined ? 'no agent yet' : `${page.preset} on ${page.env}`;
  const where = page.mode === 'worker' ? 'in a worker' : page.mode === 'main' ? 'on the page thread' : '';
  $('status').textContent = `${what} · backend ${page.backend ?? '?'} ${where} · ${page.phase} · ${page.frames} frames · ${page.episodes} episodes` +
    (page.returns.length > 0 ? ` · last return ${page.returns[page.returns.length - 1]!.toFixed(1)}` : '') +
    (page.play === undefined ? '' : ` · last test return ${page.play.return.toFixed(1)}`);
  const busy = page.phase === 'training' || page.phase === 'testing' || page.phase === 'playing';
  buttons.pause.disabled = !(page.phase === 'training' || page.phase === 'paused');
  buttons.pause.textContent = page.phase === 'paused' ? 'Resume' : 'Pause';
  buttons.test.disabled = !hasPreset || busy || page.phase === 'loading';
  buttons.download.disabled = !hasPreset;
  buttons.train.disabled = busy || page.phase === 'loading';
}

function fillPresets(): void {
  const entry = catalogue.find((e) => e.env === envSelect.value);
  if (entry === undefined) return;
  const previous = presetSelect.value;
  const values = entry.presets.map((id) => `${entry.family}/${id}`);
  presetSelect.replaceChildren(...values.map((v) => new Option(v, v)));
  if (values.includes(previous)) presetSelect.value = previous;
}

function seed(): number {
  const n = Number(($('seed') as HTMLInputElement).value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function stepsPerFrame(): number {
  return Number(speedSelect.value);
}

/** Sends a command with the next seq; `phase` is what the page shows until the engine answers. */
function command(m: Command, phase?: Phase, transfer?: Transferable[]): void {
  if (send === undefined) return;
  seq += 1;
  if (phase !== undefined) page.phase = phase;
  page.error = false;
  send({ ...m, seq } as ToEngine, transfer);
  status();
}

/** Handles a report of the engine. */
function receive(m: FromEngine): void {
  switch (m.type) {
    case 'frame':
      pendingFrame = m;
      scheduleDraw();
      return;
    case 'progress':
      if (m.run === run) {
        [page.frames, page.episodes] = [m.frames, m.episodes];
        if (m.finished.length > 0) {
          page.returns.push(...m.finished);
          curveDirty = true;
          scheduleDraw();
        }
      }
      page.tensors = m.tensors;
      page.longestChunkMs = Math.max(page.longestChunkMs, m.longestChunkMs);
      if (m.preset !== undefined && m.preset !== page.preset) hasPreset = true;
      if (m.env !== undefined && (m.env !== page.env || m.preset !== page.preset) && m.phase !== 'training') {
        envSelect.value = m.env; // a loaded preset: show its environment and preset
        fillPresets();
        if (m.preset !== undefined) presetSelect.value = m.preset;
      }
      [page.preset, page.env] = [m.preset, m.env];
      if (m.run === run && m.phase === 'idle' && page.trainSeconds === undefined) page.trainSeconds = (performance.now() - trainStart) / 1000;
      if (m.seq === seq) page.phase = m.phase; // not a report already on its way before the last command
      break;
    case 'played':
      page.play = m.play;
      break;
    case 'message':
      say(m.text, m.error);
      if (m.error && m.seq === seq && page.phase !== 'training' && page.phase !== 'paused') page.phase = 'idle';
      break;
    case 'files':
      downloadFiles(m.files);
      break;
    case 'ready':
    case 'failed':
      return; // handled by start()
  }
  status();
}

function train(): void {
  const [family, id] = presetSelect.value.split('/') as [string, string];
  const frames = Number(($('frames') as HTMLInputElement).value);
  if (!Number.isFinite(frames) || frames < 1) return say(`Frames must be a positive number; received "${($('frames') as HTMLInputElement).value}"`, true);
  page.returns = [];
  page.play = undefined;
  [page.frames, page.episodes, page.longestChunkMs, page.trainSeconds] = [0, 0, 0, undefined];
  drawCurve(curve, []);
  trainStart = performance.now();
  command({ type: 'train', env: envSelect.value, family, id, frames, seed: seed(), stepsPerFrame: stepsPerFrame() }, 'training');
  run = seq;
}

async function upload(list: FileList): Promise<void> {
  let files: Record<string, Uint8Array>;
  try {
    files = await readUploads(list);
  } catch (e) {
    return say(`Could not read the files: ${(e as Error).message}`, true);
  }
  const source = `the uploaded files (${Object.keys(files).join(', ')})`;
  command({ type: 'load', files, source, seed: seed(), stepsPerFrame: stepsPerFrame() }, 'playing', Object.values(files).map((f) => f.buffer as ArrayBuffer));
}

/** The engine in a module worker; resolves once its backend is ready, rejects with the reason it cannot start. */
function startWorker(backend: string, wasmPaths: string): Promise<{ ready: FromEngine & { type: 'ready' }; post: typeof send & {} }> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    } catch (e) {
      return reject(new Error(`the worker did not start (${(e as Error).message})`));
    }
    const timer = setTimeout(() => fail(`its backend was not ready after ${WORKER_START_TIMEOUT_MS / 1000} s`), WORKER_START_TIMEOUT_MS);
    const fail = (why: string): void => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(why));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(`the worker failed to load${e.message ? ` (${e.message})` : ''}`);
    };
    worker.onmessage = (e: MessageEvent<FromEngine>) => {
      const m = e.data;
      if (m.type === 'failed') return fail(m.reason);
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      worker.onmessage = (e2: MessageEvent<FromEngine>) => receive(e2.data);
      worker.onerror = (e2) => say(`The worker failed: ${e2.message}`, true);
      resolve({ ready: m, post: (message, transfer = []) => worker.postMessage(message, transfer) });
    };
    worker.postMessage({ type: 'init', seq: 0, backend, wasmPaths } satisfies ToEngine);
  });
}

/** The engine on the page's thread: a chunk of steps per animation frame. */
async function startHere(backend: string, wasmPaths: string): Promise<{ ready: FromEngine & { type: 'ready' }; post: typeof send & {} }> {
  const { Engine } = await import('./engine');
  let ready: (FromEngine & { type: 'ready' }) | undefined;
  let failure: string | undefined;
  const engine = new Engine({
    post: (m) => {
      if (m.type === 'ready') ready = m;
      else if (m.type === 'failed') failure = m.reason;
      else receive(m);
    },
    later: (fn, delayMs) => (delayMs > 0 ? setTimeout(fn, delayMs) : requestAnimationFrame(() => fn())),
  });
  await engine.handle({ type: 'init', seq: 0, backend, wasmPaths });
  if (ready === undefined) throw new Error(failure ?? 'the engine did not start');
  let pending: Promise<void> = Promise.resolve();
  return { ready, post: (m) => void (pending = pending.then(() => engine.handle(m))) };
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (params.get('seed') !== null) ($('seed') as HTMLInputElement).value = params.get('seed')!;
  const wanted = params.get('backend') ?? 'wasm';
  backendSelect.value = BACKENDS.includes(wanted) ? wanted : 'wasm';
  backendSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', backendSelect.value);
    location.href = url.toString(); // a backend is chosen once per page
  });
  envSelect.addEventListener('change', fillPresets);
  buttons.train.addEventListener('click', train);
  buttons.pause.addEventListener('click', () => {
    if (page.phase === 'training') command({ type: 'pause' }, 'paused');
    else if (page.phase === 'paused') command({ type: 'resume' }, 'training');
  });
  buttons.test.addEventListener('click', () => {
    page.play = undefined;
    command({ type: 'test', seed: seed(), stepsPerFrame: stepsPerFrame() }, 'testing');
  });
  speedSelect.addEventListener('change', () => command({ type: 'speed', stepsPerFrame: stepsPerFrame() }));
  buttons.download.addEventListener('click', () => command({ type: 'download' }));
  $<HTMLInputElement>('upload').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.files !== null && input.files.length > 0) void upload(input.files).then(() => (input.value = ''));
  });
  drawCurve(curve, []);
  status();

  const backend = backendSelect.value;
  const wasmPaths = new URL('./', location.href).href; // where build.js puts the .wasm files
  let started: Awaited<ReturnType<typeof startWorker>>;
  try {
    if (params.get('worker') === '0') throw new Error('?worker=0 asked for the page thread');
    started = await startWorker(backend, wasmPaths);
    page.mode = 'worker';
  } catch (workerProblem) {
    page.workerProblem = (workerProblem as Error).message;
    try {
      started = await startHere(backend, wasmPaths);
    } catch (e) {
      say(`${(e as Error).message}`, true);
      page.error = true;
      return status();
    }
    page.mode = 'main';
  }
  send = started.post;
  catalogue = started.ready.catalogue;
  page.backend = started.ready.backend;
  envSelect.replaceChildren(...catalogue.map((e) => new Option(e.env, e.env)));
  fillPresets();
  page.phase = 'idle';
  page.ready = true;
  say(
    page.mode === 'worker'
      ? `Ready on the ${page.backend} backend, training in a Web Worker: choose an environment and a preset, then press Train`
      : `Ready on the ${page.backend} backend. No Web Worker could run the agents (${page.workerProblem}), so training runs in short chunks on the page's thread: the page stays usable but slower`,
  );
  status();
  // ?preset=<url of a preset/ folder> loads a preset saved by Node (e.g. served by `web/serve.js --presets runs`)
  const presetUrl = params.get('preset');
  if (presetUrl !== null) command({ type: 'loadUrl', url: new URL(presetUrl, location.href).toString(), seed: seed(), stepsPerFrame: stepsPerFrame() }, 'playing');
}

void main();
