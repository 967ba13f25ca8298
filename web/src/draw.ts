/** Drawing on the page's canvases: an environment's RGB frame, and the returns curve. */

/** An RGB image, row by row, 3 bytes a pixel (what `render('rgb_array')` returns). */
export interface Frame {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Draws an RGB frame scaled to fit the canvas, keeping its aspect ratio: smoothly for drawings
 * (classic control, Box2D), with sharp pixels for small grid images (MinAtar's 160x160 frames).
 */
export function drawFrame(canvas: HTMLCanvasElement, frame: Frame): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const image = new ImageData(frame.width, frame.height);
  for (let i = 0, j = 0; i < frame.width * frame.height; i++, j += 3) {
    image.data[i * 4] = frame.data[j]!;
    image.data[i * 4 + 1] = frame.data[j + 1]!;
    image.data[i * 4 + 2] = frame.data[j + 2]!;
    image.data[i * 4 + 3] = 255;
  }
  const scratch = document.createElement('canvas');
  scratch.width = frame.width;
  scratch.height = frame.height;
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  const scale = Math.min(canvas.width / frame.width, canvas.height / frame.height);
  const w = frame.width * scale;
  const h = frame.height * scale;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = Math.max(frame.width, frame.height) > 200;
  ctx.drawImage(scratch, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
}

/** The mean of the last `window` values at each index. */
export function movingMean(values: readonly number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

/** Draws returns per episode as dots and their moving mean as a line, with labelled axes. */
export function drawCurve(canvas: HTMLCanvasElement, returns: readonly number[], window = 20): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const pad = { left: 56, right: 12, top: 12, bottom: 36 };
  const w = canvas.width - pad.left - pad.right;
  const h = canvas.height - pad.top - pad.bottom;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(pad.left, pad.top, w, h);
  ctx.fillStyle = '#444';
  ctx.font = '12px sans-serif';
  if (returns.length === 0) {
    ctx.fillText('no episodes yet', pad.left + 10, pad.top + 20);
    return;
  }
  let lo = Math.min(...returns);
  let hi = Math.max(...returns);
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  const n = Math.max(returns.length - 1, 1);
  const x = (i: number): number => pad.left + (i / n) * w;
  const y = (v: number): number => pad.top + (1 - (v - lo) / (hi - lo)) * h;
  for (const v of [lo, (lo + hi) / 2, hi]) ctx.fillText(v.toFixed(0), 4, y(v) + 4);
  ctx.fillText('episode', pad.left + w / 2 - 20, canvas.height - 8);
  ctx.fillText(String(returns.length), pad.left + w - 20, canvas.height - 20);
  ctx.fillStyle = 'rgba(70, 110, 200, 0.5)';
  returns.forEach((v, i) => ctx.fillRect(x(i) - 1.5, y(v) - 1.5, 3, 3));
  ctx.strokeStyle = '#c0392b';
  ctx.lineWidth = 2;
  ctx.beginPath();
  movingMean(returns, window).forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  ctx.stroke();
  ctx.lineWidth = 1;
}
