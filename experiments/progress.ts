/**
 * Training progress on the console: a progress bar (frames, fps, latest returns100 mean, ETA)
 * when stdout is a TTY, plain periodic lines otherwise, nothing with --quiet.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressOptions {
  quiet: boolean;
  /** Allow the bar / lines at all (--no-progress turns them off in favour of episode lines). */
  enabled: boolean;
  /** Seconds between plain lines when not a TTY. Default 10. */
  lineInterval?: number;
  /** Stream; default process.stdout. */
  stream?: NodeJS.WriteStream;
}

export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  /** Frame and time of the first update: fps counts from there, so a resumed run shows this process's speed. */
  private anchor: { frame: number; time: number } | undefined;
  private lastLine = 0;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stdout;
    this.tty = this.stream.isTTY === true;
  }

  /** True when this display replaces the per-episode lines. */
  get active(): boolean {
    return !this.options.quiet && this.options.enabled;
  }

  update(info: { frame: number; episode: number; frames: number; returns: readonly number[] }): void {
    if (!this.active) return;
    const last = info.returns.slice(-100);
    const mean100 = last.length > 0 ? last.reduce((a, b) => a + b, 0) / last.length : NaN;
    const now = performance.now();
    this.anchor ??= { frame: info.frame, time: now };
    const seconds = (now - this.anchor.time) / 1000;
    const fps = seconds > 0 ? (info.frame - this.anchor.frame) / seconds : NaN;
    const fpsText = Number.isFinite(fps) ? String(Math.round(fps)) : '-';
    const frame = Math.min(info.frame, info.frames);
    if (this.tty) {
      if (this.bar === undefined) {
        this.bar = new SingleBar({
          format: 'training [{bar}] {percentage}% | frame {value}/{total} | {fps} fps | returns100 {mean} | episode {episode} | ETA {eta_formatted}',
          stream: this.stream,
          hideCursor: true,
          etaBuffer: 50,
        });
        this.bar.start(info.frames, 0, { fps: 0, mean: '-', episode: 0 });
      }
      this.bar.update(frame, { fps: fpsText, mean: Number.isNaN(mean100) ? '-' : mean100.toFixed(1), episode: info.episode - 1 });
      return;
    }
    const interval = (this.options.lineInterval ?? 10) * 1000;
    if (now - this.lastLine >= interval || frame >= info.frames) {
      this.lastLine = now;
      const eta = Number.isFinite(fps) && fps > 0 ? (info.frames - frame) / fps : NaN;
      this.stream.write(
        `frame ${frame}/${info.frames} (${((100 * frame) / info.frames).toFixed(0)}%), episode ${info.episode - 1}, ` +
          `${fpsText} fps, returns100 ${Number.isNaN(mean100) ? '-' : mean100.toFixed(1)}, ETA ${Number.isFinite(eta) ? Math.round(eta) + 's' : '-'}\n`,
      );
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
