/**
 * Pure tensor functions in the rlax style (DESIGN.md section 5): TD errors and targets,
 * multistep returns, losses, C51 projection, policy-gradient losses, distributions and gradient
 * helpers. Every function takes and returns tf tensors over batches; the caller owns results.
 * Argument names follow rlax: qTm1, aTm1, rT, discountT, qT, vTm1, vT.
 */
export { batchedIndex } from './base';
export {
  tdLearning,
  tdLearningTarget,
  tdLambda,
  qLearning,
  qLearningTarget,
  doubleQLearning,
  doubleQLearningTarget,
  maskedMax,
  withIllegalSunk,
  sarsa,
  sarsaTarget,
  expectedSarsa,
  expectedSarsaTarget,
} from './value_learning';
export type { TdOptions } from './value_learning';
export { l2Loss, mse, huberLoss, weightedMean, selectedMse } from './losses';
export {
  lambdaReturns,
  discountedReturns,
  nStepBootstrappedReturns,
  truncatedGeneralizedAdvantageEstimation,
} from './multistep';
export {
  categoricalL2Project,
  categoricalQLearning,
  categoricalQLearningTarget,
  categoricalDoubleQLearning,
  categoricalDoubleQLearningTarget,
} from './distributional';
export { projectShiftedCategorical, doubleQTargetOnHost, klFromCrossEntropy } from './categorical_host';
export { policyGradientLoss, entropyLoss, clippedSurrogatePgLoss, clippedSurrogateEntropyLoss } from './policy_gradients';
export { clippedSurrogateSoftmaxLoss } from './fused_ppo';
export { SurrogateStats, type SurrogateFigures } from './surrogate_stats';
export {
  softmaxLogProb,
  softmaxEntropy,
  klDivergence,
  categoricalCrossEntropy,
  gaussianLogProb,
  gaussianEntropy,
  gaussianSample,
  squashAction,
  deterministicAction,
  squashedGaussianLogProb,
  squashedGaussianSample,
} from './distributions';
export type { Bound, SquashedGaussianSample } from './distributions';
export { clipToBounds, deterministicActorLoss, td3TargetPolicySmoothing } from './continuous_actions';
export { stopGradient, globalNorm, clipByGlobalNorm } from './gradients';
export type { Gradients } from './gradients';
export { qLambda, qLambdaTarget, transformedQLambdaTarget, transformedNStepQLearningTarget } from './q_lambda';
export { signedHyperbolic, signedParabolic, signedHyperbolicPair, IDENTITY_PAIR } from './transforms';
export type { TxPair } from './transforms';
export { vtrace, leakyVtrace, vtraceTdErrorAndAdvantage, leakyVtraceTdErrorAndAdvantage } from './vtrace';
export type { VtraceOptions, VtraceAdvantageOptions, VtraceOutput } from './vtrace';
export {
  generalOffPolicyReturnsFromQAndV,
  generalOffPolicyReturnsFromActionValues,
  retrace,
  retraceContinuous,
} from './retrace';
export {
  signedLogp1,
  signedExpm1,
  power,
  identity,
  sigmoid,
  logit,
  transformToTwoHot,
  transformFromTwoHot,
} from './value_transforms_extra';
export { quantileRegressionLoss, quantileQLearning, quantileExpectedSarsa } from './quantile';
export { expectileLoss, likelihood, logLoss } from './losses_extra';
export { qvLearning, qvMax, persistentQLearning, sarsaLambda } from './value_learning_extra';
export { dpgLoss, qpgLoss, rmLoss, rpgLoss } from './policy_gradients_extra';
export { popart, art, pop, normalize, unnormalize, unnormalizeLinear, disposePopArtState } from './popart';
export type { PopArtState, LinearParams } from './popart';
export { clipGradient } from './clip_gradient';
export { conditionalUpdate, periodicUpdate, createEma } from './updates';
export type { TensorTree, EmaState, EmaMoments } from './updates';
export { addGaussianNoise, addOrnsteinUhlenbeckNoise, addDirichletNoise } from './exploration';
export {
  SIGNED_HYPERBOLIC_PAIR,
  SIGNED_LOGP1_PAIR,
  HYPERBOLIC_SIN_PAIR,
  DISCOUNT_TRANSFORM_PAIR,
  composeTx,
  transformedLambdaReturns,
  transformedNStepReturns,
  transformedGeneralOffPolicyReturnsFromActionValues,
  transformedQLambda,
  transformedRetrace,
  transformedNStepQLearning,
  twohotPair,
  muzeroPair,
  unbiasedTransformPair,
} from './nonlinear_bellman';
export {
  greedyProbs,
  epsilonGreedyProbs,
  epsilonGreedyLogProb,
  epsilonGreedyEntropy,
  categoricalSample,
  clippedEntropySoftmax,
  categoricalImportanceSamplingRatios,
  multivariateNormalKlDivergence,
  categoricalTdLearning,
} from './distributions_extra';
export { knnQuery, episodicMemoryIntrinsicRewards } from './episodic_memory';
export type { KnnQueryResult, IntrinsicRewardState, EpisodicMemoryOptions } from './episodic_memory';
export {
  pixelControlRewards,
  featureControlRewards,
  pixelControlLoss,
  embedOar,
  StepType,
  fixStepTypeOnInterruptions,
  extractSubsequences,
  sampleStartIndices,
} from './auxiliary';
export type { CumulantType } from './auxiliary';
export { constantPolicyTargets, zeroPolicyTargets, sampledPolicyDistillationLoss } from './policy_targets';
export type { PolicyTarget } from './policy_targets';
export {
  mpoComputeWeightsAndTemperatureLoss,
  computeParametricKlPenaltyAndDualLoss,
  vmpoComputeWeightsAndTemperatureLoss,
  klConstraintLoss,
  getTopKWeights,
} from './mpo_ops';
export type { LagrangePenalty, ProjectionOperator } from './mpo_ops';
export { mpoLoss, vmpoLoss, klAlphaLoss, clipProjection, decoupledMultivariateNormalKlDivergence } from './mpo';
export type { MpoOutputs, MpoLossResult, VmpoLossResult, MpoLossWeights, MpoLossOptions, VmpoLossOptions } from './mpo';
