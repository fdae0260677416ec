// The memory roofline: read every vec4 of a buffer once and sum it, nothing else. The benchmark
// times a few shapes of this kernel over as many bytes as the hinge kernel reads and keeps the
// fastest; the hinge kernel's time against it says how close it is to the memory limit.

override WORKGROUP_SIZE: u32 = 256u;
override UNROLL: u32 = 1u; // vec4 loads in flight per invocation and iteration

@group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
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
