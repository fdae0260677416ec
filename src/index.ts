/// <reference types="@webgpu/types" preserve="true" />
export { requestDevice, describeAdapter, isSoftwareAdapter, fixedSubgroupSize, type DeviceOptions, type AdapterSummary } from './device.js';
export type { Strategy } from './plan.js';
export { HingeKernel, type HingeKernelOptions, type HingeRun } from './kernel.js';
export { hingeGradient } from './hinge-gradient.js';
export { runBatches, type Batch } from './run-batches.js';
export { hingeGradientCpu } from './reference.js';
export { linearGradientCpu, type LinearReference } from './linear-reference.js';
export { linearBounds, type LinearCheckReport, type LinearResult } from './linear-check.js';
export { explainGradcheck, type GradcheckExplanation, type GradcheckMismatch, type GradcheckOptions } from './gradcheck.js';
export type { LinearInput, ClassLabels } from './linear-input.js';
export { LOSS_NAMES, type LossName } from './losses.js';
export { checkGradient, referenceBounds, type CheckOptions, type CheckReport, type CheckableResult, type ReferenceBounds } from './check.js';
export type { HingeInput, HingeManyParams, HingeParams, HingeResult, HingeReference, Kink, Labels, SumDepths } from './types.js';
export { seededRandom, syntheticProblem, type SyntheticOptions, type SyntheticProblem } from './synthetic.js';
export { diagnoseGradient, type Diagnosis, type Finding, type FindingKind, type TheirGradient } from './doctor.js';
export { problemFromJson, gradientFromJson } from './problem-json.js';
export { trainLinearSvm, trainLinearSvmCpu, predict, accuracy, type TrainOptions, type TrainedSvm, type EpochRecord } from './train.js';
export { fitScaling, applyScaling, type Scaling } from './standardize.js';
