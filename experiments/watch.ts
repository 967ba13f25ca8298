/**
 * watch (ALL's all/experiments/watch.py): loads a saved preset, runs its test agent and shows the
 * environment: a live text drawing in the terminal, or an animated GIF with `gif`. Prints each
 * episode's return.
 */
import type { Agent } from '../lib/agents/agent';
import { ConfigError } from '../lib/core/errors';
import { writeGif } from '../lib/render/gif';
import type { Environment, RgbFrame } from '../environments/environment';
import { loadPreset } from '../presets/registry';

/** Options of watch. */
export interface WatchOptions {
  /** Episodes to run. Default 1. */
  episodes?: number;
  /** Frames per second of the live view and the GIF. Default 30 (0: as fast as possible). */
  fps?: number;
  /** Write an animated GIF of every frame here instead of drawing in the terminal. */
  gif?: string;
  /** Seed of the first reset. */
  seed?: number;
  /** Where the live view and lines go. Default process.stdout. */
  out?: NodeJS.WritableStream;
  /** No live drawing (only the returns), e.g. when output is not a terminal. */
  noRender?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the saved preset's test agent on `env`; returns the returns of each episode. */
export async function watch(env: Environment, presetDir: string, options: WatchOptions = {}): Promise<number[]> {
  const preset = await loadPreset(presetDir);
  if (preset.env.name !== env.name) {
    throw new ConfigError(`The preset in ${presetDir} was trained on ${preset.env.name}, not ${env.name}; watch it on ${preset.env.name}`);
  }
  const agent: Agent = preset.testAgent();
  const out = options.out ?? process.stdout;
  const fps = options.fps ?? 30;
  const frames: RgbFrame[] = [];
  const live = options.gif === undefined && !options.noRender;
  const show = async (): Promise<void> => {
    if (options.gif !== undefined) frames.push(env.render('rgb_array'));
    else if (live) {
      out.write(`\x1b[H\x1b[2J${env.render('text')}\n`);
      if (fps > 0) await sleep(1000 / fps);
    }
  };
  const returns: number[] = [];
  for (let episode = 0; episode < (options.episodes ?? 1); episode++) {
    let state = env.reset(episode === 0 && options.seed !== undefined ? { seed: options.seed } : {});
    let total = 0;
    let length = 0;
    await show();
    while (!state.done) {
      state = env.step(agent.act(state));
      total += state.reward;
      length += 1;
      await show();
    }
    returns.push(total);
    out.write(`episode: ${episode}, episode_length: ${length}, returns: ${total}\n`);
  }
  if (options.gif !== undefined) {
    await writeGif(options.gif, frames, { fps: fps > 0 ? fps : 30 });
    out.write(`wrote ${options.gif} (${frames.length} frames)\n`);
  }
  preset.dispose();
  return returns;
}
