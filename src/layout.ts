// The structs the host writes into uniforms and reads back, described once. shaders/layout.wgsl
// declares the same members in the same order (test/layout.test.ts holds the two to each other).
// Every member is a 4-byte u32 or f32, so member k sits at byte 4k.

type Member = readonly [name: string, type: 'u32' | 'f32'];

/** One uniform buffer per chunk of X, read by the kernels that pass over X. */
export const PARAMS = [
  ['rows', 'u32'], ['d4', 'u32'], ['vecsPerThread', 'u32'], ['rowsPerBlock', 'u32'], ['slotBase', 'u32'],
  ['kinkInclude', 'u32'], ['vectors', 'u32'], ['margin', 'f32'], ['smoothing', 'f32'],
] as const satisfies readonly Member[];

/** reduce_partials.wgsl's uniform. */
export const REDUCE_PARAMS = [
  ['slots', 'u32'], ['d4', 'u32'], ['slotsPerGroup', 'u32'], ['groups', 'u32'], ['invN', 'f32'], ['lambda', 'f32'], ['vectors', 'u32'],
] as const satisfies readonly Member[];

/** The sums over rows that are not dw, per vector, read back after a run. */
export const STATS = [['loss', 'f32'], ['slopeSum', 'f32'], ['activeCount', 'u32'], ['faults', 'u32']] as const satisfies readonly Member[];

export const LAYOUTS = { Params: PARAMS, ReduceParams: REDUCE_PARAMS, Stats: STATS } as const;

type Names<T extends readonly Member[]> = T[number][0];

/** A struct's size in a uniform or storage buffer: its members, padded to 16 bytes. */
export const structBytes = (members: readonly Member[]) => Math.ceil((members.length * 4) / 16) * 16;

/** A uniform's bytes from a value for each member. */
export function packStruct<T extends readonly Member[]>(members: T, values: Record<Names<T>, number>): ArrayBuffer {
  const bytes = new ArrayBuffer(structBytes(members));
  const view = new DataView(bytes);
  members.forEach(([name, type], k) => {
    const value = values[name as Names<T>];
    if (type === 'u32') view.setUint32(4 * k, value, true);
    else view.setFloat32(4 * k, value, true);
  });
  return bytes;
}

/** Struct number `index` of an array of them in `bytes` (from `offset`), as a value per member. */
export function readStruct<T extends readonly Member[]>(members: T, bytes: ArrayBuffer, offset: number): Record<Names<T>, number> {
  const view = new DataView(bytes, offset);
  return Object.fromEntries(members.map(([name, type], k) => [name, type === 'u32' ? view.getUint32(4 * k, true) : view.getFloat32(4 * k, true)])) as Record<Names<T>, number>;
}
