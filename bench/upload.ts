// The way in, measured against its floor in the same run: HingeKernel.setData (checks, planning,
// buffers, upload) against a raw writeBuffer of the same bytes into buffers made beforehand, each
// until the GPU has the data (onSubmittedWorkDone).
import type { HingeKernel } from '../src/index.js';
import { timeTakingTurns, type Summary } from './stats.js';

export interface UploadTiming {
  /** kernel.setData(X, y) until the data are on the GPU. */
  setDataMs: Summary;
  /** writeBuffer of X's and y's bytes into existing buffers, until done. */
  rawWriteMs: Summary;
  /** setData ÷ raw write (medians). */
  setDataOverRaw: number;
}

export async function measureUpload(device: GPUDevice, kernel: HingeKernel, X: Float32Array, y: Float32Array, reps: number): Promise<UploadTiming> {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const xBuffer = device.createBuffer({ size: X.byteLength, usage });
  const yBuffer = device.createBuffer({ size: y.byteLength, usage });
  try {
    const raw = async () => {
      device.queue.writeBuffer(xBuffer, 0, X);
      device.queue.writeBuffer(yBuffer, 0, y);
      await device.queue.onSubmittedWorkDone();
    };
    const setData = async () => {
      await kernel.setData(X, y);
      await device.queue.onSubmittedWorkDone();
    };
    await raw();
    await setData();
    const [rawWriteMs, setDataMs] = await timeTakingTurns(reps, [raw, setData]);
    return { setDataMs, rawWriteMs, setDataOverRaw: setDataMs.medianMs / rawWriteMs.medianMs };
  } finally {
    xBuffer.destroy();
    yBuffer.destroy();
  }
}
