// Bad input gets an error that names the problem, and the device stays usable afterwards.
import { describe, expect, it } from 'vitest';
import { checkGradient, HingeKernel, hingeGradient, type HingeInput, syntheticProblem } from '../src/index.js';
import { planKernel } from '../src/plan.js';
import { firstNonFinite } from '../src/validate.js';
import { useDevice } from './helpers/gpu.js';

const gpu = useDevice();
const good = syntheticProblem({ n: 4, d: 3, seed: 1 });
const withChange = (change: Record<string, unknown>) => ({ ...good, ...change }) as HingeInput;

describe('the scan of X for values that are not finite', () => {
  it('finds the first NaN or ±Inf wherever it is: each of its four sums, a block boundary, the tail', () => {
    const values = Float32Array.from({ length: 3 * 4096 + 7 }, (_, i) => (i % 5 === 0 ? -0 : Math.sin(i) * 1e30));
    expect(firstNonFinite(values)).toBe(-1);
    for (const at of [0, 1, 2, 3, 4095, 4096, 8193, 3 * 4096 + 3, 3 * 4096 + 6]) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const planted = Float32Array.from(values);
        planted[at] = bad;
        planted[planted.length - 1] = NaN; // a later one is not the first
        expect(firstNonFinite(planted), `${bad} at ${at}`).toBe(at);
      }
    }
  });
});

const badInputs: [string, HingeInput, RegExp][] = [
  ['a label other than ±1', withChange({ y: new Float32Array([1, -1, 0, 1]) }), /y\[2\] = 0: labels must be -1 or \+1/],
  ['a label of 2 in Int32Array', withChange({ y: new Int32Array([1, 2, 1, 1]) }), /y\[1\] = 2/],
  ['X length ≠ n·d', withChange({ X: new Float32Array(11) }), /X has 11 elements but n·d = 4·3 = 12/],
  ['n = 0', withChange({ X: new Float32Array(0), y: new Float32Array(0) }), /n = 0/],
  ['d = 0', withChange({ w: new Float32Array(0) }), /d = 0/],
  ['NaN in X', withChange({ X: good.X.map((v, k) => (k === 7 ? NaN : v)) }), /X contains NaN at row 2, column 1 \(index 7\)/],
  ['Inf in X', withChange({ X: good.X.map((v, k) => (k === 0 ? -Infinity : v)) }), /X contains -Infinity at row 0, column 0/],
  ['NaN in y', withChange({ y: new Float32Array([1, NaN, 1, 1]) }), /y\[1\] = NaN/],
  ['Inf in w', withChange({ w: new Float32Array([0, Infinity, 0]) }), /w contains Infinity at index 1/],
  ['NaN b', withChange({ b: NaN }), /b is NaN/],
  ['b not a number', withChange({ b: '1' }), /b must be a number, got string/],
  ['λ < 0', withChange({ lambda: -0.5 }), /lambda is -0.5; it must be >= 0/],
  ['λ infinite', withChange({ lambda: Infinity }), /lambda is Infinity/],
  ['unknown kink', withChange({ kink: 'half' }), /unknown kink 'half'/],
  ['unknown option', withChange({ lamda: 1 }), /unknown option 'lamda' in the input/],
  ['X as Float64Array', withChange({ X: Float64Array.from(good.X) }), /X must be a Float32Array .*got Float64Array/],
  ['X as a plain Array', withChange({ X: Array.from(good.X) }), /X must be a Float32Array .*got a plain Array/],
  ['y as Uint8Array', withChange({ y: new Uint8Array(4) }), /y must be a Float32Array, Int8Array or Int32Array of ±1, got Uint8Array/],
  ['w as Float64Array', withChange({ w: new Float64Array(3) }), /w must be a Float32Array of length d, got Float64Array/],
  ['w of the wrong length', withChange({ w: new Float32Array(2) }), /X has 12 elements but n·d = 4·2 = 8/],
];

describe('hingeGradient rejects bad input with a clear error', () => {
  for (const [what, input, message] of badInputs) {
    it(what, async () => {
      await expect(hingeGradient(gpu.device(), input)).rejects.toThrow(message);
    });
  }
});

describe('HingeKernel rejects bad input', () => {
  it('run before setData', async () => {
    const kernel = new HingeKernel(gpu.device());
    await expect(kernel.run({ w: good.w, b: 0 })).rejects.toThrow(/no data; call setData/);
  });

  it('X not a multiple of n, w of the wrong length, unknown parameters and options', async () => {
    const kernel = new HingeKernel(gpu.device());
    await expect(kernel.setData(new Float32Array(7), good.y)).rejects.toThrow(/X has 7 elements, which is not a multiple of n = y.length = 4/);
    await kernel.setData(good.X, good.y);
    await expect(kernel.run({ w: new Float32Array(4), b: 0 })).rejects.toThrow(/w has length 4 but X has d = 3 columns/);
    await expect(kernel.run({ w: good.w, b: 0, X: good.X } as never)).rejects.toThrow(/unknown option 'X' in the parameters/);
    expect(() => new HingeKernel(gpu.device(), { chunk: 4 } as never)).toThrow(/unknown option 'chunk'/);
    expect(() => new HingeKernel(gpu.device(), { chunkBytes: 0 })).toThrow(/chunkBytes is 0/);
    expect(() => new HingeKernel(gpu.device(), { strategy: 'fast' } as never)).toThrow(/unknown strategy 'fast'/);
    kernel.destroy();
  });

  it('a row larger than the chunk limit', async () => {
    const kernel = new HingeKernel(gpu.device(), { chunkBytes: 32 });
    await expect(kernel.setData(new Float32Array(4 * 12), good.y)).rejects.toThrow(/one row of X \(d = 12, 48 bytes\) does not fit in the chunkBytes option \(32\)/);
  });
});

describe('device limits', () => {
  const limits = {
    maxStorageBufferBindingSize: 128 << 20,
    maxBufferSize: 256 << 20,
    maxComputeInvocationsPerWorkgroup: 256,
    maxComputeWorkgroupSizeX: 256,
    maxComputeWorkgroupsPerDimension: 65535,
    maxComputeWorkgroupStorageSize: 16384,
  };

  it('names maxStorageBufferBindingSize when one row is too large for it', () => {
    const tiny = { ...limits, maxStorageBufferBindingSize: 1024 };
    expect(() => planKernel(10, 2048, tiny)).toThrow(/does not fit in maxStorageBufferBindingSize \(1024 bytes\)/);
  });

  it('falls back to two passes where fused rows do not fit, and names the limit when fused is asked for', () => {
    expect(planKernel(4, 8192, limits).strategy).toBe('fused');
    expect(planKernel(4, 8196, limits).strategy).toBe('two-pass');
    // A software GPU without subgroups: narrow (which holds rows of up to 256 columns), not fused.
    expect(planKernel(4, 64, limits, { softwareAdapter: true }).strategy).toBe('narrow');
    const small = { ...limits, maxComputeWorkgroupStorageSize: 4096 };
    expect(planKernel(4, 64, small).strategy).toBe('two-pass');
    expect(() => planKernel(4, 64, small, { strategy: 'fused' })).toThrow(/maxComputeWorkgroupStorageSize = 4096.*use 'two-pass'/);
    expect(() => planKernel(4, 9000, limits, { strategy: 'fused' })).toThrow(/at most 8192 columns.*d = 9000/);
    expect(planKernel(4, 32, limits).strategy).toBe('fused');
    expect(planKernel(4, 32, limits, { softwareAdapter: true }).strategy).toBe('narrow');
    expect(planKernel(4, 32, limits, { maxVectors: 2 }).strategy).toBe('two-pass');
    expect(planKernel(4, 64, limits, { strategy: 'narrow' })).toMatchObject({ strategy: 'narrow', columnGroups: 1 });
    expect(planKernel(4, 256, limits, { strategy: 'narrow' })).toMatchObject({ strategy: 'narrow', columnGroups: 4, vecsPerThread: 64 });
    expect(() => planKernel(4, 257, limits, { strategy: 'narrow' })).toThrow(/narrow strategy holds rows of at most 256 columns; d = 257/);
    // Software GPUs without subgroups: narrow up to 256 columns (in groups beyond 64), then two-pass.
    expect(planKernel(4, 200, limits, { softwareAdapter: true })).toMatchObject({ strategy: 'narrow', columnGroups: 4, vectorsAtOnce: 1 });
    expect(planKernel(4, 200, limits, { softwareAdapter: true, maxVectors: 2 })).toMatchObject({ strategy: 'narrow', vectorsAtOnce: 1 });
    expect(planKernel(4, 260, limits, { softwareAdapter: true }).strategy).toBe('two-pass');
    expect(planKernel(4, 8, limits, { strategy: 'fused', maxVectors: 2 }).maxVectors).toBe(2);
    expect(planKernel(4, 8, limits, { strategy: 'narrow', maxVectors: 2 }).maxVectors).toBe(2);
    expect(planKernel(4, 8, limits, { softwareAdapter: true, maxVectors: 2 }).strategy).toBe('narrow');
  });

  it('gives software GPUs blocks of up to 256 rows in 16 or more workgroups of 64 (wide rows: of their lanes), and hardware GPUs many blocks', () => {
    const software = { softwareAdapter: true, subgroupSize: 4 };
    expect(planKernel(1_000_000, 32, limits, software)).toMatchObject({ strategy: 'narrow', rowsPerBlock: 256, workgroupSize: 64 });
    expect(planKernel(65536, 16, limits, software)).toMatchObject({ rowsPerBlock: 64, slots: 1024 });
    expect(planKernel(65536, 256, limits, software)).toMatchObject({ strategy: 'subgroup', rowsPerBlock: 256, workgroupSize: 64 });
    expect(planKernel(4096, 4096, limits, software)).toMatchObject({ strategy: 'subgroup', rowsPerBlock: 256, workgroupSize: 16, slots: 16 });
    expect(planKernel(16384, 1024, limits, software)).toMatchObject({ strategy: 'subgroup', rowsPerBlock: 256, workgroupSize: 4, slots: 64 });
    expect(planKernel(1000, 16, limits, software).rowsPerBlock).toBe(32);
    expect(planKernel(1_000_000, 32, limits)).toMatchObject({ strategy: 'fused', workgroupSize: 256 });
    // Hardware subgroup blocks: about 2048 of them, of 8 rows or more.
    const lanes32 = { subgroupSize: 32 };
    expect(planKernel(4096, 4096, limits, lanes32)).toMatchObject({ strategy: 'subgroup', colLanes: 64, rowsPerBlock: 8, slots: 512 });
    expect(planKernel(65536, 256, limits, lanes32)).toMatchObject({ strategy: 'subgroup', colLanes: 32, rowsPerBlock: 32, slots: 2048 });
    expect(planKernel(1024, 1024, limits, lanes32)).toMatchObject({ rowsPerBlock: 8, slots: 128 });
    // Blocks fill each chunk's dispatch: 8 chunks of 2^20 rows, 512 fused workgroups each.
    const chunked = planKernel(8 << 20, 64, { ...limits, maxStorageBufferBindingSize: 2 ** 32, maxBufferSize: 2 ** 32 }, { chunkBytes: 256 << 20 });
    expect(chunked).toMatchObject({ strategy: 'fused', rowsPerBlock: 2048, slots: 8 * 512 });
    expect(chunked.chunks).toHaveLength(8);
    expect(planKernel(1_000_000, 32, limits, { strategy: 'narrow' })).toMatchObject({ rowsPerBlock: 32, workgroupSize: 256 });
  });

  it('plans the subgroup strategy only with one subgroup size, and names what is missing', () => {
    const software = { softwareAdapter: true, subgroupSize: 4 };
    expect(planKernel(4, 48, limits, software).strategy).toBe('narrow');
    expect(planKernel(4, 52, limits, software).strategy).toBe('subgroup');
    expect(planKernel(4, 256, limits, software)).toMatchObject({ strategy: 'subgroup', colLanes: 4, vecsPerThread: 16 });
    // Software GPUs: up to four groups of 16 vec4 per lane, rows of up to 1024 columns in one subgroup.
    expect(planKernel(4, 260, limits, software)).toMatchObject({ strategy: 'subgroup', colLanes: 4, vecsPerThread: 17, columnGroups: 2, workgroupSize: 4 });
    expect(planKernel(4, 1024, limits, software)).toMatchObject({ colLanes: 4, vecsPerThread: 64, columnGroups: 4, workgroupSize: 4 });
    expect(planKernel(4, 1028, limits, software)).toMatchObject({ colLanes: 8, vecsPerThread: 33, columnGroups: 3, workgroupSize: 8 });
    expect(planKernel(4, 4096, limits, software)).toMatchObject({ strategy: 'subgroup', colLanes: 16, vecsPerThread: 64, columnGroups: 4, subgroupSize: 4 });
    expect(planKernel(4, 65536, limits, software)).toMatchObject({ strategy: 'subgroup', colLanes: 256, columnGroups: 4 });
    expect(planKernel(4, 65540, limits, software).strategy).toBe('two-pass');
    expect(planKernel(4, 256, limits, { ...software, maxVectors: 2 })).toMatchObject({ strategy: 'subgroup', vectorsAtOnce: 4 });
    // Four vectors at once: narrow, and subgroup with one subgroup and one group of columns to a row.
    expect(planKernel(4, 48, limits, { ...software, maxVectors: 2 })).toMatchObject({ strategy: 'narrow', vectorsAtOnce: 4 });
    expect(planKernel(4, 48, limits, software).vectorsAtOnce).toBe(1);
    expect(planKernel(4, 260, limits, { ...software, maxVectors: 2 })).toMatchObject({ columnGroups: 2, vectorsAtOnce: 1 });
    expect(planKernel(4, 8, limits, { strategy: 'subgroup', subgroupSize: 4, maxVectors: 2 })).toMatchObject({ rowsPerSubgroup: 2, vectorsAtOnce: 1 });
    // Hardware GPUs: subgroup for rows of 32 vec4 or more on 32 lanes, fused for narrower rows, two-pass for K.
    expect(planKernel(4, 256, limits, { subgroupSize: 32 }).strategy).toBe('subgroup');
    expect(planKernel(4, 124, limits, { subgroupSize: 32 }).strategy).toBe('fused');
    expect(planKernel(4, 256, limits, { subgroupSize: 32, maxVectors: 2 }).strategy).toBe('two-pass');
    expect(planKernel(4, 2048, limits, { strategy: 'subgroup', subgroupSize: 32 })).toMatchObject({ colLanes: 32, vecsPerThread: 16, columnGroups: 1 });
    expect(planKernel(4, 4096, limits, { strategy: 'subgroup', subgroupSize: 32 })).toMatchObject({ colLanes: 64, vecsPerThread: 16, columnGroups: 1 });
    // Rows of fewer vec4 than a subgroup has lanes: a power of two lanes each, several rows at a time.
    expect(planKernel(4, 128, limits, { strategy: 'subgroup', subgroupSize: 32 })).toMatchObject({ colLanes: 32, rowsPerSubgroup: 1, vecsPerThread: 1 });
    expect(planKernel(1_000_000, 32, limits, { strategy: 'subgroup', subgroupSize: 32 }))
      .toMatchObject({ colLanes: 8, rowsPerSubgroup: 4, vecsPerThread: 1, rowsPerBlock: 489 });
    expect(planKernel(4, 20, limits, { strategy: 'subgroup', subgroupSize: 32 })).toMatchObject({ colLanes: 8, rowsPerSubgroup: 4, vecsPerThread: 1 });
    expect(planKernel(4, 8, limits, { strategy: 'subgroup', subgroupSize: 4 })).toMatchObject({ colLanes: 2, rowsPerSubgroup: 2, vecsPerThread: 1 });
    expect(planKernel(4, 12, limits, { strategy: 'subgroup', subgroupSize: 4 })).toMatchObject({ colLanes: 4, rowsPerSubgroup: 1, vecsPerThread: 1 });
    expect(() => planKernel(4, 64, limits, { strategy: 'subgroup' })).toThrow(/needs the 'subgroups' feature and one subgroup size/);
    expect(() => planKernel(4, 16388, limits, { strategy: 'subgroup', subgroupSize: 4 }))
      .toThrow(/at most 16384 columns in workgroups of 256; d = 16388/);
  });

  it('names maxComputeWorkgroupsPerDimension when one row of K vectors needs more than one dispatch', () => {
    expect(() => planKernel(2, 16 << 20, { ...limits, maxComputeWorkgroupsPerDimension: 1024 }, { maxVectors: 2 }))
      .toThrow(/needs more invocations than one dispatch has \(maxComputeWorkgroupsPerDimension = 1024 × 256\)/);
  });

  it('narrows the workgroup on a device with fewer invocations', () => {
    const plan = planKernel(1000, 64, { ...limits, maxComputeInvocationsPerWorkgroup: 128, maxComputeWorkgroupSizeX: 128 });
    expect(plan.workgroupSize).toBe(128);
  });


  it('chunks X larger than one binding, and names the limit the partial sums exceed', () => {
    const plan = planKernel(3_000_000, 64, limits);
    expect(plan.chunks.length).toBe(Math.ceil((3_000_000 * 256) / (128 << 20)));
    expect(plan.chunks.reduce((rows, chunk) => rows + chunk.rows, 0)).toBe(3_000_000);
    const narrow = { ...limits, maxStorageBufferBindingSize: 1 << 20 };
    expect(() => planKernel(1_000_000, 8192, narrow)).toThrow(/partial sums need .* over maxStorageBufferBindingSize/);
  });
});

describe('after all those errors', () => {
  it('the device still computes correct results and saw no uncaptured error', async () => {
    const input = syntheticProblem({ n: 1000, d: 12, seed: 2, lambda: 0.1 });
    const check = checkGradient(await hingeGradient(gpu.device(), input), input);
    expect(check.ok, check.report).toBe(true);
    expect(gpu.uncapturedErrors).toEqual([]);
  });
});
