/**
 * The engine of the demo page: it owns the backend, the preset, its agents and environments, and
 * runs training and test episodes in chunks of steps (session.ts), reporting through messages
 * (protocol.ts). worker.ts runs it in a Web Worker, so training never blocks the page; when no
 * worker can start, main.ts runs the same engine on the page's thread, a chunk per animation frame.
 */
import {
  browserPresetBuilder, environmentSpec, initBrowserBackend, listEnvironments, loadPresetFiles, loadPresetFromUrl, makeEnvironment, tf,
  type Environment, type ParallelAgent, type Preset,
} from '../../browser';
import { FRAME_INTERVAL_MS, type CatalogueEntry, type FromEngine, type Phase, type ToEngine } from './protocol';
import { ParallelSession, playSession, Session, TensorOwner, type Stepper } from './session';

/** Where the engine runs: how it reports, and how it yields between chunks. */
export interface EngineHost {
  post(message: FromEngine, transfer?: Transferable[]): void;
  /** Calls `fn` after `delayMs` (0: as soon as pending messages and input were handled). */
  later(fn: () => void, delayMs: number): void;
}

/** The classic-control and Box2D environments offered (all render); the MinAtar games follow. */
const CLASSIC_ENVIRONMENTS = ['CartPole-v1', 'CartPole-v0', 'Acrobot-v1', 'MountainCar-v0', 'Pendulum-v1', 'MountainCarContinuous-v0', 'LunarLander-v2'];
/** Presets per family, in the order the page lists them. */
const FAMILY_PRESETS: Record<string, string[]> = {
  classic: ['dqn', 'ddqn', 'c51', 'rainbow', 'vpg', 'a2c', 'ppo', 'vac', 'vqn', 'vsarsa'],
  continuous: ['sac', 'td3', 'ddpg', 'ppo'],
  minatar: ['dqn', 'ddqn', 'c51', 'rainbow', 'vpg', 'a2c', 'ppo', 'vac', 'vqn', 'vsarsa', 'recurrent_q'],
};

/** The environments the page offers, each with the family and presets that fit it. */
export function catalogue(): CatalogueEntry[] {
  const minatar = listEnvironments().filter((id) => id.startsWith('MinAtar/'));
  return [...CLASSIC_ENVIRONMENTS, ...minatar].map((env) => {
    const spec = environmentSpec(env);
    const family = spec.family === 'minatar' ? 'minatar' : spec.actionKind === 'box' ? 'continuous' : 'classic';
    return { env, family, presets: FAMILY_PRESETS[family]! };
  });
}

const explain = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Chunk budgets in milliseconds: training, and playing at the fastest speed. */
const TRAIN_CHUNK_MS = 30;
const PLAY_CHUNK_MS = 20;

/**
 * Owns the page's preset, agents and environments and runs them on commands (`handle`), reporting
 * through its host: progress after every chunk, frames at most every FRAME_INTERVAL_MS, messages,
 * test episodes and preset files. A replaced preset is disposed with the tensors its agents kept.
 */
export class Engine {
  private preset: Preset | undefined;
  private session: Stepper | undefined;
  private phase: Phase = 'idle';
  /** The last command's seq, echoed in reports. */
  private seq = 0;
  /** The seq of the train command of the current (or last) training run. */
  private run = 0;
  private trainFrames = 0;
  private trainEpisodes = 0;
  private finished: number[] = [];
  private longestChunkMs = 0;
  private lastFrame = -Infinity;
  private stepsPerFrame = 4;
  /** Increases whenever a loop starts, so a loop that was superseded stops. */
  private loopId = 0;
  /** The tensors of the play in progress (its test agent), if any. */
  private playOwner: TensorOwner | undefined;
  /** The tensors the training agent of the current preset made, if it was trained here. */
  private trainOwner: TensorOwner | undefined;
  private names: { preset?: string; env?: string } = {};
  private offered = new Set<string>();

  constructor(private readonly host: EngineHost) {}

  /** Handles one command from the page. */
  async handle(m: ToEngine): Promise<void> {
    this.seq = m.seq;
    try {
      switch (m.type) {
        case 'init':
          return await this.init(m.backend, m.wasmPaths);
        case 'train':
          this.stepsPerFrame = m.stepsPerFrame;
          return this.train(m.env, m.family, m.id, m.frames, m.seed);
        case 'pause':
          if (this.phase === 'training') {
            this.phase = 'paused';
            this.loopId += 1;
            this.say('Paused; press Resume to continue training, or Test agent');
          }
          return this.progress();
        case 'resume':
          if (this.phase === 'paused' && this.session !== undefined) {
            this.phase = 'training';
            this.say('Training');
            this.loop(this.session, () => this.trained(), this.trainOwner);
          }
          return this.progress();
        case 'test':
          this.stepsPerFrame = m.stepsPerFrame;
          return this.play('testing', m.seed);
        case 'speed':
          this.stepsPerFrame = m.stepsPerFrame;
          return;
        case 'download':
          if (this.preset === undefined) return this.say('No preset to download yet: train one or load one first', true);
          return this.host.post({ type: 'files', seq: m.seq, files: this.preset.files() });
        case 'load':
          this.stepsPerFrame = m.stepsPerFrame;
          return this.loadAndPlay(async () => loadPresetFiles(m.files, m.source), m.seed);
        case 'loadUrl':
          this.stepsPerFrame = m.stepsPerFrame;
          return await this.loadAndPlay(() => loadPresetFromUrl(m.url), m.seed);
      }
    } catch (e) {
      console.error(e);
      this.stop();
      this.say(explain(e), true);
      this.progress();
    }
  }

  private async init(backend: string, wasmPaths: string): Promise<void> {
    let name: string;
    try {
      name = await initBrowserBackend(backend, { wasmPaths });
    } catch (e) {
      return this.host.post({ type: 'failed', seq: this.seq, reason: explain(e) });
    }
    const entries = catalogue();
    this.offered = new Set(entries.map((e) => e.env));
    this.host.post({ type: 'ready', seq: this.seq, backend: name, catalogue: entries });
  }

  private say(text: string, error = false): void {
    this.host.post({ type: 'message', seq: this.seq, text, error });
  }

  /** Reports the phase, the training counts, the returns that ended since the last report and the tensors alive. */
  private progress(): void {
    this.host.post({
      type: 'progress', seq: this.seq, phase: this.phase, run: this.run, ...this.names, frames: this.trainFrames, episodes: this.trainEpisodes,
      finished: this.finished, tensors: tf.memory().numTensors, longestChunkMs: this.longestChunkMs,
    });
    this.finished = [];
  }

  /** Sends the environment's frame when one is due (or `force`d), as a transferred copy of its pixels. */
  private frame(env: Environment, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastFrame < FRAME_INTERVAL_MS) return;
    this.lastFrame = now;
    const f = env.render('rgb_array');
    const data = f.data.slice();
    this.host.post({ type: 'frame', width: f.width, height: f.height, data }, [data.buffer]);
  }

  /** Ends any session (a paused training run cannot resume after this) and frees a test agent. */
  private stop(): void {
    this.loopId += 1;
    this.session = undefined;
    this.endPlay();
    this.phase = 'idle';
  }

  private endPlay(): void {
    this.playOwner?.release();
    this.playOwner = undefined;
  }

  /** Makes `next` the current preset, freeing the previous one with its training agent's tensors. */
  private replacePreset(next: Preset, trainOwner?: TensorOwner): void {
    this.stop();
    this.preset?.dispose();
    this.trainOwner?.release();
    this.trainOwner = trainOwner;
    this.preset = next;
    this.names = { preset: `${next.family}/${next.id}`, env: next.env.name };
  }

  private train(envId: string, family: string, id: string, frames: number, seed: number): void {
    if (!Number.isFinite(frames) || frames < 1) return this.say(`Frames must be a positive number; received ${frames}`, true);
    const env = makeEnvironment(envId);
    const owner = new TensorOwner();
    const next = owner.run(() => browserPresetBuilder(family, id).env(env).seed(seed).build());
    this.replacePreset(next, owner);
    this.run = this.seq;
    [this.trainFrames, this.trainEpisodes, this.finished, this.longestChunkMs] = [0, 0, [], 0];
    const agent = owner.run(() => next.agent({ trainSteps: frames }));
    this.session = next.parallel
      ? new ParallelSession(env.duplicate(next.nEnvs), agent as ParallelAgent, seed, frames)
      : new Session(env, agent as never, seed, frames, false);
    this.phase = 'training';
    this.say(`Training ${family}/${id} on ${env.name} for ${frames} frames`);
    this.progress();
    this.loop(this.session, () => this.trained(), owner);
  }

  private trained(): void {
    this.phase = 'idle';
    this.say(`Trained ${this.names.preset} on ${this.names.env} for ${this.trainFrames} frames (${this.trainEpisodes} episodes); press Test agent to watch it`);
  }

  /**
   * Runs chunks of `s` until it ends or another loop starts, reporting after each chunk. Training
   * chunks run for TRAIN_CHUNK_MS; playing runs `stepsPerFrame` steps a frame, or chunks of
   * PLAY_CHUNK_MS at the fastest speed (1000).
   */
  private loop(s: Stepper, onEnd: () => void, owner: TensorOwner | undefined): void {
    const id = ++this.loopId;
    this.session = s;
    const tick = (): void => {
      if (id !== this.loopId) return;
      const fastest = !s.playing || this.stepsPerFrame >= 1000;
      const started = performance.now();
      try {
        const budget = s.playing ? PLAY_CHUNK_MS : TRAIN_CHUNK_MS;
        const steps = fastest ? Infinity : this.stepsPerFrame;
        const { finished, done } = owner === undefined ? s.advance(budget, steps) : owner.run(() => s.advance(budget, steps));
        this.longestChunkMs = Math.max(this.longestChunkMs, performance.now() - started);
        if (!s.playing) {
          this.finished.push(...finished);
          [this.trainFrames, this.trainEpisodes] = [s.frames, s.episodes];
        }
        this.frame(s.env, done || !fastest);
        if (done) {
          if (this.session === s) this.session = undefined;
          onEnd();
          this.progress();
          return;
        }
      } catch (e) {
        console.error(e);
        this.stop();
        this.say(explain(e), true);
        this.progress();
        return;
      }
      this.progress();
      this.host.later(tick, fastest ? 0 : FRAME_INTERVAL_MS);
    };
    this.host.later(tick, 0);
  }

  /** Plays one episode of the preset's test agent from `seed`, recording its actions. */
  private play(phase: 'testing' | 'playing', seed: number): void {
    if (this.preset === undefined) return this.say('No agent yet: train one or load a preset first', true);
    this.stop(); // a paused training run ends here
    const env = makeEnvironment(this.preset.env.name);
    const played = playSession(this.preset, env, seed);
    this.playOwner = played.owner;
    this.phase = phase;
    this.progress();
    this.loop(played.session, () => {
      this.endPlay();
      const done = played.session;
      this.phase = 'idle';
      this.host.post({ type: 'played', seq: this.seq, play: { seed, actions: done.actions, return: done.currentReturn, frames: done.frames } });
      this.say(`Test episode (seed ${seed}): return ${done.currentReturn.toFixed(1)} in ${done.frames} steps`);
    }, played.owner);
  }

  /** Loads a preset, makes it the current one and plays an episode with it. */
  private async loadAndPlay(load: () => Promise<Preset>, seed: number): Promise<void> {
    let loaded: Preset;
    try {
      loaded = await load();
    } catch (e) {
      this.say(`Could not load the preset: ${(e as Error).message}`, true);
      return this.progress();
    }
    if (!this.offered.has(loaded.env.name)) {
      const name = loaded.env.name;
      loaded.dispose();
      this.say(`The preset was trained on "${name}", which this page does not show; environments: ${[...this.offered].join(', ')}`, true);
      return this.progress();
    }
    this.replacePreset(loaded);
    this.say(`Loaded ${this.names.preset} trained on ${this.names.env}; playing an episode`);
    this.play('playing', seed);
  }
}
