import { Random } from '../../../lib/core/random';
import { generateWalkerCourse, WALKER_TERRAIN } from '../../../environments/box2d/bipedal_walker_terrain';

const STEP = 14 / 30;
const HEIGHT = 400 / 30 / 4;

describe('generateWalkerCourse', () => {
  it('lays 200 vertices 14 px apart with a flat start pad at TERRAIN_HEIGHT', () => {
    const course = generateWalkerCourse(new Random(0), false);
    expect(course.x).toHaveLength(WALKER_TERRAIN.length);
    expect(course.y).toHaveLength(WALKER_TERRAIN.length);
    course.x.forEach((x, i) => expect(x).toBeCloseTo(i * STEP, 12));
    // velocity = 0.8 v + 0.01 sign(HEIGHT - y) stays 0 while y = HEIGHT, and the random kicks only
    // start at i > 20 (step 20 is the pad's one-shot step, which changes nothing): 0..20 are flat
    for (let i = 0; i <= 20; i++) expect(course.y[i]).toBe(HEIGHT);
    expect(course.y[21]).not.toBe(HEIGHT);
    expect(course.obstacles).toHaveLength(0);
  });

  it('keeps grass within a gentle band around TERRAIN_HEIGHT', () => {
    // each step adds at most 0.8 v + 0.01 + 1/30 and the sign term pulls back towards the middle
    for (const seed of [1, 2, 3]) {
      const { y } = generateWalkerCourse(new Random(seed), false);
      for (let i = 1; i < y.length; i++) expect(Math.abs(y[i]! - y[i - 1]!)).toBeLessThan(0.25);
      expect(Math.max(...y.map((v) => Math.abs(v - HEIGHT)))).toBeLessThan(3);
    }
  });

  it('is a function of the generator state', () => {
    const a = generateWalkerCourse(new Random(7), true);
    const b = generateWalkerCourse(new Random(7), true);
    expect(b).toEqual(a);
    expect(generateWalkerCourse(new Random(8), true).y).not.toEqual(a.y);
  });

  it('makes ten five-point clouds three quarters up the sky', () => {
    const { clouds } = generateWalkerCourse(new Random(4), false);
    expect(clouds).toHaveLength(10);
    const H = 400 / 30;
    for (const c of clouds) {
      expect(c.poly).toHaveLength(5);
      expect(c.x1).toBe(Math.min(...c.poly.map((p) => p[0])));
      expect(c.x2).toBe(Math.max(...c.poly.map((p) => p[0])));
      // y = 0.75 H + 5 STEP cos(.) + U(0, 5 STEP)
      for (const [, y] of c.poly) {
        expect(y).toBeGreaterThanOrEqual(0.75 * H - 5 * STEP);
        expect(y).toBeLessThan(0.75 * H + 10 * STEP);
      }
    }
  });

  it('hardcore courses hold stumps, stairs and pits as 4-corner polygons on the 14 px grid', () => {
    let stumps = 0;
    let pits = 0;
    let stairs = 0;
    for (let seed = 0; seed < 6; seed++) {
      const { obstacles } = generateWalkerCourse(new Random(seed), true);
      for (const poly of obstacles) {
        expect(poly).toHaveLength(4);
        const w = (poly[1]![0] - poly[0]![0]) / STEP;
        const h = (poly[2]![1] - poly[1]![1]) / STEP;
        expect(w).toBeCloseTo(Math.round(w), 9);
        if (h > 0) {
          stumps++; // a square of side 1 or 2 steps standing on the ground
          expect(h).toBeCloseTo(w, 9);
          expect([1, 2]).toContain(Math.round(w));
        } else if (Math.round(h) === -4) {
          pits++; // a pit wall: 1 step wide, 4 steps deep
          expect(Math.round(w)).toBe(1);
        } else {
          stairs++; // a stair: 4 steps wide, 1 step tall
          expect(Math.round(h)).toBe(-1);
          expect(Math.round(w)).toBe(4);
        }
      }
    }
    expect(stumps).toBeGreaterThan(0);
    expect(pits).toBeGreaterThan(0);
    expect(stairs).toBeGreaterThan(0);
  });
});
