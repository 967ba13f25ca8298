/**
 * The action type every layer shares: environments take it, agents return it, memory stores it.
 * It lives in lib/core (the bottom layer) so nothing in lib/ imports from environments/;
 * environments/environment.ts re-exports it, so `import { Action } from '.../environment'` keeps
 * working.
 */

/** An action: an integer for a Discrete space, a Float32Array (one value per dimension) for a Box space. */
export type Action = number | Float32Array;
