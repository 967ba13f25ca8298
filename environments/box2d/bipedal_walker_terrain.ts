/**
 * The BipedalWalker course: a pure function of the seeded generator that lays out the terrain
 * profile, the hardcore obstacles (stumps, stairs, pits) and the clouds. Ports the terrain and
 * cloud generators of gymnasium 0.29.1's bipedal_walker.py (`_generate_terrain`,
 * `_generate_clouds`), draw for draw in the same order, without creating any physics bodies (the
 * core turns the result into planck fixtures). Differences: the draws come from allts's `Random`.
 */
import type { Random } from '../../lib/core/random';

/** Terrain constants, as the module-level constants of gymnasium's bipedal_walker.py. */
export const WALKER_TERRAIN = {
  /** pixels per world unit */
  scale: 30.0,
  /** px */
  viewportW: 600,
  /** px */
  viewportH: 400,
  /** world units between terrain vertices (14 px) */
  step: 14 / 30,
  /** terrain vertices */
  length: 200,
  /** nominal ground height (world units) */
  height: 400 / 30 / 4,
  /** grass stretches last between grass / 2 and grass steps */
  grass: 10,
  /** flat steps at the start */
  startpad: 20,
} as const;

/** A convex obstacle polygon (world units), counter-clockwise or clockwise as gymnasium lists it. */
export type TerrainPolygon = [number, number][];

/** A cloud: its polygon and horizontal extent (world units). */
export interface Cloud {
  poly: [number, number][];
  x1: number;
  x2: number;
}

/** The generated course. */
export interface WalkerCourse {
  /** x of each terrain vertex (world units). */
  x: number[];
  /** Height of each terrain vertex (world units). */
  y: number[];
  /** Hardcore obstacles as solid polygons (empty for the normal course). */
  obstacles: TerrainPolygon[];
  clouds: Cloud[];
}

const GRASS = 0;
const STUMP = 1;
const STAIRS = 2;
const PIT = 3;
const STATES = 4;

/** numpy's `Generator.integers(low, high)`: a uniform integer in [low, high). */
function integers(rng: Random, low: number, high: number): number {
  return low + rng.int(high - low);
}

/**
 * Lays out the terrain (then the clouds) exactly as gymnasium's generator does, draw for draw.
 * @param rng the episode's generator
 * @param hardcore add stumps, stairs and pits between grass stretches
 */
export function generateWalkerCourse(rng: Random, hardcore: boolean): WalkerCourse {
  const { step: STEP, length: LENGTH, height: HEIGHT, grass: GRASS_STEPS, startpad: STARTPAD, scale: SCALE } = WALKER_TERRAIN;
  let state = GRASS;
  let velocity = 0.0;
  let y = HEIGHT;
  let counter: number = STARTPAD;
  let oneshot = false;
  const xs: number[] = [];
  const ys: number[] = [];
  const obstacles: TerrainPolygon[] = [];
  let stairSteps = 0;
  let stairWidth = 0;
  let stairHeight = 0;
  let originalY = 0;
  for (let i = 0; i < LENGTH; i++) {
    const x = i * STEP;
    xs.push(x);
    if (state === GRASS && !oneshot) {
      velocity = 0.8 * velocity + 0.01 * Math.sign(HEIGHT - y);
      if (i > STARTPAD) velocity += rng.uniform(-1, 1) / SCALE;
      y += velocity;
    } else if (state === PIT && oneshot) {
      counter = integers(rng, 3, 5);
      const poly: TerrainPolygon = [
        [x, y],
        [x + STEP, y],
        [x + STEP, y - 4 * STEP],
        [x, y - 4 * STEP],
      ];
      obstacles.push(poly);
      obstacles.push(poly.map(([px, py]) => [px + STEP * counter, py]));
      counter += 2;
      originalY = y;
    } else if (state === PIT && !oneshot) {
      y = originalY;
      if (counter > 1) y -= 4 * STEP;
    } else if (state === STUMP && oneshot) {
      counter = integers(rng, 1, 3);
      obstacles.push([
        [x, y],
        [x + counter * STEP, y],
        [x + counter * STEP, y + counter * STEP],
        [x, y + counter * STEP],
      ]);
    } else if (state === STAIRS && oneshot) {
      stairHeight = rng.random() > 0.5 ? 1 : -1;
      stairWidth = integers(rng, 4, 5);
      stairSteps = integers(rng, 3, 5);
      originalY = y;
      for (let s = 0; s < stairSteps; s++) {
        obstacles.push([
          [x + s * stairWidth * STEP, y + s * stairHeight * STEP],
          [x + (1 + s) * stairWidth * STEP, y + s * stairHeight * STEP],
          [x + (1 + s) * stairWidth * STEP, y + (-1 + s * stairHeight) * STEP],
          [x + s * stairWidth * STEP, y + (-1 + s * stairHeight) * STEP],
        ]);
      }
      counter = stairSteps * stairWidth;
    } else if (state === STAIRS && !oneshot) {
      const s = stairSteps * stairWidth - counter - stairHeight;
      const n = s / stairWidth;
      y = originalY + n * stairHeight * STEP;
    }
    oneshot = false;
    ys.push(y);
    counter -= 1;
    if (counter === 0) {
      counter = integers(rng, GRASS_STEPS / 2, GRASS_STEPS);
      if (state === GRASS && hardcore) {
        state = integers(rng, 1, STATES);
        oneshot = true;
      } else {
        state = GRASS;
        oneshot = true;
      }
    }
  }

  const clouds: Cloud[] = [];
  for (let i = 0; i < Math.floor(LENGTH / 20); i++) {
    const cx = rng.uniform(0, LENGTH) * STEP;
    const cy = ((WALKER_TERRAIN.viewportH / SCALE) * 3) / 4;
    const poly: [number, number][] = [];
    for (let a = 0; a < 5; a++) {
      const px = cx + 15 * STEP * Math.sin((3.14 * 2 * a) / 5) + rng.uniform(0, 5 * STEP);
      const py = cy + 5 * STEP * Math.cos((3.14 * 2 * a) / 5) + rng.uniform(0, 5 * STEP);
      poly.push([px, py]);
    }
    clouds.push({ poly, x1: Math.min(...poly.map((p) => p[0])), x2: Math.max(...poly.map((p) => p[0])) });
  }
  return { x: xs, y: ys, obstacles, clouds };
}
