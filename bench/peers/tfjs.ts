// TensorFlow.js peers: autograd of the same loss on its WebGPU backend, and on its WASM backend
// (XNNPACK, SIMD, and threads where the page is cross-origin isolated, as npm run bench serves
// it): the CPU library a browser user would pick. With S = X Wᵀ + b (n×C), Y the one-hot labels
// and t = ±1 the targets, the formulas it runs (mean over rows, then + λ/2‖W‖²):
//   hinge                relu(Δ − y∘s)                  squared-hinge      relu(Δ − y∘s)²
//   multiclass-hinge     Σ_c relu(S − s_y + Δ)∘(1 − Y)  crammer-singer     relu(Δ + max_c(S − 10³⁰Y) − s_y)
//   ovr-hinge            Σ_c relu(Δ − T∘S), T = 2Y − 1  ovr-squared-hinge  Σ_c relu(Δ − T∘S)²
// relu's gradient at 0 is 0 in TF.js, which is kink 'zero'.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// tfjs-core alone registers no gradients; autograd needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { HingeInput, LinearInput } from '../../src/index.js';

export type TfjsBackend = 'webgpu' | 'wasm';
export const TFJS_BACKENDS: readonly TfjsBackend[] = ['webgpu', 'wasm'];

export interface PreparedPeer {
  run(): Promise<{ loss: number }>;
  dispose(): void;
}

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
// One thread per core, as XNNPACK would take by default; the wasm backend reads it at set-up.
if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) setThreadsCount(navigator.hardwareConcurrency);

/** Switches TF.js to `backend`; false when this browser cannot run it. */
export async function useTfjsBackend(backend: TfjsBackend): Promise<boolean> {
  return (await tf.setBackend(backend).catch(() => false)) && tf.getBackend() === backend;
}

/** What the WASM backend runs with here: SIMD, and threads only under cross-origin isolation. */
export async function wasmFeatures(): Promise<{ simd: boolean; threads: boolean }> {
  const env = tf.env();
  return { simd: Boolean(await env.getAsync('WASM_HAS_SIMD_SUPPORT')), threads: Boolean(await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) };
}

/** On the current backend: uploads X and y once; each run() is one gradient evaluation read back to the CPU. */
export function prepareTfjs(input: HingeInput | LinearInput): PreparedPeer {
  return 'W' in input ? prepareFamily(input) : prepareHinge(input);
}

function prepareHinge(input: HingeInput): PreparedPeer {
  const n = input.y.length;
  const d = input.w.length;
  const X = tf.tensor2d(input.X, [n, d]);
  const y = tf.tensor1d(Float32Array.from(input.y));
  const w = tf.tensor1d(input.w);
  const b = tf.scalar(input.b);
  const lambda = input.lambda ?? 0;
  const objective = (weights: tf.Tensor, bias: tf.Tensor): tf.Scalar => {
    const scores = tf.add(tf.reshape(tf.matMul(X, tf.reshape(weights, [d, 1])), [n]), bias);
    const hinge = tf.mean(tf.relu(tf.sub(1, tf.mul(y, scores))));
    return tf.add(hinge, tf.mul(lambda / 2, tf.sum(tf.square(weights)))) as tf.Scalar;
  };
  const valueAndGrads = tf.valueAndGrads(objective);
  return {
    async run() {
      const { value, grads } = valueAndGrads([w, b]);
      const [loss, dw, db] = await Promise.all([value.data(), grads[0].data(), grads[1].data()]);
      tf.dispose([value, ...grads]);
      return { loss: loss[0], dw: dw as Float32Array, db: db[0] };
    },
    dispose: () => tf.dispose([X, y, w, b]),
  };
}

/** The loss family's formulas (above) over W (C×d) and the C biases. */
function prepareFamily(input: LinearInput): PreparedPeer {
  const n = input.y.length;
  const d = input.X.length / n;
  const C = input.W.length / d;
  const { loss = 'hinge', margin = 1, lambda = 0 } = input;
  const X = tf.tensor2d(input.X, [n, d]);
  const W = tf.tensor2d(input.W, [C, d]);
  const b = tf.tensor1d(typeof input.b === 'number' ? [input.b] : Array.from(input.b));
  const binary = loss === 'hinge' || loss === 'squared-hinge';
  const y = binary ? tf.tensor2d(Float32Array.from(input.y), [n, 1]) : tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(input.y), 'int32'), C), 'float32');
  const sampleWeight = input.sampleWeight && tf.tensor1d(input.sampleWeight);
  const rowLosses = (S: tf.Tensor2D): tf.Tensor1D => {
    if (binary || loss === 'ovr-hinge' || loss === 'ovr-squared-hinge') {
      const targets = binary ? y : tf.sub(tf.mul(y, 2), 1);
      const hinge = tf.relu(tf.sub(margin, tf.mul(targets, S)));
      return tf.sum(loss.includes('squared') ? tf.square(hinge) : hinge, 1);
    }
    const trueScore = tf.sum(tf.mul(S, y), 1, true);
    if (loss === 'multiclass-hinge') return tf.sum(tf.mul(tf.relu(tf.add(tf.sub(S, trueScore), margin)), tf.sub(1, y)), 1);
    const rival = tf.max(tf.sub(S, tf.mul(y, 1e30)), 1, true);
    return tf.reshape(tf.relu(tf.sub(tf.add(rival, margin), trueScore)), [n]);
  };
  const objective = (weights: tf.Tensor, biases: tf.Tensor): tf.Scalar => {
    const S = tf.add(tf.matMul(X, weights, false, true), biases) as tf.Tensor2D;
    const perRow = rowLosses(S);
    const data = tf.mean(sampleWeight ? tf.mul(perRow, sampleWeight) : perRow);
    return tf.add(data, tf.mul(lambda / 2, tf.sum(tf.square(weights)))) as tf.Scalar;
  };
  const valueAndGrads = tf.valueAndGrads(objective);
  return {
    async run() {
      const { value, grads } = valueAndGrads([W, b]);
      const [loss] = await Promise.all([value.data(), grads[0].data(), grads[1].data()]);
      tf.dispose([value, ...grads]);
      return { loss: loss[0] };
    },
    dispose: () => tf.dispose([X, W, b, y, ...(sampleWeight ? [sampleWeight] : [])]),
  };
}
