import type BetterSqlite3 from 'better-sqlite3';
import type { GpuReading, GpuSample } from '../core/gpu-sample.js';
import { openDatabase, type OpenOptions } from './history-open.js';

/** One GPU sample as stored, with the time it was taken. */
export interface StoredGpuSample extends GpuSample {
  at: number;
}

/** GPU samples in the history database (table `power_samples`, migration 5). */
export interface PowerSamplesDb {
  readonly file: string;
  /** Stores every GPU of a reading in one transaction; returns rows added. */
  append(reading: GpuReading): number;
  /** Samples taken in [fromMs, toMs), oldest first, then by GPU index. */
  between(fromMs: number, toMs?: number): StoredGpuSample[];
  /** The most recent reading (every GPU sampled at the newest time), or undefined when none. */
  latest(): GpuReading | undefined;
  close(): void;
}

interface SampleSqlRow {
  at: number;
  gpu_index: number;
  gpu_uuid: string | null;
  name: string;
  power_w: number | null;
  power_limit_w: number | null;
  utilization_percent: number | null;
  memory_used_mib: number | null;
  memory_total_mib: number | null;
  temperature_c: number | null;
}

const COLUMNS = 'at, gpu_index, gpu_uuid, name, power_w, power_limit_w, utilization_percent, memory_used_mib, memory_total_mib, temperature_c';

function toGpu(row: SampleSqlRow): GpuSample {
  return {
    index: row.gpu_index,
    uuid: row.gpu_uuid,
    name: row.name,
    powerW: row.power_w,
    powerLimitW: row.power_limit_w,
    utilizationPercent: row.utilization_percent,
    memoryUsedMiB: row.memory_used_mib,
    memoryTotalMiB: row.memory_total_mib,
    temperatureC: row.temperature_c,
  };
}

function toSample(row: SampleSqlRow): StoredGpuSample {
  return { at: row.at, ...toGpu(row) };
}

export function powerSamplesOn(db: BetterSqlite3.Database, file: string): PowerSamplesDb {
  const insert = db.prepare(`INSERT INTO power_samples (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const range = db.prepare<[number, number], SampleSqlRow>(`SELECT ${COLUMNS} FROM power_samples WHERE at >= ? AND at < ? ORDER BY at, gpu_index, id`);
  const newest = db.prepare<[], SampleSqlRow>(`SELECT ${COLUMNS} FROM power_samples WHERE at = (SELECT MAX(at) FROM power_samples) ORDER BY gpu_index, id`);
  const appendAll = db.transaction((reading: GpuReading) => {
    for (const g of reading.gpus)
      insert.run(reading.at, g.index, g.uuid, g.name, g.powerW, g.powerLimitW, g.utilizationPercent, g.memoryUsedMiB, g.memoryTotalMiB, g.temperatureC);
    return reading.gpus.length;
  });
  return {
    file,
    append: (reading) => (reading.gpus.length === 0 ? 0 : appendAll(reading)),
    between: (fromMs, toMs = Number.MAX_SAFE_INTEGER) => range.all(fromMs, toMs).map(toSample),
    latest: () => {
      const rows = newest.all();
      if (rows.length === 0) return undefined;
      return { at: rows[0].at, gpus: rows.map(toGpu) };
    },
    close: () => db.close(),
  };
}

/** Opens the history database (checked and migrated as every command does) for GPU samples. */
export async function openPowerSamples(file: string, options: OpenOptions = {}): Promise<PowerSamplesDb> {
  return powerSamplesOn(await openDatabase(file, options), file);
}
