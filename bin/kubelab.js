#!/usr/bin/env node
// Entry point of the `kubelab` command: loads TypeScript sources through tsx (no build step) and runs the CLI.
require('tsx/cjs');
require('../server/cli.ts');
