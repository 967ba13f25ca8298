/** The metrics channel (Logger.addMetric, ALL's add_info): tags, verbosity, the DummyLogger. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExperimentLogger } from '../../lib/logging/experiment_logger';
import { DummyLogger, recordsDiagnostics } from '../../lib/logging/logger';
import { readEventFile } from '../../lib/logging/tensorboard/event_file_reader';

describe('addMetric', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-logger-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const scalars = (file: string) =>
    readEventFile(file)
      .filter((e) => e.summary !== undefined)
      .map((e) => [e.summary!.value[0]!.tag, e.summary!.value[0]!.simpleValue, Number(e.step)]);

  it('writes metrics/<name> at the current frame when verbose', async () => {
    let frame = 7;
    const logger = new ExperimentLogger({ logdir: root, agentName: 'ppo', envName: 'CartPole-v0', frame: () => frame });
    logger.addMetric('approx_kl', 0.25);
    frame = 9;
    logger.addMetric('entropy', 0.5);
    await logger.close();
    expect(recordsDiagnostics(logger)).toBe(true);
    expect(scalars(logger.eventFile)).toEqual([
      ['metrics/approx_kl', 0.25, 7],
      ['metrics/entropy', 0.5, 9],
    ]);
  });

  it('drops metrics when not verbose, like losses and schedules', async () => {
    const logger = new ExperimentLogger({ logdir: root, agentName: 'ppo', envName: 'CartPole-v0', verbose: false, frame: () => 1 });
    logger.addMetric('approx_kl', 0.25);
    logger.addLoss('v', 1);
    logger.addEval('returns', 3);
    await logger.close();
    expect(recordsDiagnostics(logger)).toBe(false);
    expect(scalars(logger.eventFile)).toEqual([['eval/returns', 3, 1]]);
  });

  it('the DummyLogger accepts metrics and says it records nothing', () => {
    const logger = new DummyLogger();
    expect(() => logger.addMetric('x', 1)).not.toThrow();
    expect(recordsDiagnostics(logger)).toBe(false);
  });
});
