import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, levenshtein } from '../../src/core/did-you-mean.js';

const NETWORKS = ['render', 'ionet', 'nosana', 'storj', 'filecoin', 'akash', 'iotex', 'peaq', 'arweave', 'grass', 'helium', 'hivemapper', 'roam'];

test('levenshtein counts insertions, deletions and substitutions', () => {
  assert.equal(levenshtein('', ''), 0);
  assert.equal(levenshtein('abc', ''), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('rendr', 'render'), 1);
  assert.equal(levenshtein('flaw', 'lawn'), 2);
  assert.equal(levenshtein('abc', 'abc'), 0);
});

test('typos map to the intended network', () => {
  assert.equal(closest('rendr', NETWORKS), 'render');
  assert.equal(closest('RENDER', NETWORKS), 'render');
  assert.equal(closest('nosnaa', NETWORKS), 'nosana');
  assert.equal(closest('io.net', NETWORKS), 'ionet');
  assert.equal(closest('filecion', NETWORKS), 'filecoin');
  assert.equal(closest('helum', NETWORKS), 'helium');
  assert.equal(closest('stroj', NETWORKS), 'storj');
});

test('a unique prefix is accepted when the edit distance is too large', () => {
  assert.equal(closest('hive', NETWORKS), 'hivemapper');
  assert.equal(closest('arw', NETWORKS), 'arweave');
});

test('nothing close gives undefined', () => {
  assert.equal(closest('bitcoin', NETWORKS), undefined);
  assert.equal(closest('xyz', NETWORKS), undefined);
  assert.equal(closest('', NETWORKS), undefined);
  assert.equal(closest('render', []), undefined);
});
