// `node --expose-gc bin/run-ts.js bench/web-only.ts`: only the web app's benchmarks (page weight, time to prompt),
// for changes to the pages and browser code, which need not wait for the whole suite.
import { benchWebApp } from './web-app';
import { printTable } from './stats';

benchWebApp().then(
  (rows) => {
    printTable('Web app', rows);
    process.exit(0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
