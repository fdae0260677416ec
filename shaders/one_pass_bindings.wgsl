// The bindings of the kernels that read X once and write partial slots: narrow.wgsl,
// subgroup_rows.wgsl and fused.wgsl share one bind group layout (src/pipelines.ts), and
// src/shaders.ts puts this file after shaders/layout.wgsl in front of each of them, and the
// storage's file (shaders/storage_*.wgsl), which binds X at 0 and reads it through xAt.
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;                   // K × d4
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> partialDw: array<vec4<f32>>;     // (slot × K + k) × d4
@group(0) @binding(5) var<storage, read_write> partialStats: array<Stats>;      // slot × K + k
@group(0) @binding(6) var<storage, read> biases: array<f32>;                    // K
// Read only when WEIGHTED (shaders/loss.wgsl), and rowScratch only when COUPLED
// (shaders/kept_terms.wgsl); otherwise they hold any buffer.
@group(0) @binding(7) var<storage, read> rowWeight: array<f32>;                 // rows
@group(0) @binding(8) var<storage, read_write> rowScratch: array<f32>;          // 3 × rows × K
