// A child process for file-lock.test.ts: increments a counter file N times, each a read-modify-write
// under withFileLock (or withFileLockAsync), so lost updates show up as a total below the sum.
import { readFileSync, writeFileSync } from 'node:fs';
import { withFileLock, withFileLockAsync } from '../../src/store/file-lock.js';

const [file, times, mode, startAt] = process.argv.slice(2);

// All writers of a run begin together (however slowly each process started), so their updates overlap.
if (startAt) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));

function bump(): void {
  const value = Number(readFileSync(file, 'utf8'));
  // Widen the window between read and write, as a real update (parsing, validating) does.
  const until = Date.now() + 2;
  while (Date.now() < until);
  writeFileSync(file, String(value + 1));
}

for (let i = 0; i < Number(times); i++) {
  if (mode === 'async') await withFileLockAsync(file, async () => bump(), { timeoutMs: 60_000 });
  else if (mode === 'none') bump();
  else withFileLock(file, bump, { timeoutMs: 60_000 });
}
