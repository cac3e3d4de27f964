// The power_samples table (schema 5): migrated into a real history file, written and read back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { GpuSample } from '../../src/core/gpu-sample.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openPowerSamples } from '../../src/store/power-samples-db.js';
import { openEventLog } from '../../src/store/events-db.js';
import { sampleAndStore } from '../../src/services/power-sampling.js';
import { createFakeNvidiaSmi } from '../helpers/fake-nvidia-smi.js';
import { CAPTURES } from './nvidia-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'depin-power-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const gpu = (index: number, powerW: number | null): GpuSample => ({
  index,
  uuid: `GPU-${index}`,
  name: 'NVIDIA L40S',
  powerW,
  powerLimitW: 350,
  utilizationPercent: null,
  memoryUsedMiB: 1235,
  memoryTotalMiB: 46068,
  temperatureC: 54,
});

test('schema 5 adds power_samples with an index on time', async () => {
  assert.equal(SCHEMA_VERSION, 5);
  assert.ok(MIGRATIONS.some((m) => m.version === 5));
  const file = join(dir, 'schema.sqlite');
  (await openPowerSamples(file)).close();
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), 5);
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'power_samples'").all() as { sql: string }[];
    assert.ok(
      indexes.some((i) => /\(at\)/.test(i.sql)),
      JSON.stringify(indexes),
    );
  } finally {
    db.close();
  }
});

test('readings are stored per GPU with nulls kept, read back by time, the latest whole', async () => {
  const store = await openPowerSamples(join(dir, 'rw.sqlite'));
  try {
    assert.equal(store.append({ at: 1000, gpus: [gpu(0, 110.23), gpu(1, null)] }), 2);
    assert.equal(store.append({ at: 2000, gpus: [gpu(0, 120)] }), 1);
    assert.equal(store.append({ at: 3000, gpus: [] }), 0);
    const all = store.between(0);
    assert.deepEqual(
      all.map((s) => [s.at, s.index, s.powerW, s.utilizationPercent]),
      [
        [1000, 0, 110.23, null],
        [1000, 1, null, null],
        [2000, 0, 120, null],
      ],
    );
    assert.deepEqual(store.between(1000, 2000).length, 2);
    assert.deepEqual(store.latest(), { at: 2000, gpus: [gpu(0, 120)] });
  } finally {
    store.close();
  }
});

test('a negative GPU index is refused by the table, and nothing of that reading is stored', async () => {
  const store = await openPowerSamples(join(dir, 'bad.sqlite'));
  try {
    assert.throws(() => store.append({ at: 1, gpus: [gpu(0, 1), gpu(-1, 1)] }), /CHECK/);
    assert.deepEqual(store.between(0), []);
  } finally {
    store.close();
  }
});

test('sampleAndStore stores what nvidia-smi answers and says why when the store fails', async () => {
  const bin = join(dir, 'bin');
  createFakeNvidiaSmi(bin, { capture: CAPTURES.l40sLoad });
  const file = join(dir, 'svc.sqlite');
  const store = await openPowerSamples(file);
  const r = await sampleAndStore(store, { env: { PATH: bin } });
  assert.equal(r.stored, 1);
  assert.equal(store.latest()?.gpus[0].name, 'NVIDIA L40S');
  store.close();
  // A closed database: the sample is still returned, the failure is a value.
  const failed = await sampleAndStore(store, { env: { PATH: bin } });
  assert.equal(failed.stored, 0);
  assert.equal(failed.reading.gpus.length, 1);
  assert.match(failed.problem ?? '', /not stored/);
  // The same file serves the event log beside the samples.
  const events = await openEventLog(file);
  events.close();
});
