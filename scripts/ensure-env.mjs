// Makes a fresh clone runnable: installs npm packages when node_modules is missing or older than
// package-lock.json, and Debian's chromium (headless browser + SwiftShader) and libvulkan1 when
// missing. Runs before `npm test` and `npm run bench`; uses nothing outside Node's standard library.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockHashFile = join(root, 'node_modules', '.webgpu-svm-lock-hash');

function run(command, args) {
  console.error(`[ensure-env] ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`[ensure-env] failed: ${command} ${args.join(' ')} (exit ${result.status})`);
    process.exit(1);
  }
}

function ensureNodeModules() {
  const lockHash = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
  const installed = existsSync(lockHashFile) ? readFileSync(lockHashFile, 'utf8') : '';
  if (installed === lockHash) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(lockHashFile, lockHash);
}

function hasVulkanLoader() {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libvulkan.so.1');
  } catch {
    return ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some(existsSync);
  }
}

function ensureSystemPackages() {
  if (process.platform !== 'linux') return;
  const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const swiftshader = process.env.WEBGPU_SVM_SWIFTSHADER_ICD ?? '/usr/lib/chromium/vk_swiftshader_icd.json';
  const missing = [];
  if (!existsSync(chromium) || !existsSync(swiftshader)) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(
      `[ensure-env] missing: ${missing.join(', ')} (headless Chromium, SwiftShader's software Vulkan and the Vulkan loader).\n` +
        `  Install them as root:  apt-get update && apt-get install -y ${missing.join(' ')}\n` +
        '  or point CHROME_PATH at a Chromium and WEBGPU_SVM_SWIFTSHADER_ICD at a vk_swiftshader_icd.json.',
    );
    process.exit(1);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing]);
}

export function ensureEnvironment() {
  ensureNodeModules();
  ensureSystemPackages();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureEnvironment();
