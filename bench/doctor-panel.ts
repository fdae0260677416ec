// The page's gradient doctor: two JSON texts (pasted or dropped) in, findings out.
import { diagnoseGradient, gradientFromJson, problemFromJson } from '../src/index.js';

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

document.getElementById('doctor-run')!.addEventListener('click', () => {
  try {
    const diagnosis = diagnoseGradient(problemFromJson(JSON.parse(problemText.value)), gradientFromJson(JSON.parse(theirsText.value)));
    show(
      diagnosis.ok
        ? [{ text: 'ok: your gradient agrees with the float64 reference within f32 rounding.', className: 'ok' }]
        : diagnosis.findings.map((finding) => ({ text: `${finding.kind}: ${finding.message}`, className: 'finding' })),
    );
  } catch (error) {
    show([{ text: `error: ${(error as Error).message}`, className: 'finding' }]);
  }
});
