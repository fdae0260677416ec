// TensorFlow.js peers: autograd of mean(relu(1 − y(Xw + b))) + λ/2‖w‖² on its WebGPU backend, and
// on its WASM backend (XNNPACK, SIMD, and threads where the page is cross-origin isolated, as
// npm run bench serves it): the CPU library a browser user would pick. relu's gradient at 0 is 0
// in TF.js, which is kink 'zero'.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// tfjs-core alone registers no gradients; autograd needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { HingeInput } from '../../src/index.js';

export type TfjsBackend = 'webgpu' | 'wasm';
export const TFJS_BACKENDS: readonly TfjsBackend[] = ['webgpu', 'wasm'];

export interface PreparedPeer {
  run(): Promise<{ loss: number; dw: Float32Array; db: number }>;
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
export function prepareTfjs(input: HingeInput): PreparedPeer {
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
