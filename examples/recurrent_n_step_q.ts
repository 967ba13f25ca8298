/**
 * A new algorithm from makeTrain by swapping one function (jaxneurorl's make_train style):
 * the recurrent Q-learner with R2D2's own targets, n-step (n = 5) double-Q returns with value
 * rescaling, instead of Peng's Q(lambda). Everything else (network, optimizer, actor, logger)
 * is the recurrent Q-learner's.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/examples/recurrent_n_step_q.js [frames] [seed]`
 * (trains on MemoryLength-bsuite with memory length 10, prints the test accuracy).
 */
import { makeEnvironment } from '../environments';
import { recurrentQLoss } from '../lib/agents/recurrent_q_loss';
import { RECURRENT_Q_TRAIN_DEFAULTS, makeTrain, recurrentQTrainParts, type RecurrentQTrainConfig } from '../lib/train/make_train';
import { initBackend } from '../lib/tf';

/** The recurrent Q-learner's parts with the loss swapped for n-step double-Q returns. */
export function nStepParts(n = 5) {
  return {
    ...recurrentQTrainParts(),
    makeLossFn: (c: RecurrentQTrainConfig) => (q: Parameters<typeof recurrentQLoss>[0], batch: Parameters<typeof recurrentQLoss>[1]) =>
      recurrentQLoss(q as never, batch, { discount: c.discount, lambda: 0, valueRescaling: true, priorityEta: c.priorityEta, nStep: n }),
  };
}

async function main(): Promise<void> {
  await initBackend();
  const frames = Number(process.argv[2] ?? 3000);
  const seed = Number(process.argv[3] ?? 0);
  const train = makeTrain(nStepParts(5));
  const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 10 });
  const results = train(env, { ...RECURRENT_Q_TRAIN_DEFAULTS, frames }, seed);
  const right = results.testReturns.filter((r) => r > 0).length;
  console.log(`recurrent n-step double-Q on MemoryLength-bsuite (memory 10), ${frames} frames, seed ${seed}: ` +
    `${right} of ${results.testReturns.length} test answers right, ${results.updates} updates`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
