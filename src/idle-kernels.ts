// After a one-shot call (hingeGradient, linearGradient), its kernel is kept for a second, so that
// a next call on the same device and of the same kind with data of the same layout writes into its
// buffers instead of making new ones (making a large buffer costs several times writing it:
// docs/performance.md); then it is freed.
const KEEP_IDLE_MS = 1000;

interface Destroyable {
  destroy(): void;
}

interface IdleKernel {
  kernel: Destroyable;
  timer: ReturnType<typeof setTimeout>;
}

const idleKernels = new WeakMap<GPUDevice, Map<string, IdleKernel>>();

/** The kernel kept for `kind` on this device, if any; the caller owns it from now on. */
export function takeIdle<T extends Destroyable>(device: GPUDevice, kind: string): T | undefined {
  const idle = idleKernels.get(device)?.get(kind);
  if (!idle) return undefined;
  clearTimeout(idle.timer);
  idleKernels.get(device)!.delete(kind);
  return idle.kernel as T;
}

/** Keeps `kernel` for a second for the next call of `kind`, or frees it when one is kept already. */
export function keepIdle(device: GPUDevice, kind: string, kernel: Destroyable): void {
  let kept = idleKernels.get(device);
  if (!kept) idleKernels.set(device, (kept = new Map()));
  if (kept.has(kind)) {
    kernel.destroy();
    return;
  }
  const timer = setTimeout(() => {
    if (kept.get(kind)?.kernel !== kernel) return;
    kept.delete(kind);
    kernel.destroy();
  }, KEEP_IDLE_MS);
  // In Node, an idle kernel does not keep the process alive.
  (timer as { unref?: () => void }).unref?.();
  kept.set(kind, { kernel, timer });
}
