/**
 * lib/ is the bottom of the package: nothing in it may import from the folders built on it
 * (environments/, presets/, experiments/, bench/). Shared types such as `Action` live in lib/core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Action as CoreAction } from '../../lib/core/action';
import type { RgbFrame as CoreRgbFrame } from '../../lib/core/rgb_frame';
import type { Action, RgbFrame } from '../../environments/environment';

// Users' imports from environments/environment keep working: the re-exports are the same types
// (checked by `npm run lint`, which type-checks the tests).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [Same<Action, CoreAction>, Same<RgbFrame, CoreRgbFrame>] = [true, true];
void sameTypes;

const root = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('layering', () => {
  it('no file under lib/ imports from environments/, presets/, experiments/ or bench/', () => {
    const files = sources(path.join(root, 'lib'));
    expect(files.length).toBeGreaterThan(50);
    const offending: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(file), m[1]!);
        const top = path.relative(root, target).split(path.sep)[0];
        if (m[1]!.startsWith('.') && ['environments', 'presets', 'experiments', 'bench'].includes(top!)) {
          offending.push(`${path.relative(root, file)} -> ${m[1]}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
