/**
 * Test helper: gymnasium's hand-written LunarLander controller (`heuristic` in
 * gymnasium/envs/box2d/lunar_lander.py), re-expressed here to drive the lander in tests. In
 * gymnasium it lands and scores above the 200 reward threshold on most seeds.
 */

/** The action gymnasium's heuristic takes in observation `s` (a number for discrete, [main, lateral] for continuous). */
export function landerHeuristic(s: ArrayLike<number>, continuous: boolean): number | Float32Array {
  // aim the angle towards the centre, at most 0.4 rad; hover at a height proportional to |x|
  const angleTarget = Math.min(0.4, Math.max(-0.4, s[0]! * 0.5 + s[2]! * 1.0));
  const hoverTarget = 0.55 * Math.abs(s[0]!);
  let angleTodo = (angleTarget - s[4]!) * 0.5 - s[5]! * 1.0;
  let hoverTodo = (hoverTarget - s[1]!) * 0.5 - s[3]! * 0.5;
  if (s[6] || s[7]) {
    // after touchdown only slow the fall
    angleTodo = 0;
    hoverTodo = -s[3]! * 0.5;
  }
  if (continuous) {
    const clip = (v: number): number => Math.min(1, Math.max(-1, v));
    return Float32Array.of(clip(hoverTodo * 20 - 1), clip(-angleTodo * 20));
  }
  if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) return 2;
  if (angleTodo < -0.05) return 3;
  if (angleTodo > 0.05) return 1;
  return 0;
}
