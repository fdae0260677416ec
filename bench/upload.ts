// The way in, measured against its floor in the same run, taking turns so that every figure sees
// the same states of a shared machine:
// - a resident kernel's setData (checks, planning, buffers, upload) against a raw writeBuffer of
//   the same bytes into buffers made beforehand, each until the GPU has the data
//   (onSubmittedWorkDone);
// - one call of the one-shot API against its floor: that raw write, then a resident run;
// - the CPU's scan of X for NaN and ±Inf alone (firstNonFinite), which the one-shot API makes on
//   software adapters, where the GPU computes on the same cores.
import { firstNonFinite } from '../src/validate.js';
import { timeTakingTurns, type Summary } from './stats.js';

export interface UploadTiming {
  /** The kernel's setData(X, y) until the data are on the GPU. */
  setDataMs: Summary;
  /** writeBuffer of X's and y's bytes into existing buffers, until done. */
  rawWriteMs: Summary;
  /** setData ÷ raw write (medians). */
  setDataOverRaw: number;
}

export interface OneCallTiming {
  /** One call of the one-shot API: upload of X and y, the run, the read-back. */
  endToEndMs: Summary;
  /** The raw write of X and y, then a resident run, in sequence. */
  floorMs: Summary;
  /** The CPU's scan of X for NaN and ±Inf, alone. */
  nonFiniteScanMs: Summary;
}

/** What the measurements take: a resident kernel holding X and y, and the one-shot call on them. */
export interface WayIn {
  setData(): Promise<void>;
  run(): Promise<unknown>;
  oneShot(): Promise<unknown>;
}

/** Buffers for a raw write of X's and y's bytes, freed after `body`. */
async function withRawWrite<T>(device: GPUDevice, X: Float32Array, y: Float32Array | Int32Array, body: (raw: () => Promise<void>) => Promise<T>): Promise<T> {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const xBuffer = device.createBuffer({ size: X.byteLength, usage });
  const yBuffer = device.createBuffer({ size: y.byteLength, usage });
  try {
    return await body(async () => {
      device.queue.writeBuffer(xBuffer, 0, X);
      device.queue.writeBuffer(yBuffer, 0, y);
      await device.queue.onSubmittedWorkDone();
    });
  } finally {
    xBuffer.destroy();
    yBuffer.destroy();
  }
}

export function measureUpload(device: GPUDevice, wayIn: WayIn, X: Float32Array, y: Float32Array | Int32Array, reps: number): Promise<UploadTiming> {
  return withRawWrite(device, X, y, async (raw) => {
    const upload = async () => {
      await wayIn.setData();
      await device.queue.onSubmittedWorkDone();
    };
    await raw();
    await upload();
    const [rawWriteMs, setDataMs] = await timeTakingTurns(reps, [raw, upload]);
    return { setDataMs, rawWriteMs, setDataOverRaw: setDataMs.medianMs / rawWriteMs.medianMs };
  });
}

/**
 * The one-shot call against its floor. The one-shot API keeps its buffers for a second
 * (src/idle-kernels.ts), so where a floor takes longer than that, each call makes them again.
 */
export function measureOneCall(device: GPUDevice, wayIn: WayIn, X: Float32Array, y: Float32Array | Int32Array, reps: number): Promise<OneCallTiming> {
  return withRawWrite(device, X, y, async (raw) => {
    const floor = async () => {
      await raw();
      await wayIn.run();
    };
    const scan = () => firstNonFinite(X);
    await wayIn.oneShot();
    const [endToEndMs, floorMs, nonFiniteScanMs] = await timeTakingTurns(reps, [() => wayIn.oneShot(), floor, scan]);
    return { endToEndMs, floorMs, nonFiniteScanMs };
  });
}
