// Bundles `npm run bench:node` for a machine with a GPU but no Node, npm or network (such as the
// team's lent GPU machines). .device/ (ignored by git) gets a Node binary, the benchmark as two
// files (the main thread, and the worker thread that times the CPU reference), the webgpu
// package's Linux x64 build, the Vulkan loader's Debian package, and run.sh, which unpacks them
// and passes its arguments to the benchmark:
//   node scripts/bundle-bench.mjs                                  (here)
//   bash .device/run.sh --sizes 65536x256 --out "$OUT/gpu.json"    (there, with .device carried)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';

const OUT = '.device';
const APP = `${OUT}/app`;
const DAWN = 'node_modules/webgpu/dist/linux-x64/dawn.node';

rmSync(APP, { recursive: true, force: true });
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: APP,
    target: 'node20',
    rollupOptions: {
      input: { node: 'bench/node.ts', 'cpu-worker-node': 'bench/cpu-worker-node.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'shared/[name]-[hash].mjs' },
      external: ['webgpu', /^node:/],
    },
  },
});

// The webgpu package with its Linux x64 Dawn only, compressed (21 MB → about 6).
const webgpu = `${APP}/node_modules/webgpu`;
mkdirSync(`${webgpu}/dist/linux-x64`, { recursive: true });
for (const file of ['package.json', 'index.js']) cpSync(`node_modules/webgpu/${file}`, `${webgpu}/${file}`);
execFileSync('sh', ['-c', `xz -T0 -6 -c ${DAWN} > ${webgpu}/dist/linux-x64/dawn.node.xz`]);

// This machine's Node (the same major as here), compressed once.
if (!existsSync(`${OUT}/node.xz`)) {
  execFileSync('sh', ['-c', `xz -T0 -6 -c "${process.execPath}" > ${OUT}/node.xz`]);
}

// The Vulkan loader (Dawn's Vulkan back end needs libvulkan.so.1; the GPU's driver brings the rest).
mkdirSync(`${OUT}/debs`, { recursive: true });
if (!readdirSync(`${OUT}/debs`).some((name) => name.startsWith('libvulkan1_'))) {
  const apt = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', '-oDir::State::Lists=/tmp/amd64-lists'];
  mkdirSync('/tmp/amd64-lists/partial', { recursive: true });
  execFileSync('apt-get', [...apt, 'update'], { stdio: 'inherit' });
  execFileSync('apt-get', [...apt, 'download', 'libvulkan1'], { cwd: `${OUT}/debs`, stdio: 'inherit' });
}

writeFileSync(`${OUT}/run.sh`, `#!/bin/bash
# Made by scripts/bundle-bench.mjs: unpacks Node, Dawn and the Vulkan loader, then runs the
# bundled benchmark with this script's arguments (those of npm run bench:node).
set -e
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p /tmp/bench-node
[ -x /tmp/bench-node/node ] || { xz -dc "$here/node.xz" > /tmp/bench-node/node && chmod +x /tmp/bench-node/node; }
dawn="$here/app/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || xz -dk "$dawn.xz"
if ! ldconfig -p | grep -q libvulkan.so.1; then
  for deb in "$here"/debs/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi
# NVIDIA's Vulkan driver where the machine has one and no loader configuration names it.
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -n "$VK_ICD_FILENAMES" ] || [ ! -f "$icd" ] || export VK_ICD_FILENAMES="$icd"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
cd "$here/app"
exec /tmp/bench-node/node node.mjs "$@"
`);
execFileSync('chmod', ['+x', `${OUT}/run.sh`]);
console.log(execFileSync('du', ['-sh', OUT]).toString().trim(), '(the device tool carries at most 64 MiB)');
