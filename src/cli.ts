// The command line: `webgpu-svm doctor problem.json theirs.json`.
import { readFileSync } from 'node:fs';
import { diagnoseGradient } from './doctor.js';
import { gradientFromJson, problemFromJson } from './problem-json.js';

const USAGE = `usage: webgpu-svm doctor problem.json theirs.json
  problem.json: { "X": [[…], …] (n rows of d) or n·d numbers, "y": [±1, …], "w": […], "b": 0, "lambda": 0, "kink": "zero" }
  theirs.json:  { "dw": […], "db": 0, "loss": 0 }   (db and loss optional)
exit status: 0 the gradient agrees with the reference, 1 it does not (findings printed), 2 bad usage or input`;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export function main(args: string[]): number {
  const [command, problemPath, theirsPath, ...rest] = args;
  if (command !== 'doctor' || !problemPath || !theirsPath || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const diagnosis = diagnoseGradient(problemFromJson(readJson(problemPath)), gradientFromJson(readJson(theirsPath)));
    if (diagnosis.ok) {
      console.log('ok: your gradient agrees with the float64 reference within f32 rounding.');
      return 0;
    }
    for (const finding of diagnosis.findings) console.log(`${finding.kind}: ${finding.message}`);
    return 1;
  } catch (error) {
    console.error(`webgpu-svm doctor: ${(error as Error).message}`);
    return 2;
  }
}
