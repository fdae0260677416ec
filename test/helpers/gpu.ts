// One device per test file, opened before its tests and destroyed after; uncaptured GPU errors
// are collected so tests can assert there were none.
import { afterAll, beforeAll } from 'vitest';
import { requestDevice } from '../../src/index.js';

export function useDevice(): { device: () => GPUDevice; uncapturedErrors: string[] } {
  let device: GPUDevice | undefined;
  const uncapturedErrors: string[] = [];
  beforeAll(async () => {
    device = await requestDevice();
    device.addEventListener('uncapturederror', (event) => {
      uncapturedErrors.push((event as GPUUncapturedErrorEvent).error.message);
    });
  });
  afterAll(() => device?.destroy());
  return {
    device: () => {
      if (!device) throw new Error('the device is not open yet');
      return device;
    },
    uncapturedErrors,
  };
}
