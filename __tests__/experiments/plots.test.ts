/**
 * Returns plots: run discovery and directory-name parsing, the vega-lite spec, the built-in
 * stroke font, and a full PNG + SVG render from fabricated runs.
 *
 * The full render runs in a child Node process (plots_child.js): vega and vega-lite are ESM-only
 * and this jest setup (swc turning import() into require(), no --experimental-vm-modules) cannot
 * load them; everything that needs no vega runs in-process.
 */
import { execFileSync } from 'child_process';
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lib/core/errors';
import { loadRuns, parseRunName, plotReturns, splitAgentEnv } from '../../experiments/plots';
import { estimateTextWidth, svgToPng } from '../../experiments/plot/render';
import { FRAMES_TITLE, RETURNS_TITLE, returnsSpec } from '../../experiments/plot/returns_spec';
import { strokeTextWidth, textToPaths } from '../../experiments/plot/stroke_font';

const ALL_TIME = '2023-01-31_12:34:56_123456';

/** Writes a run directory: returns100.csv rows and, when given, run.json. */
function writeRun(logdir: string, name: string, rows: number[][], meta?: Record<string, unknown>): string {
  const dir = path.join(logdir, ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'returns100.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
  if (meta) writeFileSync(path.join(dir, 'run.json'), JSON.stringify(meta));
  return dir;
}

/** A rising curve: frame = 1000 k, mean = scale * k, std = 5 (max and min = mean +- 10). */
const curve = (scale: number, n = 6): number[][] =>
  Array.from({ length: n }, (_, i) => [1000 * (i + 1), scale * (i + 1), 5, scale * (i + 1) + 10, scale * (i + 1) - 10]);

/** Fabricates two agents on two envs with run.json, and one ALL-style run without it. */
function fabricate(logdir: string): void {
  writeRun(logdir, 'dqn_CartPole-v1_2024-05-01T10-00-00-000Z', curve(20), { agent: 'dqn', env: 'CartPole-v1', seed: 0 });
  writeRun(logdir, 'ppo_CartPole-v1_2024-05-01T10-00-00-000Z', curve(30), { agent: 'ppo', env: 'CartPole-v1', seed: 0 });
  writeRun(logdir, 'dqn_Acrobot-v1_2024-05-01T10-00-00-000Z', curve(-10), { agent: 'dqn', env: 'Acrobot-v1', seed: 0 });
  writeRun(logdir, 'ppo_Acrobot-v1_2024-05-01T10-00-00-000Z', curve(-8), { agent: 'ppo', env: 'Acrobot-v1', seed: 0 });
  writeRun(logdir, `vsarsa_my_env-v0_${ALL_TIME}`, curve(3));
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'allts-plots-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('parseRunName', () => {
  it.each([
    // ALL >= 0.9: <agent>_<env>_<%Y-%m-%d_%H:%M:%S_%f>
    [`dqn_CartPole-v1_${ALL_TIME}`, 'dqn', 'CartPole-v1'],
    // known agent wins over the versioned-id rule: env keeps its "_"
    [`vsarsa_my_env-v0_${ALL_TIME}`, 'vsarsa', 'my_env-v0'],
    // known env wins: agent keeps its "_"
    [`dqn_small_CartPole-v1_${ALL_TIME}`, 'dqn_small', 'CartPole-v1'],
    // unknown agent with "_", versioned env without "_"
    [`my_agent_Foo-v3_${ALL_TIME}`, 'my_agent', 'Foo-v3'],
    // PettingZoo-style id name_v6
    [`independent_pistonball_v6_${ALL_TIME}`, 'independent', 'pistonball_v6'],
    // ALL's atari names have no version: first "_" (ALL's own rule)
    [`dqn_Breakout_${ALL_TIME}`, 'dqn', 'Breakout'],
    // namespaced gymnasium id: ALL's makedirs nests a directory
    [`rainbow_ALE/Pong-v5_${ALL_TIME}`, 'rainbow', 'ALE/Pong-v5'],
    // ALL < 0.9: <agent>_<commit>_<time>/<env>, commit hash possibly empty
    [`a2c_1a2b3c4_${ALL_TIME}/Pendulum-v1`, 'a2c', 'Pendulum-v1'],
    [`c51__${ALL_TIME}/CartPole-v0`, 'c51', 'CartPole-v0'],
    // allts's portable timestamp (no ":", illegal on Windows), and ISO basic
    ['dqn_CartPole-v0_2026-12-04_01-27-46_230000', 'dqn', 'CartPole-v0'],
    ['vsarsa_my_env-v0_2026-12-04_01-27-46_230000', 'vsarsa', 'my_env-v0'],
    ['rainbow_ALE/Pong-v5_2026-12-04_01-27-46_230000', 'rainbow', 'ALE/Pong-v5'],
    ['dqn_CartPole-v0_20261204T012746', 'dqn', 'CartPole-v0'],
    // ISO-like timestamps and no timestamp at all
    ['ddqn_LunarLander-v3_2024-05-01T10-00-00-123Z', 'ddqn', 'LunarLander-v3'],
    ['sac_Pendulum-v1', 'sac', 'Pendulum-v1'],
  ])('%s -> %s / %s', (name, agent, env) => {
    expect(parseRunName(name)).toEqual({ agent, env });
  });

  it('documents the remaining ambiguity: unknown agent with "_" before an env with "_"', () => {
    expect(parseRunName(`my_agent_my_env-v0_${ALL_TIME}`)).toEqual({ agent: 'my_agent_my', env: 'env-v0' });
    // ... resolved when the agent is listed
    expect(parseRunName(`my_agent_my_env-v0_${ALL_TIME}`, { agents: ['my_agent'] })).toEqual({ agent: 'my_agent', env: 'my_env-v0' });
  });

  it('returns undefined for names that are not runs', () => {
    expect(parseRunName(ALL_TIME)).toBeUndefined();
    expect(parseRunName('2026-12-04_01-27-46_230000')).toBeUndefined();
    expect(parseRunName('plots')).toBeUndefined();
    expect(parseRunName('a/b')).toBeUndefined();
    expect(splitAgentEnv('_x')).toBeUndefined();
  });
});

describe('loadRuns', () => {
  it('reads run.json runs and an ALL-style run, sorted by env then agent', async () => {
    fabricate(tmp);
    writeRun(tmp, `a2c_1a2b3c4_${ALL_TIME}/Pendulum-v1`, [[500, -900, 40], [1000, -700, 30]]); // ALL < 0.9, 3 columns
    const runs = await loadRuns(tmp);
    expect(runs.map((r) => `${r.env}/${r.agent}/${r.source}`)).toEqual([
      'Acrobot-v1/dqn/run.json',
      'Acrobot-v1/ppo/run.json',
      'CartPole-v1/dqn/run.json',
      'CartPole-v1/ppo/run.json',
      'Pendulum-v1/a2c/directory name',
      'my_env-v0/vsarsa/directory name',
    ]);
    expect(runs.warnings).toEqual([]);
    const ppoCartPole = runs[3]!;
    expect(Array.from(ppoCartPole.frames)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    expect(Array.from(ppoCartPole.mean)).toEqual([30, 60, 90, 120, 150, 180]);
    expect(Array.from(ppoCartPole.max)).toEqual([40, 70, 100, 130, 160, 190]);
    expect(ppoCartPole.seed).toBe(0);
    const old = runs[4]!;
    expect(Array.from(old.std)).toEqual([40, 30]);
    expect(Number.isNaN(old.max[0])).toBe(true);
  });

  it('skips unreadable runs and torn rows with warnings', async () => {
    fabricate(tmp);
    writeRun(tmp, 'dqn_Acrobot-v1_broken', []); // empty csv
    const torn = writeRun(tmp, 'ppo_Pendulum-v1_2024-05-01T10-00-00-000Z', curve(1, 3));
    writeFileSync(path.join(torn, 'returns100.csv'), readFileSync(path.join(torn, 'returns100.csv'), 'utf8') + '4000,12.');
    writeFileSync(path.join(torn, 'run.json'), '{ not json');
    const runs = await loadRuns(tmp);
    expect(runs).toHaveLength(6);
    expect(runs.find((r) => r.env === 'Pendulum-v1')?.frames.length).toBe(3);
    expect(runs.warnings.join('\n')).toMatch(/dqn_Acrobot-v1_broken: skipped: .*no rows/);
    expect(runs.warnings.join('\n')).toMatch(/returns100\.csv:4: skipped row "4000,12\."/);
    expect(runs.warnings.join('\n')).toMatch(/run\.json: not valid JSON/);
  });

  it('throws ConfigError for an empty, missing or run-less logdir', async () => {
    const message = `no runs found under ${tmp}: expected directories containing returns100.csv; train with \`allts classic CartPole-v1 dqn\` first`;
    await expect(loadRuns(tmp)).rejects.toThrow(ConfigError);
    await expect(loadRuns(tmp)).rejects.toThrow(message);
    mkdirSync(path.join(tmp, 'not_a_run'));
    await expect(loadRuns(tmp)).rejects.toThrow(message);
    await expect(loadRuns(path.join(tmp, 'missing'))).rejects.toThrow(ConfigError);
    await expect(plotReturns({ logdir: tmp })).rejects.toThrow(message);
    expect(readdirSync(tmp)).toEqual(['not_a_run']); // nothing written
  });

  it('throws ConfigError naming the warnings when every run is unreadable', async () => {
    writeRun(tmp, 'dqn_CartPole-v1_x', [[Number.NaN]]);
    await expect(plotReturns({ logdir: tmp })).rejects.toThrow(/every run was unreadable:\n.*dqn_CartPole-v1_x/);
  });
});

describe('returnsSpec', () => {
  it('facets by env, colours by the sorted agent list, draws a band and a line per run', async () => {
    fabricate(tmp);
    writeRun(tmp, 'dqn_CartPole-v1_seed1', curve(21), { agent: 'dqn', env: 'CartPole-v1', seed: 1 });
    const runs = await loadRuns(tmp);
    const spec = returnsSpec(runs, { width: 200, height: 100 }) as unknown as {
      facet: { field: string; sort: string[] };
      data: { values: { run: string; lo: number; hi: number; mean: number }[] };
      spec: { width: number; height: number; layer: { mark: { type: string }; encoding: Record<string, { scale?: { domain: string[] }; title?: string; field?: string }> }[] };
    };
    expect(spec.facet.field).toBe('env');
    expect(spec.facet.sort).toEqual(['Acrobot-v1', 'CartPole-v1', 'my_env-v0']);
    expect([spec.spec.width, spec.spec.height]).toEqual([200, 100]);
    expect(spec.spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line']);
    for (const layer of spec.spec.layer) {
      expect(layer.encoding.color?.scale?.domain).toEqual(['dqn', 'ppo', 'vsarsa']);
      expect(layer.encoding.detail?.field).toBe('run'); // one line per run (seeds not averaged)
      expect(layer.encoding.x?.title).toBe(FRAMES_TITLE);
      expect(layer.encoding.y?.title).toBe(RETURNS_TITLE);
    }
    // 6 runs of 6 rows; the band is mean -+ std (std 5)
    expect(spec.data.values).toHaveLength(36);
    expect(new Set(spec.data.values.map((v) => v.run)).size).toBe(6);
    const first = spec.data.values[0]!;
    expect([first.lo, first.hi]).toEqual([first.mean - 5, first.mean + 5]);
  });
});

describe('built-in stroke font', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="white"/>' +
    '<text text-anchor="middle" transform="translate(60,28)" font-family="sans-serif" font-size="20px" fill="#000">A&amp;b1</text></svg>';

  it('replaces text by stroked paths at the same anchor', () => {
    const out = textToPaths(svg);
    expect(out).not.toContain('<text');
    expect(out).toContain('<g transform="translate(60,28)">');
    // 4 characters at 20px: (4 * 6 - 2) units * 20 / 9 = 48.89 px wide; centred, so it starts at -24.44
    expect(strokeTextWidth('A&b1', 20)).toBeCloseTo(48.89, 2);
    expect(out).toMatch(/d="M-24\.44 0L-24\.44 -8\.89/); // "A" starts at (0,6) -> (0,2): y = (6-6)u, (2-6)u with u = 20/9
  });

  it('draws dark pixels where the text is, with no font loaded', () => {
    const darkPixels = (source: string): number => {
      const pixels = new Resvg(source, { font: { loadSystemFonts: false }, logLevel: 'off' }).render().pixels;
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] as number) < 128) n++;
      return n;
    };
    expect(darkPixels(svg)).toBe(0); // without fonts resvg draws no text at all
    expect(darkPixels(textToPaths(svg))).toBeGreaterThan(50);
    const { png, width, height, builtinFont } = svgToPng(svg, { scale: 1, builtinFont: true });
    expect(builtinFont).toBe(true);
    expect([width, height]).toEqual([120, 40]);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('estimates proportional text widths', () => {
    // "il" = 2 * 0.3 em, "MW" = 2 * 0.9 em at 10 px
    expect(estimateTextWidth('il', 10)).toBeCloseTo(6);
    expect(estimateTextWidth('MW', 10)).toBeCloseTo(18);
  });
});

describe('plotReturns (child process)', () => {
  const child = path.join(__dirname, 'plots_child.js');
  const run = (options: object): Record<string, unknown> => {
    const stdout = execFileSync(process.execPath, [child, JSON.stringify(options)], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('writes a PNG and the SVG beside it, with panels, titles and a legend', () => {
    fabricate(tmp);
    const out = path.join(tmp, 'plots', 'curves.png');
    const result = run({ logdir: tmp, out, width: 300, height: 200 });
    expect(result).toEqual({ png: out, svg: path.join(tmp, 'plots', 'curves.svg'), runs: 5, warnings: expect.any(Array) });
    expect(readdirSync(path.join(tmp, 'plots')).sort()).toEqual(['curves.png', 'curves.svg']); // no temp files left

    const svg = readFileSync(path.join(tmp, 'plots', 'curves.svg'), 'utf8');
    for (const text of ['>dqn<', '>ppo<', '>vsarsa<', '>CartPole-v1<', '>Acrobot-v1<', '>my_env-v0<', `>${FRAMES_TITLE}<`, `>${RETURNS_TITLE}<`, '>agent<']) {
      expect(svg).toContain(text);
    }
    const svgWidth = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
    const svgHeight = Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)?.[1]);
    // three panels of 300 side by side plus axes and legend; one row of 200 plus title and axis
    expect(svgWidth).toBeGreaterThan(3 * 300);
    expect(svgHeight).toBeGreaterThan(200);
    expect(svgHeight).toBeLessThan(2 * 200);

    const png = readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    // default scale 2: the PNG is the SVG's size in device pixels
    expect(png.readUInt32BE(16)).toBe(Math.round(svgWidth * 2));
    expect(png.readUInt32BE(20)).toBe(Math.round(svgHeight * 2));
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('defaults to <logdir>/returns.png', () => {
    writeRun(tmp, `dqn_CartPole-v1_${ALL_TIME}`, curve(10));
    expect(run({ logdir: tmp })).toMatchObject({ png: path.join(tmp, 'returns.png'), svg: path.join(tmp, 'returns.svg'), runs: 1 });
    expect(readFileSync(path.join(tmp, 'returns.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
