#!/usr/bin/env node
// Runs a TypeScript file through tsx's CommonJS hook: `node bin/run-ts.js bench/run.ts [args]`.
require('tsx/cjs');
const path = require('node:path');
const file = process.argv[2];
process.argv.splice(2, 1);
require(path.resolve(file));
