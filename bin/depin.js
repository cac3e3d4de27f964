#!/usr/bin/env node
// Starts the CLI; nothing else. The compiled program lives in dist/ (built by `npm install`).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args[0] === 'daemon') await smallYoungGeneration();
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  // Top-level help is rendered at build time (dist/help.txt), so it costs no module loading.
  try {
    process.stdout.write(readFileSync(new URL('../dist/help.txt', import.meta.url)));
    process.exitCode = 0;
  } catch {
    await runCli();
  }
} else {
  // Ends the process itself once the command's output is flushed (see run() in src/cli/main.ts).
  await runCli();
}

async function runCli() {
  try {
    const cli = await import('../dist/src/cli/main.js');
    await cli.run(process.argv);
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli')) {
      process.stderr.write('error: depin is not built yet. Run `npm install` (or `npm run build`) in the depin folder.\n');
    } else {
      process.stderr.write(`error: ${error && error.stack ? error.stack : error}\n`);
    }
    process.exitCode = 1;
  }
}

// The daemon idles between cycles for hours: V8's default young generation grows to 32 MB of semi-space
// that a cycle's few short-lived objects never need (RSS about 20 MB lower), and TurboFan's optimized
// code buys nothing for a health cycle every 30 s (about 5 MB lower, no more CPU per cycle; see
// BENCHMARKS.md). Set before any module loads; a flag of the same kind given to node explicitly wins.
async function smallYoungGeneration() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const v8 = await import('node:v8');
  if (!given.some((f) => f.includes('semi-space'))) {
    v8.setFlagsFromString('--max-semi-space-size=1');
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  }
  if (!given.some((f) => /^--(no-)?(opt|turbofan)$/.test(f))) v8.setFlagsFromString('--no-opt');
}
