// The way in, measured against its floor in the same run: a resident kernel's setData (checks,
// planning, buffers, upload) against a raw writeBuffer of the same bytes into buffers made
// beforehand, each until the GPU has the data (onSubmittedWorkDone).
import { timeTakingTurns, type Summary } from './stats.js';

export interface UploadTiming {
  /** The kernel's setData(X, y) until the data are on the GPU. */
  setDataMs: Summary;
  /** writeBuffer of X's and y's bytes into existing buffers, until done. */
  rawWriteMs: Summary;
  /** setData ÷ raw write (medians). */
  setDataOverRaw: number;
}

/** `setData` puts X and y into a resident kernel. */
export async function measureUpload(
  device: GPUDevice, setData: () => Promise<void>, X: Float32Array, y: Float32Array | Int32Array, reps: number,
): Promise<UploadTiming> {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const xBuffer = device.createBuffer({ size: X.byteLength, usage });
  const yBuffer = device.createBuffer({ size: y.byteLength, usage });
  try {
    const raw = async () => {
      device.queue.writeBuffer(xBuffer, 0, X);
      device.queue.writeBuffer(yBuffer, 0, y);
      await device.queue.onSubmittedWorkDone();
    };
    const upload = async () => {
      await setData();
      await device.queue.onSubmittedWorkDone();
    };
    await raw();
    await upload();
    const [rawWriteMs, setDataMs] = await timeTakingTurns(reps, [raw, upload]);
    return { setDataMs, rawWriteMs, setDataOverRaw: setDataMs.medianMs / rawWriteMs.medianMs };
  } finally {
    xBuffer.destroy();
    yBuffer.destroy();
  }
}
