// The command line: `webgpu-svm doctor problem.json theirs.json`, and
// `webgpu-svm doctor --gradcheck problem.json numeric.json`.
import { readFileSync } from 'node:fs';
import { diagnoseGradient } from './doctor.js';
import { explainGradcheck } from './gradcheck.js';
import { gradcheckFromJson, gradientFromJson, linearProblemFromJson, problemFromJson } from './problem-json.js';

const USAGE = `usage: webgpu-svm doctor problem.json theirs.json
       webgpu-svm doctor --gradcheck problem.json numeric.json
  problem.json: { "X": [[…], …] (n rows of d) or n·d numbers, "y": [±1, …], "w": […], "b": 0, "lambda": 0, "kink": "zero" }
  theirs.json:  { "dw": […], "db": 0, "loss": 0 }   (db and loss optional)
  --gradcheck: why a numerical gradient check does not match. problem.json as linearGradientCpu's input:
    { "X", "y", "W": [[…], …] (C rows of d), "b": [C numbers], "loss": "multiclass-hinge", "lambda", "kink", "margin", "sampleWeight" }
  numeric.json: { "h": 1e-5, "numeric": [C·d entries of W, then C biases; null where not checked], "precision": "f64" }
exit status: 0 the gradient agrees with the reference (--gradcheck: every mismatch is explained by a kink),
             1 it does not (findings printed), 2 bad usage or input`;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export function main(args: string[]): number {
  if (args[0] === 'doctor' && args[1] === '--gradcheck') return gradcheck(args.slice(2));
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

function gradcheck([problemPath, numericPath, ...rest]: string[]): number {
  if (!problemPath || !numericPath || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const explanation = explainGradcheck(linearProblemFromJson(readJson(problemPath)), gradcheckFromJson(readJson(numericPath)));
    console.log(explanation.report);
    return explanation.ok ? 0 : 1;
  } catch (error) {
    console.error(`webgpu-svm doctor --gradcheck: ${(error as Error).message}`);
    return 2;
  }
}
