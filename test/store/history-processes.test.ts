import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openHistory } from '../../src/store/history-db.js';

const WRITER = fileURLToPath(new URL('./history-writer.js', import.meta.url));

let dir: string;
const children = new Set<ChildProcess>();
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-history-proc-'));
});
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Writer {
  child: ChildProcess;
  /** Resolves once the child has reported `count` commits. */
  commits(count: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startWriter(file: string, wallet: string, batches: number, size: number): Writer {
  const child = spawn(process.execPath, [WRITER, file, wallet, String(batches), String(size)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEPIN_HOME: join(dir, 'home') },
  });
  children.add(child);
  let committed = 0;
  let stderr = '';
  const waiters: { count: number; resolve: () => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const m = /^committed (\d+)$/.exec(line);
      if (m) committed = Number(m[1]);
    }
    for (const w of waiters.filter((w) => committed >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    child,
    commits: (count) =>
      new Promise<void>((resolve, reject) => {
        if (committed >= count) return resolve();
        waiters.push({ count, resolve });
        void exit.then((e) => reject(new Error(`writer exited (${e.code ?? e.signal}) after ${committed} commits: ${e.stderr}`)));
      }),
    exit,
  };
}

test('a writer killed in the middle of a write leaves a sound database with whole batches only', async () => {
  const file = join(dir, 'killed', 'history.db');
  const size = 3_000;
  const writer = startWriter(file, 'killed', 0, size);
  await writer.commits(3);
  writer.child.kill('SIGKILL');
  const { signal } = await writer.exit;
  assert.equal(signal, 'SIGKILL');

  const raw = new Database(file);
  assert.deepEqual(raw.pragma('integrity_check', { simple: true }), 'ok');
  const rows = raw.prepare('SELECT count(*) FROM snapshots').pluck().get() as number;
  raw.close();
  assert.ok(rows >= 3 * size, `at least the three reported batches are kept (${rows})`);
  assert.equal(rows % size, 0, `no half batch was kept (${rows} rows)`);

  const history = await openHistory(file);
  assert.deepEqual(history.quickCheck(), ['ok']);
  assert.equal(history.latestSnapshots().length, size);
  history.close();
});

test('two processes writing the same new file at once both succeed', async () => {
  const file = join(dir, 'concurrent', 'history.db');
  const batches = 25;
  const size = 400;
  const a = startWriter(file, 'first', batches, size);
  const b = startWriter(file, 'second', batches, size);
  const [ea, eb] = await Promise.all([a.exit, b.exit]);
  assert.equal(ea.code, 0, ea.stderr);
  assert.equal(eb.code, 0, eb.stderr);

  const history = await openHistory(file);
  const latest = history.latestSnapshots();
  assert.equal(latest.length, 2 * size);
  assert.ok(latest.every((r) => r.takenAt === batches));
  assert.equal(history.snapshotsSince(0).length, 2 * batches * size);
  assert.deepEqual(history.quickCheck(), ['ok']);
  history.close();
});
