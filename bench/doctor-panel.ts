// The page's gradient doctor: two JSON texts (pasted or dropped) in, findings out. A problem with
// W is of the loss family; a numerical gradient ({ h, numeric }) in place of a gradient asks why a
// gradient check does not match.
import {
  diagnoseGradient, explainGradcheck, gradcheckFromJson, gradientFromJson, linearGradientFromJson, linearProblemFromJson, problemFromJson,
} from '../src/index.js';

const problemText = document.getElementById('doctor-problem') as HTMLTextAreaElement;
const theirsText = document.getElementById('doctor-theirs') as HTMLTextAreaElement;
const findings = document.getElementById('doctor-findings') as HTMLUListElement;

for (const area of [problemText, theirsText]) {
  area.addEventListener('dragover', (event) => event.preventDefault());
  area.addEventListener('drop', async (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) area.value = await file.text();
  });
}

function show(items: { text: string; className: string }[]): void {
  findings.replaceChildren(
    ...items.map(({ text, className }) => {
      const item = document.createElement('li');
      item.className = className;
      item.textContent = text;
      return item;
    }),
  );
}

function diagnose(problem: Record<string, unknown>, theirs: Record<string, unknown>): { ok: boolean; findings: { kind: string; message: string }[] } {
  if ('numeric' in theirs) {
    const explanation = explainGradcheck(linearProblemFromJson(problem), gradcheckFromJson(theirs));
    const [summary, ...lines] = explanation.report.split('\n');
    return { ok: explanation.ok, findings: [{ kind: 'gradcheck', message: summary }, ...lines.map((line) => ({ kind: 'coordinate', message: line.trim() }))] };
  }
  if ('W' in problem) return diagnoseGradient(linearProblemFromJson(problem), linearGradientFromJson(theirs));
  return diagnoseGradient(problemFromJson(problem), gradientFromJson(theirs));
}

document.getElementById('doctor-run')!.addEventListener('click', () => {
  try {
    const diagnosis = diagnose(JSON.parse(problemText.value), JSON.parse(theirsText.value));
    const agrees = diagnosis.ok && diagnosis.findings.length === 0;
    show(
      agrees
        ? [{ text: 'ok: your gradient agrees with the float64 reference within f32 rounding.', className: 'ok' }]
        : diagnosis.findings.map((finding) => ({ text: `${finding.kind}: ${finding.message}`, className: diagnosis.ok ? 'ok' : 'finding' })),
    );
  } catch (error) {
    show([{ text: `error: ${(error as Error).message}`, className: 'finding' }]);
  }
});
