/**
 * Every preset's spec table against a snapshot taken before the presets were assembled from
 * presets/specs.ts fragments and definePreset (fixtures/preset_specs.json, written once by running
 * the old code at commit d113e83; never regenerate it from the current code): same hyperparameter
 * names in the same order, same defaults (ALL's, per preset), docs, integer flags and bounds, same
 * descriptions and parallel flags. The only additions are the model-name hyperparameters and
 * `annealLr` (issue 10), listed here with their defaults. Two edits by hand, deliberately: classic
 * rainbow's Adam eps default 1.5e-4 -> 1e-8 and vqn's finalExplorationStep 10,000 -> 30,000 (issue 10;
 * figures in presets/classic_control/rainbow.ts and vqn.ts).
 */
import { FAMILIES } from '../../presets/registry';
import { modelNames } from '../../presets/models/registry';
import type { ParamSpec } from '../../presets/hyperparameters';
import fixture from './fixtures/preset_specs.json';

interface FixturePreset {
  description: string;
  parallel: boolean;
  specs: Array<{ name: string } & Record<string, unknown>>;
}

const SNAPSHOT = fixture as unknown as Record<string, Record<string, FixturePreset>>;

const ACTOR_CRITIC = { featureModel: 'fc_relu_features', valueModel: 'fc_value_head', policyModel: 'fc_policy_head' };

/** The model hyperparameters each preset gained, with the names of today's networks. */
const ADDED_MODELS: Record<string, Record<string, Record<string, string>>> = {
  classic: {
    dqn: { model: 'fc_relu_q' },
    ddqn: { model: 'dueling_fc_relu_q' },
    c51: { model: 'fc_relu_dist_q' },
    rainbow: { model: 'fc_relu_rainbow' },
    vqn: { model: 'dueling_fc_relu_q' },
    vsarsa: { model: 'dueling_fc_relu_q' },
    vac: ACTOR_CRITIC,
    vpg: ACTOR_CRITIC,
    a2c: ACTOR_CRITIC,
    ppo: ACTOR_CRITIC,
  },
  continuous: {
    ddpg: { qModel: 'fc_q', policyModel: 'fc_deterministic_policy' },
    sac: { qModel: 'fc_q', policyModel: 'fc_soft_policy' },
    td3: { qModel: 'fc_q', policyModel: 'fc_deterministic_policy' },
    ppo: { valueModel: 'fc_v', policyModel: 'fc_gaussian_policy' },
  },
};

/** Other hyperparameters added since the snapshot (issues 10 and 17), with their defaults. */
const ADDED_OTHER: Record<string, Record<string, Record<string, unknown>>> = {
  classic: {
    dqn: { annealLr: false },
    ddqn: { annealLr: true }, // changed from ALL: see presets/classic_control/ddqn.ts
    c51: { annealLr: false },
    rainbow: { annealLr: false },
    vac: { annealLr: false, valueSteps: 4 }, // valueSteps 4 (ALL: 1, one step): see presets/classic_control/vac.ts
    vpg: { annealLr: false, bootstrapTruncated: true, valueSteps: 30 }, // changed from ALL's behaviour: see presets/classic_control/vpg.ts
  },
  continuous: {
    // annealLr: ALL's cosine decay of the learning rates, now a switch (issue 17: the TD3 authors' code keeps them constant)
    ddpg: { annealLr: true, randomWarmUp: false }, // ALL's DDPG acts with policy + noise from the start
    sac: { annealLr: true },
    // randomWarmUp: option for the TD3 authors' uniform random start (lib/agents/loops/exploring_replay_agent.ts);
    // preActivationWeight: the actor's pre-tanh penalty (issue 17; see presets/continuous/td3.ts)
    td3: { annealLr: true, randomWarmUp: false, preActivationWeight: 0 },
  },
};

/** A spec as the fixture stores it: only the fields that are set. */
function row(name: string, spec: ParamSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { name, default: spec.default, doc: spec.doc };
  for (const key of ['integer', 'min', 'max', 'choices'] as const) if (spec[key] !== undefined) out[key] = spec[key];
  return out;
}

/** Families added after the snapshot (issues 11, 13, 17, 15, 16); their tables are tested in their own files. */
const NEW_FAMILIES = ['minatar', 'games', 'mujoco', 'functional', 'atari'];

/** Presets added to old families after the snapshot (issue 14), listed after the snapshot's; tested in their own files. */
const NEW_PRESETS: Record<string, string[]> = { classic: ['recurrent_q', 'parallel_recurrent_q'] };

describe('preset spec tables', () => {
  it('has the same families and presets, in the same order, as the snapshot (then the new families)', () => {
    expect(Object.keys(FAMILIES)).toEqual([...Object.keys(SNAPSHOT), ...NEW_FAMILIES]);
    for (const family of Object.keys(SNAPSHOT)) {
      expect(Object.keys(FAMILIES[family]!)).toEqual([...Object.keys(SNAPSHOT[family]!), ...(NEW_PRESETS[family] ?? [])]);
    }
  });

  for (const [family, presets] of Object.entries(SNAPSHOT)) {
    for (const [id, before] of Object.entries(presets)) {
      it(`${family}.${id}: same specs as before, plus its model names`, () => {
        const builder = FAMILIES[family]![id]!;
        expect(builder.id).toBe(id);
        expect(builder.family).toBe(family); // loadPreset finds the builder by this key
        expect(builder.description).toBe(before.description);
        expect(builder.parallel).toBe(before.parallel);

        const added = ADDED_MODELS[family]![id]!;
        const other = ADDED_OTHER[family]?.[id] ?? {};
        const entries = Object.entries(builder.specs as Record<string, ParamSpec>);
        const kept = entries.filter(([name]) => !(name in added) && !(name in other)).map(([name, spec]) => row(name, spec));
        expect(kept).toEqual(before.specs);
        expect(Object.fromEntries(entries.filter(([name]) => name in other).map(([name, spec]) => [name, spec.default]))).toEqual(other);

        const models = Object.fromEntries(entries.filter(([name]) => name in added).map(([name, spec]) => [name, spec.default]));
        expect(models).toEqual(added);
        for (const name of Object.keys(added)) {
          const spec = (builder.specs as Record<string, ParamSpec>)[name]!;
          expect(spec.model).toBeDefined();
          expect(modelNames(spec.model)).toContain(spec.default);
        }
      });
    }
  }
});
