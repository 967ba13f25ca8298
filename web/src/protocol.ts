/**
 * The messages between the page (main.ts) and the engine that owns the agents (engine.ts), which
 * runs in a Web Worker (worker.ts) or, when no worker can start, on the page's own thread. Every
 * command carries `seq`, a number the page increases; the engine echoes the last one it handled,
 * so the page can tell a reply to its latest command from one that was already on its way.
 */

/** What the engine is doing. */
export type Phase = 'idle' | 'training' | 'paused' | 'testing' | 'playing';

/** An environment the page offers, with the preset family and presets that fit it. */
export interface CatalogueEntry {
  env: string;
  family: string;
  presets: string[];
}

/** One test or play episode: its seed, the actions taken, its return and its length. */
export interface PlayRecord {
  seed: number;
  actions: (number | number[])[];
  return: number;
  frames: number;
}

/** Commands from the page to the engine. */
export type ToEngine =
  | { type: 'init'; seq: number; backend: string; wasmPaths: string }
  | { type: 'train'; seq: number; env: string; family: string; id: string; frames: number; seed: number; stepsPerFrame: number }
  | { type: 'pause'; seq: number }
  | { type: 'resume'; seq: number }
  | { type: 'test'; seq: number; seed: number; stepsPerFrame: number }
  | { type: 'speed'; seq: number; stepsPerFrame: number }
  | { type: 'download'; seq: number }
  | { type: 'load'; seq: number; files: Record<string, Uint8Array>; source: string; seed: number; stepsPerFrame: number }
  | { type: 'loadUrl'; seq: number; url: string; seed: number; stepsPerFrame: number };

/** Reports from the engine to the page. */
export type FromEngine =
  | { type: 'ready'; seq: number; backend: string; catalogue: CatalogueEntry[] }
  /** The engine could not start (its backend failed): the page may fall back to another engine. */
  | { type: 'failed'; seq: number; reason: string }
  | {
      type: 'progress';
      seq: number;
      phase: Phase;
      /** The `seq` of the train command whose run these counts belong to. */
      run: number;
      preset?: string;
      env?: string;
      /** Training frames and episodes of that run so far. */
      frames: number;
      episodes: number;
      /** Returns of the training episodes that ended since the last progress report. */
      finished: number[];
      /** Tensors alive in the engine (tf.memory().numTensors). */
      tensors: number;
      /** Longest chunk of steps the engine ran without yielding, in milliseconds. */
      longestChunkMs: number;
    }
  /** An RGB frame of the environment (`render('rgb_array')`), at most about 30 a second. */
  | { type: 'frame'; width: number; height: number; data: Uint8Array }
  | { type: 'played'; seq: number; play: PlayRecord }
  | { type: 'message'; seq: number; text: string; error: boolean }
  | { type: 'files'; seq: number; files: Record<string, string | Uint8Array> };

/** Milliseconds between two frames the engine sends (about 30 frames a second). */
export const FRAME_INTERVAL_MS = 33;

/** A command before the page numbers it. */
export type Command = ToEngine extends infer T ? (T extends ToEngine ? Omit<T, 'seq'> : never) : never;
