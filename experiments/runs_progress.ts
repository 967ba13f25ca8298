/**
 * The progress of many runs at once: one bar per running run on a TTY, otherwise one combined line
 * every few seconds; a line as each run ends (its test mean, or its error).
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import { type RunOutcome, type RunSpec, runLabel } from './run_spec';

export interface RunsProgressOptions {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
  /** Seconds between combined lines when not a TTY. Default 10. */
  lineInterval?: number;
}

interface Running {
  frame: number;
  frames: number;
  returns100: number;
  bar?: SingleBar;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** One line about an ended run. */
export function outcomeLine(outcome: RunOutcome): string {
  const label = runLabel(outcome.spec);
  if (outcome.status === 'failed') return `FAILED ${label} after ${fmt(outcome.seconds, 0)} s: ${outcome.error ?? 'unknown error'}`;
  return `done ${label}: test mean ${fmt(mean(outcome.testReturns))}, train returns100 ${fmt(mean(outcome.trainingReturns.slice(-100)))} (${fmt(outcome.seconds, 0)} s) -> ${outcome.logdir}`;
}

export class RunsProgress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly running = new Map<RunSpec, Running>();
  private multibar: MultiBar | undefined;
  private ended = 0;
  private failed = 0;
  private lastLine = 0;

  constructor(private readonly total: number, private readonly options: RunsProgressOptions) {
    this.stream = options.stream ?? process.stdout;
    this.tty = this.stream.isTTY === true;
  }

  update(spec: RunSpec, info: { frame: number; frames: number; returns100: number }): void {
    if (this.options.quiet) return;
    let run = this.running.get(spec);
    if (run === undefined) {
      run = { frame: 0, frames: info.frames, returns100: NaN };
      this.running.set(spec, run);
    }
    Object.assign(run, { frame: Math.min(info.frame, info.frames), frames: info.frames, returns100: info.returns100 });
    if (this.tty) {
      this.multibar ??= new MultiBar({
        format: '{label} [{bar}] {percentage}% | frame {value}/{total} | returns100 {r100}',
        stream: this.stream,
        hideCursor: true,
        clearOnComplete: false,
      });
      run.bar ??= this.multibar.create(run.frames, 0, { label: runLabel(spec), r100: '-' });
      run.bar.update(run.frame, { r100: fmt(run.returns100) });
      return;
    }
    const now = performance.now();
    if (now - this.lastLine < (this.options.lineInterval ?? 10) * 1000) return;
    this.lastLine = now;
    const parts = [...this.running.entries()].map(
      ([s, r]) => `${runLabel(s)} ${((100 * r.frame) / Math.max(1, r.frames)).toFixed(0)}% r100 ${fmt(r.returns100)}`,
    );
    this.write(`runs ${this.ended}/${this.total} ended${this.failed > 0 ? ` (${this.failed} failed)` : ''} | ${parts.join(' | ')}`);
  }

  finish(spec: RunSpec, outcome: RunOutcome): void {
    this.ended++;
    if (outcome.status === 'failed') this.failed++;
    const run = this.running.get(spec);
    if (run?.bar !== undefined) this.multibar?.remove(run.bar);
    this.running.delete(spec);
    if (!this.options.quiet) this.write(outcomeLine(outcome));
  }

  stop(): void {
    this.multibar?.stop();
    this.multibar = undefined;
  }

  private write(line: string): void {
    if (this.multibar === undefined) {
      this.stream.write(`${line}\n`);
      return;
    }
    // MultiBar prints logged lines on its next redraw; force one, since no bar may update again
    this.multibar.log(`${line}\n`);
    this.multibar.update();
  }
}
