// The shipped data sets, split as data/datasets.ts splits them.
import { readFileSync } from 'node:fs';
import { splitDataset, type DatasetName } from '../../data/datasets.js';

const split = (name: DatasetName) => splitDataset(name, readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8'));
export const wdbcSplit = () => split('wdbc');
export const digitsSplit = () => split('digits');
