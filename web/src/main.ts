/**
 * The demo page: choose an environment and a preset, train while watching the environment and
 * the returns curve, pause, test, download the preset, load a preset saved by Node and watch it
 * play. Training runs in chunks between animation frames (session.ts), so the page stays live.
 * `window.__allts` exposes the page's state for the browser tests (__tests__/web).
 */
import {
  browserPresetBuilder, BROWSER_BACKENDS, environmentSpec, initBrowserBackend, loadPresetFiles, loadPresetFromUrl, makeEnvironment, tf,
  type Environment, type ParallelAgent, type Preset,
} from '../../browser';
import { drawCurve, drawFrame } from './draw';
import { downloadFiles, readUploads } from './files';
import { ParallelSession, playSession, Session, type Stepper } from './session';

/** Environments offered (all render), and the single-environment presets for each action kind. */
const ENVIRONMENTS = ['CartPole-v1', 'CartPole-v0', 'Acrobot-v1', 'MountainCar-v0', 'Pendulum-v1', 'MountainCarContinuous-v0', 'LunarLander-v2'];
const PRESETS: Record<'discrete' | 'box', { family: string; ids: string[] }> = {
  discrete: { family: 'classic', ids: ['dqn', 'ddqn', 'c51', 'rainbow', 'vpg', 'a2c', 'ppo', 'vac', 'vqn', 'vsarsa'] },
  box: { family: 'continuous', ids: ['sac', 'td3', 'ddpg', 'ppo'] },
};

/** The page's state, read by the tests. */
interface PageState {
  ready: boolean;
  backend?: string;
  phase: 'loading' | 'idle' | 'training' | 'paused' | 'testing' | 'playing';
  env?: string;
  preset?: string;
  frames: number;
  episodes: number;
  /** Return of every training episode, in order. */
  returns: number[];
  /** The last test or play episode: its seed, actions and return. */
  play?: { seed: number; actions: (number | number[])[]; return: number; frames: number };
  /** The last message shown, and whether it is an error. */
  message?: string;
  error?: boolean;
  /** Number of tensors alive (tf.memory().numTensors), after each chunk. */
  tensors: number;
  /** Longest chunk of work in milliseconds (how long the page was ever blocked by training). */
  longestChunkMs: number;
}

const page: PageState = { ready: false, phase: 'loading', frames: 0, episodes: 0, returns: [], tensors: 0, longestChunkMs: 0 };
(window as unknown as { __allts: PageState }).__allts = page;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const envSelect = $<HTMLSelectElement>('env');
const presetSelect = $<HTMLSelectElement>('preset');
const backendSelect = $<HTMLSelectElement>('backend');
const buttons = { train: $<HTMLButtonElement>('train'), pause: $<HTMLButtonElement>('pause'), test: $<HTMLButtonElement>('test'), download: $<HTMLButtonElement>('download') };
const screen = $<HTMLCanvasElement>('screen');
const curve = $<HTMLCanvasElement>('curve');

let preset: Preset | undefined;
let session: Stepper | undefined;
let paused = false;
/** Frees the test agent of the play session in progress, if any. */
let releasePlay: (() => void) | undefined;

function endPlay(): void {
  releasePlay?.();
  releasePlay = undefined;
}

function say(text: string, error = false): void {
  const el = $('message');
  el.textContent = text;
  el.className = error ? 'error' : 'info';
  page.message = text;
  page.error = error;
}

function status(): void {
  page.tensors = tf.memory().numTensors;
  const what = page.preset === undefined ? 'no agent yet' : `${page.preset} on ${page.env}`;
  $('status').textContent = `${what} · backend ${page.backend ?? '?'} · ${page.phase} · ${page.frames} frames · ${page.episodes} episodes` +
    (page.returns.length > 0 ? ` · last return ${page.returns[page.returns.length - 1]!.toFixed(1)}` : '') +
    (page.play === undefined ? '' : ` · last test return ${page.play.return.toFixed(1)}`);
  buttons.pause.disabled = !(page.phase === 'training' || page.phase === 'paused');
  buttons.pause.textContent = page.phase === 'paused' ? 'Resume' : 'Pause';
  buttons.test.disabled = preset === undefined || page.phase === 'training' || page.phase === 'testing' || page.phase === 'playing';
  buttons.download.disabled = preset === undefined;
  buttons.train.disabled = page.phase === 'training' || page.phase === 'testing' || page.phase === 'playing' || page.phase === 'loading';
}

function fillPresets(): void {
  const kind = environmentSpec(envSelect.value).actionKind;
  const previous = presetSelect.value;
  presetSelect.replaceChildren(...PRESETS[kind].ids.map((id) => new Option(`${PRESETS[kind].family}/${id}`, `${PRESETS[kind].family}/${id}`)));
  if ([...presetSelect.options].some((o) => o.value === previous)) presetSelect.value = previous;
}

function seed(): number {
  const n = Number(($('seed') as HTMLInputElement).value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function replacePreset(next: Preset): void {
  session = undefined;
  endPlay();
  preset?.dispose();
  preset = next;
  page.preset = `${next.family}/${next.id}`;
  page.env = next.env.name;
}

/** Runs chunks of the current session until it ends, drawing after each; `onEnd` when done. */
function run(onEnd: (s: Stepper) => void): void {
  const s = session;
  if (s === undefined) return;
  const tick = (): void => {
    if (session !== s) return; // replaced
    if (paused) return;
    const started = performance.now();
    try {
      const stepsPerFrame = Number(($('speed') as HTMLSelectElement).value);
      const { finished, done } = s.advance(s.playing ? 20 : 30, s.playing ? stepsPerFrame : Infinity);
      page.returns.push(...(s.playing ? [] : finished));
      if (!s.playing) [page.frames, page.episodes] = [s.frames, s.episodes];
      drawFrame(screen, s.env.render('rgb_array'));
      if (finished.length > 0 && !s.playing) drawCurve(curve, page.returns);
      page.longestChunkMs = Math.max(page.longestChunkMs, performance.now() - started);
      if (done) {
        session = undefined;
        onEnd(s);
        status();
        return;
      }
    } catch (e) {
      console.error(e);
      if (s.playing) endPlay();
      session = undefined;
      page.phase = 'idle';
      say(`${(e as Error).name}: ${(e as Error).message}`, true);
      status();
      return;
    }
    status();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function train(): void {
  const [family, id] = presetSelect.value.split('/') as [string, string];
  const frames = Number(($('frames') as HTMLInputElement).value);
  if (!Number.isFinite(frames) || frames < 1) return say(`Frames must be a positive number; received "${($('frames') as HTMLInputElement).value}"`, true);
  let env: Environment;
  try {
    env = makeEnvironment(envSelect.value);
    replacePreset(browserPresetBuilder(family, id).env(env).seed(seed()).build());
  } catch (e) {
    return say(`${(e as Error).name}: ${(e as Error).message}`, true);
  }
  page.returns = [];
  page.play = undefined;
  paused = false;
  page.phase = 'training';
  say(`Training ${family}/${id} on ${env.name} for ${frames} frames`);
  const agent = preset!.agent({ trainSteps: frames });
  session = preset!.parallel
    ? new ParallelSession(env.duplicate(preset!.nEnvs), agent as ParallelAgent, seed(), frames)
    : new Session(env, agent as never, seed(), frames, false);
  drawCurve(curve, []);
  run(() => {
    page.phase = 'idle';
    say(`Trained ${page.preset} on ${page.env} for ${page.frames} frames (${page.episodes} episodes); press Test agent to watch it`);
  });
}

/** Plays one episode of the current preset's test agent (seeded from the Seed box) and records its actions. */
function play(phase: 'testing' | 'playing'): void {
  if (preset === undefined) return;
  if (session !== undefined && !session.playing) session = undefined; // a paused training run ends here
  const s = seed();
  paused = false;
  page.phase = phase;
  const played = playSession(preset, makeEnvironment(preset.env.name), s);
  endPlay();
  releasePlay = played.release;
  session = played.session;
  run(() => {
    endPlay();
    const done = played.session;
    page.play = { seed: s, actions: done.actions, return: done.currentReturn, frames: done.frames };
    page.phase = 'idle';
    say(`Test episode (seed ${s}): return ${done.currentReturn.toFixed(1)} in ${done.frames} steps`);
  });
}

/** Loads a preset (from uploaded files or a URL), shows it and plays one episode. */
async function loadAndPlay(load: () => Promise<Preset>): Promise<void> {
  try {
    const loaded = await load();
    if (!ENVIRONMENTS.includes(loaded.env.name)) {
      const name = loaded.env.name;
      loaded.dispose();
      return say(`The preset was trained on "${name}", which this page does not show; environments: ${ENVIRONMENTS.join(', ')}`, true);
    }
    replacePreset(loaded);
    envSelect.value = loaded.env.name;
    fillPresets();
    say(`Loaded ${page.preset} trained on ${page.env}; playing an episode`);
    play('playing');
  } catch (e) {
    say(`Could not load the preset: ${(e as Error).message}`, true);
  } finally {
    status();
  }
}

async function upload(list: FileList): Promise<void> {
  await loadAndPlay(async () => {
    const files = await readUploads(list);
    return loadPresetFiles(files, `the uploaded files (${Object.keys(files).join(', ')})`);
  });
}

async function main(): Promise<void> {
  envSelect.replaceChildren(...ENVIRONMENTS.map((id) => new Option(id, id)));
  envSelect.addEventListener('change', fillPresets);
  fillPresets();
  const params = new URLSearchParams(location.search);
  if (params.get('seed') !== null) ($('seed') as HTMLInputElement).value = params.get('seed')!;
  const wanted = params.get('backend') ?? 'wasm';
  backendSelect.value = (BROWSER_BACKENDS as readonly string[]).includes(wanted) ? wanted : 'wasm';
  backendSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', backendSelect.value);
    location.href = url.toString(); // a backend is chosen once per page
  });
  buttons.train.addEventListener('click', train);
  buttons.pause.addEventListener('click', () => {
    if (page.phase === 'training') {
      paused = true;
      page.phase = 'paused';
      say('Paused; press Resume to continue training, or Test agent');
    } else if (page.phase === 'paused' && session !== undefined) {
      paused = false;
      page.phase = 'training';
      say('Training');
      run(() => {
        page.phase = 'idle';
        say(`Trained ${page.preset} on ${page.env} for ${page.frames} frames (${page.episodes} episodes)`);
      });
    }
    status();
  });
  buttons.test.addEventListener('click', () => play('testing'));
  buttons.download.addEventListener('click', () => preset !== undefined && downloadFiles(preset.files()));
  $<HTMLInputElement>('upload').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.files !== null && input.files.length > 0) void upload(input.files).then(() => (input.value = ''));
  });
  drawCurve(curve, []);
  try {
    page.backend = await initBrowserBackend(backendSelect.value);
    page.phase = 'idle';
    page.ready = true;
    say(`Ready on the ${page.backend} backend: choose an environment and a preset, then press Train`);
    // ?preset=<url of a preset/ folder> loads a preset saved by Node (e.g. served by `web/serve.js --presets runs`)
    const presetUrl = new URLSearchParams(location.search).get('preset');
    if (presetUrl !== null) await loadAndPlay(() => loadPresetFromUrl(new URL(presetUrl, location.href).toString()));
  } catch (e) {
    say(`${(e as Error).name}: ${(e as Error).message}`, true);
  }
  status();
}

void main();
