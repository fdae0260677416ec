// Command-line flags of `npm run bench` and `npm run bench:node`, as the page's URL parameters.
import { LOSS_NAMES } from '../src/losses.js';
import { STRATEGIES } from './config.js';

export interface CliOptions {
  headed: boolean;
  out?: string;
}

const USAGE = `flags: --quick | --sweep | --sizes NxD,NxD… | --reps K | --warmup K | --peers cpu,tfjs,tfjs-wasm|none | --strategy ${STRATEGIES.join('|')} | --loss ${LOSS_NAMES.join('|')} | --classes C | --storage f32|bf16|f16|int8 | --headed | --out FILE`;

export function argsToParams(args: string[]): { params: URLSearchParams; options: CliOptions } {
  const params = new URLSearchParams();
  const options: CliOptions = { headed: false };
  for (let k = 0; k < args.length; k++) {
    const flag = args[k];
    const value = () => {
      const next = args[++k];
      if (next === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      return next;
    };
    if (flag === '--quick') params.set('sizes', 'quick');
    else if (flag === '--sweep') params.set('sizes', 'sweep');
    else if (flag === '--sizes') params.set('sizes', value());
    else if (flag === '--reps') params.set('reps', value());
    else if (flag === '--warmup') params.set('warmup', value());
    else if (flag === '--peers') params.set('peers', value());
    else if (flag === '--strategy') params.set('strategy', value());
    else if (flag === '--loss') params.set('loss', value());
    else if (flag === '--classes') params.set('classes', value());
    else if (flag === '--storage') params.set('storage', value());
    else if (flag === '--headed') options.headed = true;
    else if (flag === '--out') options.out = value();
    else throw new Error(`unknown flag '${flag}'; ${USAGE}`);
  }
  return { params, options };
}

/**
 * Where a run writes its JSON when --out is not given: `<prefix>latest.json` for the full default
 * grid with 'auto' and the hinge only, so that quick, sweep, custom-size, single-strategy and other-loss
 * runs never replace the results the README shows (`<prefix>quick.json`, `<prefix>sweep-fused.json`,
 * `<prefix>default-crammer-singer.json`, …).
 */
export function defaultOut(params: URLSearchParams, prefix = ''): string {
  const sizes = params.get('sizes') ?? 'default';
  const strategy = params.get('strategy') ?? 'auto';
  const kind = sizes === 'default' ? 'latest' : sizes === 'quick' || sizes === 'sweep' ? sizes : 'sizes';
  const loss = params.get('loss') ?? 'hinge';
  const storage = params.get('storage') ?? 'f32';
  const variant = [strategy === 'auto' ? '' : `-${strategy}`, loss === 'hinge' ? '' : `-${loss}`, storage === 'f32' ? '' : `-${storage}`].join('');
  const name = variant ? `${kind === 'latest' ? 'default' : kind}${variant}` : kind;
  return `bench/results/${prefix}${name}.json`;
}
