/**
 * Checkpointers save an approximation's weights as training goes (ALL's checkpointer module).
 * Files are written atomically in allts's weights format (lib/nn/weights_file.ts).
 */
import { ConfigError } from '../core/errors';
import { serializeWeights } from '../nn/weights';
import { saveWeightsFile } from '../nn/weights_file';
import type { Variable } from '../tf';

/** Called once after every update. */
export interface Checkpointer {
  init(variables: () => readonly Variable[], file: string): void;
  step(): void;
}

/** Saves nothing. */
export class DummyCheckpointer implements Checkpointer {
  init(): void {}
  step(): void {}
}

/** Saves every `frequency` updates (ALL's default: 200). */
export class PeriodicCheckpointer implements Checkpointer {
  private updates = 0;
  private variables: (() => readonly Variable[]) | undefined;
  private file: string | undefined;

  constructor(readonly frequency = 200) {
    if (!Number.isInteger(frequency) || frequency < 1) {
      throw new ConfigError(`PeriodicCheckpointer needs a positive integer frequency; received ${frequency}`);
    }
  }
  init(variables: () => readonly Variable[], file: string): void {
    this.variables = variables;
    this.file = file;
  }
  step(): void {
    this.updates += 1;
    if (this.updates % this.frequency === 0 && this.variables && this.file) {
      saveWeightsFile(this.file, serializeWeights(this.variables()), { updates: this.updates });
    }
  }
}
