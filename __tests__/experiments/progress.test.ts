import { ProgressDisplay } from '../../experiments/progress';

/** A non-TTY stream that keeps what is written. */
function captureStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => { lines.push(s); return true; } } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

function waitMs(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* busy wait: the display reads performance.now() */ }
}

describe('ProgressDisplay', () => {
  it('counts fps from the first update, so a resumed run shows its own speed', () => {
    const { stream, lines } = captureStream();
    const progress = new ProgressDisplay({ quiet: false, enabled: true, lineInterval: 0, stream });
    progress.update({ frame: 130_001, episode: 131, frames: 200_000, returns: [1000] });
    waitMs(50);
    progress.update({ frame: 131_001, episode: 132, frames: 200_000, returns: [1000, 1100] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/, - fps, .*ETA -/);
    const fps = Number(/, (\d+) fps,/.exec(lines[1] ?? '')?.[1]);
    // 1,000 frames in at least 50 ms: at most 20,000 fps (counting from frame 0 would give over 2.6 million).
    expect(fps).toBeGreaterThan(0);
    expect(fps).toBeLessThanOrEqual(20_000);
    expect(lines[1]).toContain('frame 131001/200000 (66%), episode 131');
    expect(lines[1]).toContain('returns100 1050.0');
  });

  it('prints nothing when quiet', () => {
    const { stream, lines } = captureStream();
    new ProgressDisplay({ quiet: true, enabled: true, lineInterval: 0, stream }).update({ frame: 10, episode: 2, frames: 100, returns: [1] });
    expect(lines).toHaveLength(0);
  });
});
