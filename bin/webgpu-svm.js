#!/usr/bin/env node
// Runs the built command line (dist/, made by `npm run build`, which `npm ci` runs via prepare).
import { main } from '../dist/cli.js';

process.exitCode = main(process.argv.slice(2));
