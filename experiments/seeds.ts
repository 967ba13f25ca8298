/** Seed lists as users type them: `0-4` -> [0,1,2,3,4]; `0,3,7` -> [0,3,7]; `0-2,9` -> [0,1,2,9]. */
import { ConfigError } from '../lib/core/errors';

export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^(\d+)-(\d+)$/.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new ConfigError(`seeds: the range "${part}" runs backwards; write it low-high, e.g. ${to}-${from}`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\d+$/.test(part.trim())) seeds.push(Number(part));
    else throw new ConfigError(`seeds: "${part}" is not a seed or a range; expected e.g. 0-4 or 0,3,7`);
  }
  if (new Set(seeds).size !== seeds.length) throw new ConfigError(`seeds: "${text}" names a seed twice; each seed should run once`);
  return seeds;
}
