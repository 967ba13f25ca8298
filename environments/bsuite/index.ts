/**
 * bsuite tasks (Osband et al. 2020, https://openreview.net/forum?id=rygf-kSYwH), one registration
 * line each. `MemoryLength-bsuite` takes `memoryLength` and `numBits` options.
 */
import { ConfigError } from '../../lib/core/errors';
import { GymEnvironment } from '../gym_environment';
import { makeEnvironment, registerEnvironment } from '../registry';
import { MemoryLength } from './memory_length';

export { MemoryLength, type MemoryLengthOptions } from './memory_length';

registerEnvironment(
  'MemoryLength-bsuite',
  (options) => {
    const known = ['memoryLength', 'numBits'];
    for (const [key, value] of Object.entries(options)) {
      if (!known.includes(key)) throw new ConfigError(`Unknown option "${key}" for MemoryLength-bsuite; valid options: ${known.join(', ')}`);
      if (typeof value !== 'number') throw new ConfigError(`Option "${key}" of MemoryLength-bsuite must be a number; received ${String(value)}`);
    }
    const core = (): MemoryLength => new MemoryLength(options as { memoryLength?: number; numBits?: number });
    const length = core().memoryLength;
    return new GymEnvironment(core, {
      name: 'MemoryLength-bsuite',
      maxEpisodeSteps: length + 2, // the episode terminates after length + 1 actions; never truncated
      makeCopy: () => makeEnvironment('MemoryLength-bsuite', options),
    });
  },
  { family: 'bsuite', maxEpisodeSteps: 11, actionKind: 'discrete', description: 'Report a context bit seen memoryLength steps ago (bsuite memory_len)' },
);
