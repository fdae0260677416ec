import { readFileSync } from 'node:fs';
import { splitWdbc } from '../../data/wdbc.js';

export const wdbcSplit = () => splitWdbc(readFileSync(new URL('../../data/wdbc.csv', import.meta.url), 'utf8'));
