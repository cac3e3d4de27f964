import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../src/store/atomic-write.js';

const WRITER = fileURLToPath(new URL('./atomic-writer.js', import.meta.url));
const SIZE = 2_000_000;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-atomic-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The whole of one of the writer's contents, or a description of what else it is. */
function judge(text: string): string {
  for (const letter of ['A', 'B', 'O']) {
    if (text === `${letter.repeat(SIZE)}\n`) return letter;
  }
  return `partial (${text.length} bytes starting ${JSON.stringify(text.slice(0, 8))})`;
}

const leftovers = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  test('writes the contents with mode 0600, creating missing folders 0700, and leaves no temp file', () => {
    const file = join(dir, 'new', 'sub', 'state.json');
    writeFileAtomic(file, '{"a":1}\n');
    assert.equal(readFileSync(file, 'utf8'), '{"a":1}\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'new')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'new', 'sub')).mode & 0o777, 0o700);
    writeFileAtomic(file, '{"a":2}\n', 0o644);
    assert.equal(readFileSync(file, 'utf8'), '{"a":2}\n');
    assert.equal(statSync(file).mode & 0o777, 0o644, 'a new file each time, with the mode asked for');
    assert.deepEqual(leftovers(join(dir, 'new', 'sub')), []);
  });

  test('replaces by rename: a reader holding the old file keeps reading the old contents', () => {
    const file = join(dir, 'renamed.json');
    writeFileAtomic(file, 'old\n');
    const inode = statSync(file).ino;
    writeFileAtomic(file, 'new\n');
    assert.notEqual(statSync(file).ino, inode, 'the new contents are a new file put in place, not the old one rewritten');
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
  });

  test('a write that fails part way (file size limit) leaves the old contents and no temp file', (t) => {
    const sh = spawnSync('sh', ['-c', 'ulimit -f 64 && echo ok'], { encoding: 'utf8' });
    if (sh.stdout.trim() !== 'ok') return t.skip('needs sh with `ulimit -f` to cut a write short');
    const folder = join(dir, 'limited');
    mkdirSync(folder);
    const file = join(folder, 'state.json');
    const old = `${'O'.repeat(SIZE)}\n`;
    writeFileSync(file, old);
    // 64 blocks of 512 bytes: the 2 MB write stops with EFBIG after 32 KB.
    const r = spawnSync('sh', ['-c', `ulimit -f 64 && exec "${process.execPath}" "${WRITER}" "${file}" once ${SIZE}`], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'failed EFBIG', r.stderr);
    assert.equal(judge(readFileSync(file, 'utf8')), 'O');
    assert.deepEqual(leftovers(folder), []);
  });

  test('readers and a process killed (SIGKILL) while writing see the old or the new contents, never part of them', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'killed');
    mkdirSync(folder);
    const file = join(folder, 'state.json');
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, [WRITER, file, 'loop', String(SIZE)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      // Read while it keeps replacing the file: every read is one whole version.
      const until = Date.now() + 300;
      let reads = 0;
      while (Date.now() < until) {
        const verdict = judge(readFileSync(file, 'utf8'));
        assert.ok(verdict === 'A' || verdict === 'B', `read ${reads + 1} in round ${round + 1}: ${verdict}`);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const verdict = judge(readFileSync(file, 'utf8'));
      assert.ok(verdict === 'A' || verdict === 'B', `after kill ${round + 1}: ${verdict}`);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    // Temp files of killed writers may remain beside it (named .state.json.<pid>.<random>.tmp); never the target.
    for (const name of leftovers(folder)) assert.match(name, /^\.state\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
  });
});
