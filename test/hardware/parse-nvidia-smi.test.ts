import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NVIDIA_QUERY_FIELDS,
  nvidiaQueryArgs,
  nvidiaRowsToGpus,
  parseNvidiaBanner,
  parseNvidiaQueryCsv,
  parseNvidiaXml,
  queryRejectedComputeCap,
} from '../../src/hardware/parse-nvidia-smi.js';
import { fixtureProfile, fixtureText } from './fixtures.js';

test('the query argv is the documented --query-gpu form', () => {
  assert.deepEqual(nvidiaQueryArgs(), ['--query-gpu=index,name,uuid,pci.bus_id,memory.total,driver_version,compute_cap', '--format=csv,noheader,nounits']);
  assert.deepEqual(nvidiaQueryArgs(NVIDIA_QUERY_FIELDS.filter((f) => f !== 'compute_cap')), [
    '--query-gpu=index,name,uuid,pci.bus_id,memory.total,driver_version',
    '--format=csv,noheader,nounits',
  ]);
});

test('CSV query output of an RTX 4090', () => {
  assert.deepEqual(parseNvidiaQueryCsv(fixtureText('nvidia-smi-rtx4090-query.csv')), [
    {
      index: 0,
      name: 'NVIDIA GeForce RTX 4090',
      uuid: 'GPU-8f6a2c1e-4b7d-93e0-5c2a-1d9e7b3f6a40',
      busId: '00000000:01:00.0',
      memoryMib: 24564,
      driver: '550.54.14',
      computeCapability: '8.9',
    },
  ]);
});

test('CSV without compute_cap (driver 410) leaves the capability out', () => {
  const fields = NVIDIA_QUERY_FIELDS.filter((f) => f !== 'compute_cap');
  const [row] = parseNvidiaQueryCsv(fixtureText('nvidia-smi-gtx1060-query.csv'), fields);
  assert.equal(row?.name, 'GeForce GTX 1060 6GB');
  assert.equal(row?.memoryMib, 6078);
  assert.equal(row?.driver, '410.104');
  assert.equal(row?.computeCapability, undefined);
});

test('CSV: several GPUs, [N/A] values, a name holding the separator, blank lines', () => {
  const text = [
    '0, NVIDIA A100-SXM4-80GB, GPU-aaaaaaaa-1111-2222-3333-444444444444, 00000000:07:00.0, 81920, 535.129.03, 8.0',
    '',
    '1, Quadro RTX 8000, Special, Edition, GPU-bbbbbbbb-1111-2222-3333-444444444444, 00000000:0B:00.0, [N/A], 535.129.03, [Not Supported]',
  ].join('\n');
  const rows = parseNvidiaQueryCsv(text);
  assert.equal(rows.length, 2);
  assert.equal(rows[1]?.name, 'Quadro RTX 8000, Special, Edition');
  assert.equal(rows[1]?.uuid, 'GPU-bbbbbbbb-1111-2222-3333-444444444444');
  assert.equal(rows[1]?.memoryMib, undefined);
  assert.equal(rows[1]?.computeCapability, undefined);
  assert.equal(rows[0]?.computeCapability, '8.0');
});

test('XML -q -x: driver, CUDA and the GPU', () => {
  const parsed = parseNvidiaXml(fixtureText('nvidia-smi-rtx4090-q-x.xml'));
  assert.equal(parsed.driver, '550.54.14');
  assert.equal(parsed.cuda, '12.4');
  assert.deepEqual(parsed.gpus, [
    { index: 0, name: 'NVIDIA GeForce RTX 4090', uuid: 'GPU-8f6a2c1e-4b7d-93e0-5c2a-1d9e7b3f6a40', busId: '00000000:01:00.0', memoryMib: 24564 },
  ]);
  const legacy = parseNvidiaXml(fixtureText('nvidia-smi-gtx1060-q-x.xml'));
  assert.equal(legacy.cuda, '10.0');
  assert.equal(legacy.driver, '410.104');
  // fb_memory_usage, not bar1_memory_usage, is the card's memory.
  assert.equal(legacy.gpus[0]?.memoryMib, 6078);
});

test('XML without cuda_version (drivers before 410) gives no CUDA version', () => {
  const parsed = parseNvidiaXml(
    '<?xml version="1.0" ?>\n<nvidia_smi_log>\n\t<driver_version>396.54</driver_version>\n\t<attached_gpus>0</attached_gpus>\n</nvidia_smi_log>\n',
  );
  assert.equal(parsed.driver, '396.54');
  assert.equal(parsed.cuda, undefined);
  assert.deepEqual(parsed.gpus, []);
});

test('banner: driver and CUDA version', () => {
  assert.deepEqual(parseNvidiaBanner(fixtureText('nvidia-smi-rtx4090-banner.txt')), { driver: '550.54.14', cuda: '12.4' });
  assert.deepEqual(parseNvidiaBanner('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'), { driver: undefined, cuda: undefined });
});

test('the compute_cap complaint of old drivers is recognised', () => {
  assert.equal(queryRejectedComputeCap(fixtureText('nvidia-smi-gtx1060-compute-cap-error.txt')), true);
  assert.equal(queryRejectedComputeCap('No devices were found'), false);
});

test('parsed nvidia-smi output becomes exactly the GPU entry of the workstation profile', () => {
  const rows = parseNvidiaQueryCsv(fixtureText('nvidia-smi-rtx4090-query.csv'));
  const info = parseNvidiaXml(fixtureText('nvidia-smi-rtx4090-q-x.xml'));
  assert.deepEqual(nvidiaRowsToGpus(rows, info), fixtureProfile('profile-rtx4090-workstation.json').gpus);

  const fields = NVIDIA_QUERY_FIELDS.filter((f) => f !== 'compute_cap');
  const legacyRows = parseNvidiaQueryCsv(fixtureText('nvidia-smi-gtx1060-query.csv'), fields);
  const legacyInfo = parseNvidiaXml(fixtureText('nvidia-smi-gtx1060-q-x.xml'));
  assert.deepEqual(nvidiaRowsToGpus(legacyRows, legacyInfo), fixtureProfile('profile-gtx1060-legacy.json').gpus);
});
