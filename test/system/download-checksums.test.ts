import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksumFor, isSha256, parseChecksumFile } from '../../src/core/checksums.js';

const A = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const B = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

test('sha256sum text and binary lines, BSD tag lines, comments and blank lines', () => {
  const text = [
    '# published with the release',
    `${A}  arweave-2.9.5.ubuntu22.x86_64.tar.gz`,
    `${B.toUpperCase()} *arweave-2.9.5.ubuntu24.x86_64.tar.gz`,
    '',
    `SHA256 (LICENSE.md) = ${A}`,
    `${A}  ./with space.tar.gz\r`,
  ].join('\n');
  assert.deepEqual(parseChecksumFile(text), {
    entries: [
      { file: 'arweave-2.9.5.ubuntu22.x86_64.tar.gz', sha256: A },
      { file: 'arweave-2.9.5.ubuntu24.x86_64.tar.gz', sha256: B },
      { file: 'LICENSE.md', sha256: A },
      { file: 'with space.tar.gz', sha256: A },
    ],
    problems: [],
  });
});

test('unreadable lines are named with their number; short sums are not sums', () => {
  const parsed = parseChecksumFile(`${A}  good.tar.gz\nnot a checksum line\n${A.slice(0, 40)}  short.tar.gz\n${A}\tno-two-spaces.tar.gz\n`);
  assert.deepEqual(parsed.entries, [{ file: 'good.tar.gz', sha256: A }]);
  assert.deepEqual(parsed.problems, [
    'line 2: not "<sha256>  <file>"',
    `line 3: "${A.slice(0, 16)}…" is not a sha256 (64 hex digits)`,
    'line 4: not "<sha256>  <file>"',
  ]);
});

test('checksumFor: found, missing, and two different sums for one file', () => {
  const parsed = parseChecksumFile(`${A}  a.tar.gz\n${A}  a.tar.gz\n${A}  b.tar.gz\n${B}  b.tar.gz\n`);
  assert.deepEqual(checksumFor(parsed, 'a.tar.gz'), { ok: true, sha256: A });
  assert.deepEqual(checksumFor(parsed, 'c.tar.gz'), { ok: false, reason: 'the checksum file lists no sha256 for c.tar.gz' });
  assert.deepEqual(checksumFor(parsed, 'b.tar.gz'), { ok: false, reason: 'the checksum file lists 2 different sha256 values for b.tar.gz' });
  assert.equal(isSha256(A), true);
  assert.equal(isSha256(`${A}0`), false);
  assert.equal(isSha256('g'.repeat(64)), false);
});
