// A lost device: every call on it, pending or later, rejects with an Error that names the loss
// (device.lost's reason and message) and what to do, instead of the browser's or Dawn's
// DOMException, whose message is often empty.

/** The loss of each device this library has seen lost. */
const losses = new WeakMap<GPUDevice, GPUDeviceLostInfo>();
const watched = new WeakSet<GPUDevice>();

/**
 * How long a failed GPU call waits for device.lost to settle before it takes the failure as the
 * failure's own: a destroyed device rejects a pending mapAsync before device.lost resolves.
 */
const LOSS_GRACE_MS = 250;

/** Starts recording the device's loss; cheap to call again. */
export function watchDevice(device: GPUDevice): void {
  if (watched.has(device)) return;
  watched.add(device);
  void device.lost.then((info) => losses.set(device, info));
}

export function deviceLostError(info: GPUDeviceLostInfo, cause?: unknown): Error {
  const why = info.message ? `${info.reason}: ${info.message}` : info.reason;
  return new Error(
    `the GPU device was lost (${why}); nothing more can run on it: request a new device (requestDevice()) and make new kernels on it`,
    cause === undefined ? undefined : { cause },
  );
}

/** Throws the loss's error when the device is known to be lost. */
export function assertDeviceAlive(device: GPUDevice): void {
  const info = losses.get(device);
  if (info) throw deviceLostError(info);
}

/**
 * Runs GPU work. When it fails on a device that is or becomes lost, the failure is the loss's
 * error; any other failure keeps its own error, or, where the GPU gave no message, one naming `what`.
 */
export async function onLiveDevice<T>(device: GPUDevice, what: string, work: () => Promise<T>): Promise<T> {
  watchDevice(device);
  assertDeviceAlive(device);
  try {
    return await work();
  } catch (error) {
    // The library's own errors (plain Errors with a message) are not the GPU's: no loss to wait for.
    if (error instanceof Error && error.constructor === Error && error.message && !losses.has(device)) throw error;
    let timer: Parameters<typeof clearTimeout>[0];
    const grace = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, LOSS_GRACE_MS)));
    const info = losses.get(device) ?? (await Promise.race([device.lost, grace]));
    clearTimeout(timer);
    if (info) throw deviceLostError(info, error);
    if (error instanceof Error && error.message) throw error;
    const name = error instanceof Error ? error.name : String(error);
    throw new Error(`${what} failed on the GPU (${name}, with no message from the browser or Dawn)`, { cause: error });
  }
}
