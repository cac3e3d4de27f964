#!/usr/bin/env node
// Starts the CLI; nothing else. The compiled program lives in dist/ (built by `npm install`).
import('../dist/src/cli/main.js')
  .then((cli) => cli.main(process.argv))
  .catch((error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli')) {
      process.stderr.write('error: depin is not built yet. Run `npm install` (or `npm run build`) in the depin folder.\n');
    } else {
      process.stderr.write(`error: ${error && error.stack ? error.stack : error}\n`);
    }
    process.exitCode = 1;
  });
