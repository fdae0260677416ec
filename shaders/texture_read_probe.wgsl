// Probe: does a software GPU read X faster through a texture than through a storage buffer?
// Each invocation sums BLOCK 16-byte units of X (bench/texture-read-probe.ts): int8 codes as
// vec4<u32> (16 codes, widened: shaders/int8_widen.wgsl, put after this file) or f32 values as
// vec4, from a buffer or from a texture whose rows are TEXELS_PER_ROW texels long. No entry point
// uses two bindings of the same number.

override BLOCK: u32 = 64u;
// A power of two, so that a unit's texel is a mask and a shift (a software GPU divides lane by lane).
override TEXELS_PER_ROW: u32 = 1024u;

@group(0) @binding(0) var<storage, read> codeBuffer: array<vec4<u32>>;
@group(0) @binding(0) var codeTexture: texture_2d<u32>;
@group(0) @binding(0) var<storage, read> valueBuffer: array<vec4<f32>>;
@group(0) @binding(0) var valueTexture: texture_2d<f32>;
@group(0) @binding(1) var<storage, read_write> sums: array<mat4x4<f32>>;

fn widenQuad(words: vec4<u32>) -> mat4x4<f32> {
  return mat4x4(widen(words.x), widen(words.y), widen(words.z), widen(words.w));
}

fn texel(unit: u32) -> vec2<u32> {
  return vec2(unit & (TEXELS_PER_ROW - 1u), unit >> countTrailingZeros(TEXELS_PER_ROW));
}

@compute @workgroup_size(64)
fn codesFromBuffer(@builtin(global_invocation_id) gid: vec3<u32>) {
  var total = mat4x4<f32>();
  for (var unit = gid.x * BLOCK; unit < (gid.x + 1u) * BLOCK; unit++) {
    total += widenQuad(codeBuffer[unit]);
  }
  sums[gid.x] = total;
}

@compute @workgroup_size(64)
fn codesFromTexture(@builtin(global_invocation_id) gid: vec3<u32>) {
  var total = mat4x4<f32>();
  for (var unit = gid.x * BLOCK; unit < (gid.x + 1u) * BLOCK; unit++) {
    total += widenQuad(textureLoad(codeTexture, texel(unit), 0));
  }
  sums[gid.x] = total;
}

// codesFromBuffer without its loads: each unit's words made from its index (the buffer's first
// unit read once, so that the binding stays), to tell what the loads alone cost.
@compute @workgroup_size(64)
fn codesFromIndex(@builtin(global_invocation_id) gid: vec3<u32>) {
  var total = mat4x4<f32>();
  let first = codeBuffer[0];
  for (var unit = gid.x * BLOCK; unit < (gid.x + 1u) * BLOCK; unit++) {
    total += widenQuad(vec4(unit) ^ first);
  }
  sums[gid.x] = total;
}

// The f32 reads take four units a turn, as the codes' widenQuad makes four vec4 of one unit.
@compute @workgroup_size(64)
fn valuesFromBuffer(@builtin(global_invocation_id) gid: vec3<u32>) {
  var total = mat4x4<f32>();
  for (var unit = gid.x * BLOCK; unit < (gid.x + 1u) * BLOCK; unit += 4u) {
    total += mat4x4(valueBuffer[unit], valueBuffer[unit + 1u], valueBuffer[unit + 2u], valueBuffer[unit + 3u]);
  }
  sums[gid.x] = total;
}

@compute @workgroup_size(64)
fn valuesFromTexture(@builtin(global_invocation_id) gid: vec3<u32>) {
  var total = mat4x4<f32>();
  for (var unit = gid.x * BLOCK; unit < (gid.x + 1u) * BLOCK; unit += 4u) {
    total += mat4x4(
      textureLoad(valueTexture, texel(unit), 0), textureLoad(valueTexture, texel(unit + 1u), 0),
      textureLoad(valueTexture, texel(unit + 2u), 0), textureLoad(valueTexture, texel(unit + 3u), 0),
    );
  }
  sums[gid.x] = total;
}
