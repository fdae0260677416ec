// TensorFlow.js on its WebGPU backend: autograd of mean(relu(1 − y(Xw + b))) + λ/2‖w‖².
// relu's gradient at 0 is 0 in TF.js, which is kink 'zero'.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
// tfjs-core alone registers no gradients; autograd needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { HingeInput } from '../../src/index.js';

export interface PreparedPeer {
  run(): Promise<{ loss: number; dw: Float32Array; db: number }>;
  dispose(): void;
}

export async function tfjsAvailable(): Promise<boolean> {
  return (await tf.setBackend('webgpu')) && tf.getBackend() === 'webgpu';
}

/** Uploads X and y once; each run() is one gradient evaluation read back to the CPU. */
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
