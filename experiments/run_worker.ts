/**
 * The worker process of runInParallel: receives one RunSpec over IPC, runs it, and sends back
 * progress (at most a few times a second) and the outcome. It exits when its parent goes away,
 * so a killed parent leaves no orphan training on.
 */
import { type RunSpec, runSpec } from './run_spec';

/** Messages from a worker to its parent. */
export type WorkerMessage =
  | { type: 'progress'; frame: number; frames: number; episode: number; returns100: number }
  | { type: 'done'; logdir: string; trainingReturns: number[]; testReturns: number[]; seconds: number }
  | { type: 'failed'; error: string };

const PROGRESS_INTERVAL_MS = 500;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/** The parent at start; training is synchronous, so the 'disconnect' event cannot fire mid-run. */
const parent = process.ppid;

async function work(spec: RunSpec): Promise<void> {
  let last = 0;
  try {
    const outcome = await runSpec(spec, (info) => {
      // after every episode: a parent that died (SIGKILL, no chance to kill us) leaves us re-parented
      if (process.ppid !== parent) process.exit(0);
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS && info.frame < info.frames) return;
      last = now;
      const window = info.returns.slice(-100);
      const returns100 = window.length === 0 ? NaN : window.reduce((a, b) => a + b, 0) / window.length;
      void send({ type: 'progress', frame: info.frame, frames: info.frames, episode: info.episode, returns100 });
    });
    await send({ type: 'done', logdir: outcome.logdir, trainingReturns: outcome.trainingReturns, testReturns: outcome.testReturns, seconds: outcome.seconds });
  } catch (e) {
    await send({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
  }
  process.disconnect?.();
}

if (require.main === module) {
  process.on('disconnect', () => process.exit(0));
  process.once('message', (spec: RunSpec) => {
    void work(spec);
  });
}
