// The machine a bench run ran on, as Node sees it: its CPU model and core count. On a software
// adapter (SwiftShader) the kernels run on these cores, so two runs' figures compare only on the
// same host; the page cannot read the CPU model, so the Node side adds it to the result.
import { cpus } from 'node:os';

export function hostDescription(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() || 'an unnamed CPU'}, ${cores.length} cores`;
}
