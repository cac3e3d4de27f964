#!/usr/bin/env node
// Runs the compiled tests with node's own runner. The keychain tests need a D-Bus session bus, so
// when dbus-run-session exists and no bus is set, the whole run happens inside a fresh session.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/test/', import.meta.url).pathname;
if (!existsSync(root)) {
  console.error('dist/test is missing: run `npm run build` first (npm test does it for you).');
  process.exit(1);
}
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js') && (filters.length === 0 || filters.some((f) => path.includes(f)))) files.push(path);
  }
})(root);
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(' ') || 'dist/test/**/*.test.js'}`);
  process.exit(1);
}

const nodeArgs = ['--test', '--test-concurrency=2', ...files];
const hasDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session'], { stdio: 'ignore' }).status === 0;
const [cmd, args] =
  hasDbus && !process.env.DBUS_SESSION_BUS_ADDRESS ? ['dbus-run-session', ['--', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEPIN_TEST: '1' } });
process.exit(result.status ?? 1);
