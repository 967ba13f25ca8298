import { createFrame, drawLine, fill, fillCircle, fillPolygon, getPixel, rotatedRect } from '../../../environments/render/raster';
import { TextCanvas } from '../../../environments/render/text_canvas';

const RED = [255, 0, 0] as const;
const WHITE = [255, 255, 255] as const;

function count(frame: { data: Uint8Array }, color: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < frame.data.length; i += 3) {
    if (frame.data[i] === color[0] && frame.data[i + 1] === color[1] && frame.data[i + 2] === color[2]) n++;
  }
  return n;
}

describe('raster', () => {
  it('creates and fills frames', () => {
    const f = createFrame(4, 3, [1, 2, 3]);
    expect(f.data.length).toBe(36);
    expect(getPixel(f, 3, 2)).toEqual([1, 2, 3]);
    fill(f, RED);
    expect(count(f, RED)).toBe(12);
  });

  it('fills an axis-aligned square polygon exactly', () => {
    const f = createFrame(10, 10);
    fillPolygon(f, [[2, 2], [6, 2], [6, 5], [2, 5]], RED);
    // pixel centres x + 0.5 in [2, 6) and y + 0.5 in [2, 5): 4 x 3 pixels
    expect(count(f, RED)).toBe(12);
    expect(getPixel(f, 2, 2)).toEqual(RED);
    expect(getPixel(f, 5, 4)).toEqual(RED);
    expect(getPixel(f, 6, 4)).toEqual(WHITE);
  });

  it('fills a disc of about pi r^2 pixels and clips at the border', () => {
    const f = createFrame(50, 50);
    fillCircle(f, 25, 25, 10, RED);
    expect(Math.abs(count(f, RED) - Math.PI * 100)).toBeLessThan(12);
    fillCircle(f, 0, 0, 5, [0, 0, 255]); // partly outside: no throw, a quarter disc
    expect(Math.abs(count(f, [0, 0, 255]) - (Math.PI * 25) / 4)).toBeLessThan(5);
  });

  it('draws thin and thick lines', () => {
    const f = createFrame(20, 20);
    drawLine(f, 0, 10.5, 20, 10.5, RED); // horizontal through row 10 centres
    expect(count(f, RED)).toBeGreaterThanOrEqual(20);
    for (let x = 0; x < 20; x++) expect(getPixel(f, x, 10)).toEqual(RED);
    const g = createFrame(20, 20);
    drawLine(g, 10, 2, 10, 18, RED, 4); // vertical capsule of width 4
    expect(getPixel(g, 9, 10)).toEqual(RED);
    expect(getPixel(g, 11, 10)).toEqual(RED);
    expect(getPixel(g, 14, 10)).toEqual(WHITE);
    const diag = createFrame(20, 20);
    drawLine(diag, 0, 0, 20, 20, RED);
    for (let i = 0; i < 20; i++) expect(getPixel(diag, i, i)).toEqual(RED); // no gaps along the diagonal
  });

  it('rotates rectangles counter-clockwise on screen', () => {
    const corners = rotatedRect(0, 0, 2, 0, Math.PI / 2);
    // the right end (1, 0) turns to point up: y decreases on screen
    expect(corners[1]![0]).toBeCloseTo(0, 12);
    expect(corners[1]![1]).toBeCloseTo(-1, 12);
  });
});

describe('TextCanvas', () => {
  it('plots characters, lines and text, ignoring what falls outside', () => {
    const c = new TextCanvas(5, 3);
    c.line(0, 0, 4, 0, '-');
    c.text(1, 2, 'abcdef');
    c.set(9, 9, 'x');
    c.set(2, 1, '#');
    expect(c.toString()).toBe('-----\n  #\n abcd');
    expect(c.get(2, 1)).toBe('#');
    expect(c.get(7, 1)).toBeUndefined();
  });
});
