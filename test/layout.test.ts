// The structs the host packs and reads (src/layout.ts) are the ones shaders/layout.wgsl declares:
// the same members, in the same order, of the same types. A member added on one side only, or
// two swapped, would shift every later one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, packStruct, PARAMS, readStruct, STATS } from '../src/layout.js';

/** Each struct of a WGSL source as [member, type] pairs, comments dropped. */
function wgslStructs(source: string): Record<string, [string, string][]> {
  const code = source.replace(/\/\/.*$/gm, '');
  const structs: Record<string, [string, string][]> = {};
  for (const [, name, body] of code.matchAll(/struct\s+(\w+)\s*\{([^}]*)\}/g)) {
    structs[name] = body.split(',').map((member) => member.trim()).filter(Boolean)
      .map((member) => member.split(':').map((part) => part.trim()) as [string, string]);
  }
  return structs;
}

describe('the shared layouts', () => {
  const declared = wgslStructs(readFileSync('shaders/layout.wgsl', 'utf8'));

  for (const [name, members] of Object.entries(LAYOUTS)) {
    it(`${name}: src/layout.ts and shaders/layout.wgsl agree`, () => {
      expect(declared[name]).toEqual(members.map(([member, type]) => [member, type]));
    });
  }

  it('would see a member swapped in the WGSL', () => {
    const swapped = readFileSync('shaders/layout.wgsl', 'utf8').replace('rows: u32,', 'TEMP').replace('d4: u32,', 'rows: u32,').replace('TEMP', 'd4: u32,');
    expect(wgslStructs(swapped).Params).not.toEqual(PARAMS.map(([member, type]) => [member, type]));
  });

  it('packs and reads members at 4 bytes each, padded to 16', () => {
    const bytes = packStruct(PARAMS, { rows: 7, d4: 2, vecsPerThread: 1, rowsPerBlock: 3, slotBase: 9, kinkInclude: 1, vectors: 4, margin: 0.5, smoothing: 0.25 });
    expect(bytes.byteLength).toBe(48);
    expect(Array.from(new Uint32Array(bytes, 0, 7))).toEqual([7, 2, 1, 3, 9, 1, 4]);
    expect(Array.from(new Float32Array(bytes, 28, 2))).toEqual([0.5, 0.25]);
    const stats = new ArrayBuffer(32);
    new Float32Array(stats, 16, 2).set([1.5, -2]);
    new Uint32Array(stats, 24, 2).set([11, 0]);
    expect(readStruct(STATS, stats, 16)).toEqual({ loss: 1.5, slopeSum: -2, activeCount: 11, faults: 0 });
  });
});
