import { test } from 'node:test';
import assert from 'node:assert/strict';
import nosana from '../../plugins/nosana/index.js';
import { isSupportedGpu } from '../../plugins/nosana/supported-gpus.js';
import { sampleHardware } from './hardware-fixture.js';

test('model names as nvidia-smi prints them are matched against the supported list', () => {
  const supported = [
    'NVIDIA GeForce RTX 3060',
    'NVIDIA GeForce RTX 3080 Ti',
    'NVIDIA GeForce RTX 4090',
    'NVIDIA GeForce RTX 5090',
    'NVIDIA GeForce RTX 4070 SUPER',
    'NVIDIA GeForce RTX 3050 Ti Laptop GPU',
    'NVIDIA RTX A4000',
    'NVIDIA RTX A5500',
    'NVIDIA RTX A6000',
    'NVIDIA A40',
    'NVIDIA A100-SXM4-80GB',
    'NVIDIA A100 80GB PCIe',
    'NVIDIA H100 80GB HBM3',
  ];
  const unsupported = [
    'NVIDIA GeForce GTX 1080 Ti',
    'NVIDIA GeForce RTX 2080',
    'Tesla T4',
    'NVIDIA A10',
    'NVIDIA RTX A2000',
    'NVIDIA A30',
    'NVIDIA L4',
    'NVIDIA GeForce RTX 3000X',
    'Quadro RTX 4000',
    'Quadro RTX 5000',
    'NVIDIA RTX 4000 Ada Generation',
  ];
  for (const model of supported) assert.ok(isSupportedGpu(model), model);
  for (const model of unsupported) assert.ok(!isSupportedGpu(model), model);
});

test('an unsupported NVIDIA GPU is a reason; a supported one is not', () => {
  const bad = nosana.eligibility!(sampleHardware({ gpus: [{ vendor: 'nvidia', model: 'Tesla T4', vramMb: 15360 }] }));
  assert.equal(bad.reasons.length, 1);
  assert.match(bad.reasons[0], /Tesla T4 is not on Nosana's supported list/);
  const good = nosana.eligibility!(sampleHardware({ gpus: [{ vendor: 'nvidia', model: 'NVIDIA GeForce RTX 3090', vramMb: 24576 }] }));
  assert.deepEqual(good, { reasons: [], notes: [] });
});

test('no NVIDIA GPU is left to the requirement table, so the reason is not reported twice', () => {
  assert.deepEqual(nosana.eligibility!(sampleHardware({ gpus: [{ vendor: 'amd', model: 'Radeon RX 7900 XTX' }] })), { reasons: [] });
  assert.deepEqual(nosana.eligibility!(sampleHardware()), { reasons: [] });
});

test('several GPUs: eligible, with a note that one is used', () => {
  const result = nosana.eligibility!(
    sampleHardware({
      gpus: [
        { vendor: 'nvidia', model: 'NVIDIA GeForce GTX 1070' },
        { vendor: 'nvidia', model: 'NVIDIA GeForce RTX 4080' },
      ],
    }),
  );
  assert.deepEqual(result.reasons, []);
  assert.deepEqual(result.notes, ['Nosana runs one GPU per machine; NVIDIA GeForce RTX 4080 would be used.']);
});
