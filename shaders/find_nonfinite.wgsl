// Finds the first element of a chunk of X that is NaN or ±Inf, for HingeKernel's check of the data
// it holds (run before the kernels of the first run after setData). X is read as raw bits: WGSL
// lets an implementation assume that floats are finite, so `x != x` could be folded away, while
// an exponent of all ones is what NaN and ±Inf are. Each invocation reads its own contiguous block
// (the plain read's fastest shape on software GPUs, bench/roofline.ts) with no branch per element:
// max(x & EXPONENT) equals EXPONENT exactly when some x has an exponent of all ones. Only a block
// that has one is read again for its first. The lowest index wins through atomicMin on integers
// (deterministic; no float atomics). Padding elements are zeros: finite.

override WORKGROUP_SIZE: u32 = 256u;

struct CheckParams {
  vec4s: u32,  // vec4s in this chunk
  slot: u32,   // this chunk's entry in firstBad
  block: u32,  // vec4s per invocation, a multiple of 4
}

@group(0) @binding(0) var<storage, read> X: array<vec4<u32>>;
@group(0) @binding(1) var<uniform> params: CheckParams;
// Per chunk: the lowest index (in elements, within the chunk) of a non-finite value; 0xffffffff when none.
@group(0) @binding(2) var<storage, read_write> firstBad: array<atomic<u32>>;

const EXPONENT: u32 = 0x7f800000u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let first = gid.x * params.block;
  let end = min(first + params.block, params.vec4s);
  var highest = vec4(0u);
  var index = first;
  for (; index + 4u <= end; index += 4u) {
    // Masked before the max: a negative neighbour's sign bit would hide a NaN or +Inf.
    let e = vec4(EXPONENT);
    highest = max(highest, max(max(X[index] & e, X[index + 1u] & e), max(X[index + 2u] & e, X[index + 3u] & e)));
  }
  for (; index < end; index++) {
    highest = max(highest, X[index] & vec4(EXPONENT));
  }
  if (!any(highest == vec4(EXPONENT))) {
    return;
  }
  for (var i = first; i < end; i++) {
    let nonFinite = (X[i] & vec4(EXPONENT)) == vec4(EXPONENT);
    if (any(nonFinite)) {
      let lane = select(select(select(3u, 2u, nonFinite.z), 1u, nonFinite.y), 0u, nonFinite.x);
      atomicMin(&firstBad[params.slot], i * 4u + lane);
      return;
    }
  }
}
