"""Regenerates lib/functional/README.md: the map from every name rlax/__init__.py imports to allts.

Usage: python3 scripts/rlax/readme_map.py <path to rlax/__init__.py>
(e.g. from a checkout of github.com/google-deepmind/rlax, or the installed package's
site-packages/rlax/__init__.py). Edit the status table below when a function lands; the script
fails if rlax exports a name the table does not account for.
"""
import collections
import os
import re
import sys

src = open(sys.argv[1]).read()
ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
imports = re.findall(r'^from rlax\._src\.(\w+) import (\w+)', src, re.M)
exported = set(re.findall(r'^\s+"(\w+)",', src, re.M))
def camel(n):
    if n.isupper() or n[0].isupper(): return n
    p = n.split('_'); return p[0] + ''.join(x[:1].upper() + x[1:] for x in p[1:])
D = {}
def done(f, *names): 
    for n in names: D[n] = ('done', f)
def alias(n, ours, f): D[n] = ('done', f, ours)
def nyet(*names):
    for n in names: D[n] = ('not yet',)
def left(reason, *names):
    for n in names: D[n] = ('left out', reason)
done('base.ts', 'batched_index')
left('a cross-device sum over a JAX `pmap` axis name; tfjs has no device axes', 'AllSum')
left('left-aligned broadcasting helper; use `tf.reshape` / `tf.expandDims` then broadcast', 'lhs_broadcast')
left('`tf.oneHot` (cast the result: the wasm OneHot kernel ignores a float dtype, see base.ts)', 'one_hot')
left('`tf.where(mask, replacement, data)` does it', 'replace_masked')
done('losses.ts', 'huber_loss', 'l2_loss'); done('clip_gradient.ts', 'clip_gradient')
done('distributions.ts', 'categorical_cross_entropy')
alias('categorical_kl_divergence', 'klDivergence', 'distributions.ts')
alias('gaussian_diagonal', '`gaussianLogProb`, `gaussianEntropy`, `gaussianSample` (functions, not a distribution object)', 'distributions.ts')
alias('squashed_gaussian', '`squashedGaussianLogProb`, `squashedGaussianSample`, `squashAction`, `deterministicAction` (functions of the activated mean and log-std; log-probability with the tanh and rescaling Jacobians, equal to rlax 0.1.9\'s distrax-based one; the slips reported in rlax issues #11 (the sign of the Jacobian term) and #54 were in its older hand-written version)', 'distributions.ts')
alias('softmax', '`softmaxLogProb`, `softmaxEntropy` (functions, not a distribution object)', 'distributions.ts')
done('distributions_extra.ts', 'categorical_importance_sampling_ratios', 'categorical_sample', 'multivariate_normal_kl_divergence')
alias('clipped_entropy_softmax', '`clippedEntropySoftmax` (its clipped entropy; probabilities, log-probabilities and KL via `softmaxLogProb`, `klDivergence`)', 'distributions_extra.ts')
alias('epsilon_greedy', '`epsilonGreedyProbs`, `epsilonGreedyLogProb`, `epsilonGreedyEntropy`, `categoricalSample` (functions, not a distribution object)', 'distributions_extra.ts')
alias('greedy', '`greedyProbs` (ties share the mass)', 'distributions_extra.ts')
done('exploration.ts', 'add_dirichlet_noise', 'add_gaussian_noise', 'add_ornstein_uhlenbeck_noise')
done('episodic_memory.ts', 'knn_query', 'episodic_memory_intrinsic_rewards')
done('auxiliary.ts', 'embed_oar', 'feature_control_rewards', 'pixel_control_rewards', 'fix_step_type_on_interruptions', 'pixel_control_loss', 'extract_subsequences', 'sample_start_indices')
done('updates.ts', 'create_ema', 'EmaMoments', 'EmaState')
done('losses_extra.ts', 'expectile_loss', 'likelihood', 'log_loss')
done('mpo_ops.ts', 'compute_parametric_kl_penalty_and_dual_loss', 'LagrangePenalty', 'mpo_compute_weights_and_temperature_loss', 'vmpo_compute_weights_and_temperature_loss')
done('mpo.ts', 'mpo_loss', 'vmpo_loss')
done('multistep.ts', 'discounted_returns', 'lambda_returns', 'n_step_bootstrapped_returns', 'truncated_generalized_advantage_estimation')
done('retrace.ts', 'general_off_policy_returns_from_action_values', 'general_off_policy_returns_from_q_and_v', 'retrace', 'retrace_continuous')
done('updates.ts', 'conditional_update', 'periodic_update')
done('nonlinear_bellman.ts', 'compose_tx', 'DISCOUNT_TRANSFORM_PAIR', 'HYPERBOLIC_SIN_PAIR', 'IDENTITY_PAIR', 'SIGNED_LOGP1_PAIR', 'transformed_general_off_policy_returns_from_action_values', 'transformed_lambda_returns', 'transformed_n_step_q_learning', 'transformed_n_step_returns', 'transformed_q_lambda', 'transformed_retrace', 'TxPair')
done('nonlinear_bellman.ts', 'muzero_pair', 'twohot_pair', 'unbiased_transform_pair')
D['SIGNED_HYPERBOLIC_PAIR'] = ('done', 'nonlinear_bellman.ts, over transforms.ts', 'SIGNED_HYPERBOLIC_PAIR')
done('policy_gradients.ts', 'clipped_surrogate_pg_loss', 'entropy_loss', 'policy_gradient_loss')
done('policy_gradients_extra.ts', 'dpg_loss', 'qpg_loss', 'rm_loss', 'rpg_loss')
done('policy_targets.ts', 'PolicyTarget', 'sampled_policy_distillation_loss')
alias('constant_policy_targets', '`constantPolicyTargets` (takes a sampler function instead of a distrax distribution)', 'policy_targets.ts')
alias('zero_policy_targets', '`zeroPolicyTargets`', 'policy_targets.ts')
done('popart.ts', 'art', 'normalize', 'pop', 'popart', 'PopArtState', 'unnormalize', 'unnormalize_linear')
done('value_transforms_extra.ts', 'identity', 'logit', 'power', 'sigmoid', 'signed_expm1', 'signed_logp1', 'transform_from_2hot', 'transform_to_2hot')
D['transform_from_2hot'] = ('done', 'value_transforms_extra.ts', 'transformFromTwoHot')
D['transform_to_2hot'] = ('done', 'value_transforms_extra.ts', 'transformToTwoHot')
D['signed_hyperbolic'] = ('done', 'transforms.ts, issue 14')
D['signed_parabolic'] = ('done', 'transforms.ts, issue 14')
left('pytree utilities; with one tensor use `tf.transpose`', 'transpose_first_axis_to_last', 'transpose_last_axis_to_first')
left('JAX pytree / PRNG-key utilities with no tfjs counterpart (tfjs has no pytrees; randomness is a seeded generator passed down, DESIGN.md section 4)', 'tree_fn', 'tree_map_zipped', 'tree_replace_masked', 'tree_select', 'tree_split_key', 'tree_split_leaves')
done('distributional.ts', 'categorical_double_q_learning', 'categorical_l2_project', 'categorical_q_learning')
done('distributions_extra.ts', 'categorical_td_learning')
done('value_learning.ts', 'double_q_learning', 'expected_sarsa', 'q_learning', 'sarsa', 'td_lambda', 'td_learning')
done('value_learning_extra.ts', 'persistent_q_learning', 'qv_learning', 'qv_max', 'sarsa_lambda')
D['q_lambda'] = ('done', 'q_lambda.ts, issue 14')
done('quantile.ts', 'quantile_expected_sarsa', 'quantile_q_learning', 'quantile_regression_loss')
done('vtrace.ts', 'leaky_vtrace', 'leaky_vtrace_td_error_and_advantage', 'vtrace', 'vtrace_td_error_and_advantage')
missing = [n for _, n in imports if n not in D]
assert not missing, missing
by_mod = collections.OrderedDict()
for mod, n in imports: by_mod.setdefault(mod, []).append(n)
count = collections.Counter()
rows = []
for mod, names in by_mod.items():
    rows.append(f'\n### `{mod}.py`\n\n| rlax | allts | status |\n|---|---|---|')
    for n in names:
        e = D[n]; count[e[0]] += 1
        note = '' if n in exported else ' (imported by `rlax/__init__.py`, not in `__all__`)'
        if e[0] == 'done':
            ours = e[2] if len(e) > 2 else camel(n)
            if not ours.startswith('`'): ours = f'`{ours}`'
            rows.append(f'| `{n}`{note} | {ours} | done ({e[1]}) |')
        elif e[0] == 'not yet':
            rows.append(f'| `{n}`{note} | `{camel(n)}` (planned) | not yet |')
        else:
            rows.append(f'| `{n}`{note} | none | left out: {e[1]} |')
total = sum(count.values())
head = f"""# lib/functional: the rlax building blocks in TypeScript

Pure tensor functions in the style of DeepMind's [rlax](https://github.com/google-deepmind/rlax)
(DESIGN.md section 5). Names are rlax's in camelCase; arguments follow rlax's conventions
(`qTm1`, `aTm1`, `rT`, `discountT`, `qT`, `vTm1`, `vT`, `rhoTm1`, `lambda_`). Per-transition
functions are batched over a leading axis `[B, ...]`; trajectory functions take a single `[T]`
sequence or a time-major batch `[T, B]` (rlax vmaps instead); the MPO and V-MPO functions take
rlax's example shape E* (any shape, the same across their arguments). No function has rlax's
`stop_target_gradients` flag: targets are computed outside the loss closure, or wrapped in
`stopGradient` (DESIGN.md section 4). The MPO functions do keep rlax's `use_stop_gradient`
(`useStopGradient`, default true), which separates the primal and dual updates inside one loss.
Each file's header states what it ports and how it differs.

## Goldens from rlax

`scripts/rlax/export_fixtures.py` runs the real rlax (0.1.9, jax 0.10.2 on CPU; `pip install rlax`
in a virtual environment, not needed by the tests or CI) on seeded inputs and writes
`__tests__/functional/fixtures/rlax_*.json`. `__tests__/functional/rlax_goldens.test.ts` compares
every deterministic function added in issue 15 with them to float32 tolerance (values; gradients
too for the policy-gradient, distillation, clipping and MPO-temperature functions).
`rlax_mpo_loss.test.ts` compares `mpoLoss` and `vmpoLoss` (3 cases each: sample axis first, second
and last; top-k fractions 1, 0.5 and 0.3 with ties; restarts and importance weights; clip and
softplus projections; with and without stop-gradients) with rlax, values of every output and
the gradient of the summed loss with respect to every input (rlax's `jax.grad`), plus
`klConstraintLoss`, `klAlphaLoss` and `getTopKWeights` (rlax's `kl_constraint_loss`,
`kl_alpha_loss`, `get_top_k_weights`: public in `rlax._src.mpo_ops` but not imported by
`rlax/__init__.py`, so not in the map below), `decoupledMultivariateNormalKlDivergence` (the
mean / covariance split of the Gaussian KL that rlax's MPO test builds its constraints with; not
in rlax's API), and rlax's MPO properties (axis order and the position of the sample axis do not
matter; MPO is per example). `mpo_rlax_tests.test.ts` rewrites rlax's `mpo_ops_test.py` (analytic
E-step gradients, restarting and importance weights, top-k, and a scaled-down version of its
optimisation test: MPO and V-MPO move a Gaussian policy to the optimum of a quadratic Q).
`rlax_gaussian.test.ts` compares `gaussianLogProb` (and its gradients), `gaussianEntropy`,
`gaussianSample`, `multivariateNormalKlDivergence` to a standard normal, `squashedGaussianSample`,
`squashedGaussianLogProb` and `squashAction` with rlax's `gaussian_diagonal` and
`squashed_gaussian` (after rlax's activations of the mean and sigma). Functions that
draw random numbers (`addGaussianNoise`, `addOrnsteinUhlenbeckNoise`, `addDirichletNoise`,
`categoricalSample`, `sampleStartIndices`) use the run's seeded `Random`, not JAX keys, so they are
tested for seeding and for their distributions instead (`exploration.test.ts`, `rlax_goldens.test.ts`).
`rlax_properties.test.ts` checks rlax's properties (batched equals per-sequence, a zero discount
cuts bootstrapping, lambda 0 is the one-step target, on-policy lambda 1 the Monte-Carlo return)
against hand-computed values. Of the functions that predate issue 15 (tested against
hand-computed values in their own files), these also match rlax's fixtures (`rlax_legacy.json`):
`tdLearning`, `tdLambda`, `qLearning`, `doubleQLearning`, `sarsa`, `expectedSarsa`,
`lambdaReturns`, `nStepBootstrappedReturns`, `discountedReturns`,
`truncatedGeneralizedAdvantageEstimation`, `policyGradientLoss`, `entropyLoss`,
`clippedSurrogatePgLoss`, `huberLoss`, `categoricalL2Project`, `categoricalQLearning`,
`categoricalDoubleQLearning`, `klDivergence`, `categoricalCrossEntropy`.

## The map: every name `rlax/__init__.py` imports ({total} names)

Counts: **{count['done']} done**, **{count['not yet']} not yet**, **{count['left out']} left out**.
"done (file, issue 14)" entries came with the recurrent Q-learning work (`q_lambda.ts`, `transforms.ts`).
This file is generated by `scripts/rlax/readme_map.py` from rlax 0.1.9's `__init__.py`; edit the
table in that script, not this file.
"""
open(os.path.join(ROOT, 'lib', 'functional', 'README.md'), 'w').write(head + '\n'.join(rows) + '\n')
print(count, total)
