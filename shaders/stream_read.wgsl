// The memory roofline: read every vec4 of a buffer once and sum it, nothing else. The benchmark
// times a few shapes of these kernels over as many bytes as the hinge kernel reads and keeps the
// fastest; the hinge kernel's time against it says how close it is to the memory limit.

override WORKGROUP_SIZE: u32 = 256u;
override UNROLL: u32 = 1u; // vec4 loads in flight per invocation and iteration (main)
override BLOCK: u32 = 64u; // vec4 per invocation, read in order (blocked)

@group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
// The same buffer as 4×4 matrices (blockedMatrices; no entry point uses both).
@group(0) @binding(0) var<storage, read> matrices: array<mat4x4<f32>>;
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let invocations = groups.x * WORKGROUP_SIZE;
  let count = arrayLength(&data);
  var acc = vec4(0.0);
  var index = gid.x;
  for (; index + (UNROLL - 1u) * invocations < count; index += UNROLL * invocations) {
    for (var k = 0u; k < UNROLL; k++) {
      acc += data[index + k * invocations];
    }
  }
  for (; index < count; index += invocations) {
    acc += data[index];
  }
  // Written so the reads cannot be optimised away.
  sums[gid.x] = acc.x + acc.y + acc.z + acc.w;
}

// The other access pattern: each invocation reads its own contiguous block, four vec4 per
// iteration (as narrow.wgsl reads its rows). Software GPUs favour it; GPUs favour main.
@compute @workgroup_size(WORKGROUP_SIZE)
fn blocked(@builtin(global_invocation_id) gid: vec3<u32>) {
  let count = arrayLength(&data);
  let first = gid.x * BLOCK;
  let end = min(first + BLOCK, count);
  var acc = vec4(0.0);
  var index = first;
  for (; index + 4u <= end; index += 4u) {
    acc += (data[index] + data[index + 1u]) + (data[index + 2u] + data[index + 3u]);
  }
  for (; index < end; index++) {
    acc += data[index];
  }
  sums[gid.x] = acc.x + acc.y + acc.z + acc.w;
}

// blocked, reading four vec4 at a time as one matrix: faster on SwiftShader (bench/roofline.ts).
@compute @workgroup_size(WORKGROUP_SIZE)
fn blockedMatrices(@builtin(global_invocation_id) gid: vec3<u32>) {
  let count = arrayLength(&matrices);
  let first = gid.x * (BLOCK / 4u);
  let end = min(first + BLOCK / 4u, count);
  var acc = vec4(0.0);
  for (var index = first; index < end; index++) {
    let m = matrices[index];
    acc += (m[0] + m[1]) + (m[2] + m[3]);
  }
  sums[gid.x] = acc.x + acc.y + acc.z + acc.w;
}
