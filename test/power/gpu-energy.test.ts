// Energy per GPU per UTC day by trapezoids, with gaps and missing figures left unmeasured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuEnergyByDay, type PowerPoint } from '../../src/core/gpu-energy.js';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const point = (sec: number, powerW: number | null, gpuIndex = 0, uuid: string | null = 'GPU-a'): PowerPoint => ({
  at: T0 + sec * 1000,
  gpuIndex,
  uuid,
  name: 'NVIDIA H200',
  powerW,
});
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} is not ${b}`);

test('a steady 100 W for an hour sampled every 30 s is 0.1 kWh over 3600 measured seconds', () => {
  const points = Array.from({ length: 121 }, (_, i) => point(i * 30, 100));
  const [day] = gpuEnergyByDay(points, { maxGapSeconds: 120 });
  assert.equal(day.day, '2026-03-01');
  close(day.kWh, 0.1);
  assert.equal(day.measuredSeconds, 3600);
});

test('a ramp is integrated as trapezoids, in any input order', () => {
  // 0 W to 600 W over 10 minutes: 300 W average for 600 s = 0.05 kWh.
  const [day] = gpuEnergyByDay([point(600, 600), point(0, 0)], { maxGapSeconds: 600 });
  close(day.kWh, 0.05);
});

test('a gap longer than the limit is not measured; a figure missing on either side is not either', () => {
  const points = [point(0, 200), point(60, 200), point(60 + 3600, 200), point(3720, 200), point(3780, null), point(3840, 200)];
  const [day] = gpuEnergyByDay(points, { maxGapSeconds: 300 });
  assert.equal(day.measuredSeconds, 120);
  close(day.kWh, (200 * 120) / 3_600_000);
});

test('an interval across midnight UTC is split there, with the power on the line between its samples', () => {
  const before = Date.UTC(2026, 2, 1, 23, 59, 0);
  const points: PowerPoint[] = [
    { at: before, gpuIndex: 0, uuid: 'GPU-a', name: 'x', powerW: 100 },
    { at: before + 120_000, gpuIndex: 0, uuid: 'GPU-a', name: 'x', powerW: 300 },
  ];
  const [d1, d2] = gpuEnergyByDay(points, { maxGapSeconds: 300 });
  assert.equal(d1.day, '2026-03-01');
  assert.equal(d2.day, '2026-03-02');
  assert.equal(d1.measuredSeconds, 60);
  assert.equal(d2.measuredSeconds, 60);
  close(d1.kWh, (150 * 60) / 3_600_000);
  close(d2.kWh, (250 * 60) / 3_600_000);
});

test('GPUs are kept apart by index and UUID; a swapped card is its own series', () => {
  const points = [point(0, 100, 0), point(60, 100, 0), point(0, 50, 1, 'GPU-b'), point(60, 50, 1, 'GPU-b'), point(120, 400, 0, 'GPU-new')];
  const days = gpuEnergyByDay(points, { maxGapSeconds: 300 });
  assert.deepEqual(
    days.map((d) => [d.gpuIndex, d.uuid, d.measuredSeconds]),
    [
      [0, 'GPU-a', 60],
      [0, 'GPU-new', 0],
      [1, 'GPU-b', 60],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)),
  );
});

test('a day with samples but nothing measurable says 0 measured seconds; no samples, no days', () => {
  const [day] = gpuEnergyByDay([point(0, 100)], { maxGapSeconds: 60 });
  assert.equal(day.measuredSeconds, 0);
  assert.equal(day.kWh, 0);
  assert.deepEqual(gpuEnergyByDay([], { maxGapSeconds: 60 }), []);
});

test('a gap limit that is not above zero is refused', () => {
  for (const bad of [0, -1, Number.NaN]) assert.throws(() => gpuEnergyByDay([], { maxGapSeconds: bad }), /maxGapSeconds/);
});
