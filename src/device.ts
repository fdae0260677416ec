// requestDevice for browsers (navigator.gpu) and Node (the `webgpu` package: Dawn).
import { watchDevice } from './device-loss.js';

export interface DeviceOptions {
  powerPreference?: GPUPowerPreference;
  /** Features asked for when the adapter has them (default: timestamp-query, subgroups and shader-f16). */
  optionalFeatures?: GPUFeatureName[];
  /** Features to require on top of the optional ones this library asks for when offered. */
  requiredFeatures?: GPUFeatureName[];
  /** Limits to require; by default the adapter's largest buffers and workgroups are asked for. */
  requiredLimits?: Record<string, number>;
  /** Node only: flags for Dawn's create() (default: full-resolution timestamp queries). */
  dawnFlags?: string[];
  /**
   * Called once if the device is lost (its reason: 'destroyed' after device.destroy(), else
   * 'unknown': a driver reset, a GPU removed, the browser's choice). Every call on a lost device
   * rejects, naming the loss; request a new device and make new kernels on it.
   */
  onLost?: (info: GPUDeviceLostInfo) => void;
}

/**
 * Dawn rounds timestamp queries to tens of microseconds by default, a mitigation meant for web
 * pages; in Node the kernel times need the GPU's own resolution.
 */
const DEFAULT_DAWN_FLAGS = ['disable-dawn-features=timestamp_quantization'];

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
}

/** Features used when the adapter has them: kernel timing and subgroup reductions. */
const OPTIONAL_FEATURES: GPUFeatureName[] = ['timestamp-query', 'subgroups', 'shader-f16'];

/** Limits raised to the adapter's maximum: X may be large, and wider workgroups help wide rows. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

export const SWIFTSHADER_ICD_DEFAULT = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const SWIFTSHADER_ICD_ENV = 'WEBGPU_SVM_SWIFTSHADER_ICD';

// Dawn crashes the process if the GPU object from create() is collected while its devices live.
const dawnInstances = new WeakMap<GPUDevice, GPU>();

/**
 * A GPUDevice for the hinge kernels. In a browser it uses navigator.gpu; in Node the `webgpu`
 * package, falling back to SwiftShader (software Vulkan) when no hardware adapter is found.
 */
export async function requestDevice(options: DeviceOptions = {}): Promise<GPUDevice> {
  const browserGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const adapterOptions: GPURequestAdapterOptions = { powerPreference: options.powerPreference };
  if (browserGpu) {
    const adapter = await browserGpu.requestAdapter(adapterOptions);
    if (!adapter) {
      throw new Error('navigator.gpu gave no adapter: WebGPU is disabled or unsupported on this browser or GPU');
    }
    return openDevice(adapter, options);
  }
  const { gpu, adapter } = await nodeAdapter(adapterOptions, options.dawnFlags ?? DEFAULT_DAWN_FLAGS);
  const device = await openDevice(adapter, options);
  dawnInstances.set(device, gpu);
  return device;
}

async function openDevice(adapter: GPUAdapter, options: DeviceOptions): Promise<GPUDevice> {
  const requiredFeatures = [
    ...(options.optionalFeatures ?? OPTIONAL_FEATURES).filter((feature) => adapter.features.has(feature)),
    ...(options.requiredFeatures ?? []),
  ];
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  Object.assign(requiredLimits, options.requiredLimits);
  const device = await adapter.requestDevice({ requiredFeatures: [...new Set(requiredFeatures)], requiredLimits });
  watchDevice(device);
  if (options.onLost) void device.lost.then(options.onLost);
  return device;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

async function nodeAdapter(adapterOptions: GPURequestAdapterOptions, flags: string[]): Promise<{ gpu: GPU; adapter: GPUAdapter }> {
  // A variable specifier keeps browser bundlers from trying to bundle Dawn's native addon.
  const dawnModuleName = 'webgpu';
  let dawn: DawnModule;
  try {
    dawn = (await import(/* @vite-ignore */ dawnModuleName)) as DawnModule;
  } catch (cause) {
    throw new Error("no navigator.gpu here, and the 'webgpu' package (Dawn for Node) could not be loaded: npm install webgpu", { cause });
  }
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  let gpu = dawn.create(flags);
  let adapter = await gpu.requestAdapter(adapterOptions);
  if (adapter) return { gpu, adapter };

  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const icd = env[SWIFTSHADER_ICD_ENV] ?? SWIFTSHADER_ICD_DEFAULT;
  if (!env.VK_ICD_FILENAMES && (await fileExists(icd))) {
    // The Vulkan loader reads this when Dawn creates its next instance.
    env.VK_ICD_FILENAMES = icd;
    gpu = dawn.create(flags);
    adapter = await gpu.requestAdapter(adapterOptions);
    if (adapter) return { gpu, adapter };
  }
  throw new Error(
    `no WebGPU adapter found by Dawn. Without a hardware GPU, install SwiftShader and the Vulkan loader ` +
      `(Debian: apt-get install chromium libvulkan1, which provides ${SWIFTSHADER_ICD_DEFAULT}), ` +
      `or set ${SWIFTSHADER_ICD_ENV} to a vk_swiftshader_icd.json` +
      (env.VK_ICD_FILENAMES ? `; VK_ICD_FILENAMES is set to ${env.VK_ICD_FILENAMES}` : ''),
  );
}

async function fileExists(path: string): Promise<boolean> {
  const fsModuleName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModuleName)) as typeof import('node:fs/promises');
  return fs.access(path).then(
    () => true,
    () => false,
  );
}

/** Vendor, architecture and description of the adapter behind a device. */
export function describeAdapter(device: GPUDevice): AdapterSummary {
  const info = device.adapterInfo;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description || info?.device || '',
  };
}

/** Whether the adapter runs on the CPU (SwiftShader and other fallback adapters). */
export function isSoftwareAdapter(device: GPUDevice): boolean {
  const info = device.adapterInfo as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  return info?.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|warp/i.test(`${info?.architecture} ${info?.description}`);
}

/**
 * The subgroup size when the device has 'subgroups' and its adapter forms subgroups of one size
 * only (subgroupMinSize = subgroupMaxSize), as the subgroup strategy needs; else undefined.
 */
export function fixedSubgroupSize(device: GPUDevice): number | undefined {
  const info = device.adapterInfo as (GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number }) | undefined;
  const size = info?.subgroupMinSize;
  return device.features.has('subgroups') && size !== undefined && size > 0 && size === info?.subgroupMaxSize ? size : undefined;
}
