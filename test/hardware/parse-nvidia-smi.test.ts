import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NVIDIA_QUERIES,
  leadingVersion,
  nvidiaQueryArgs,
  nvidiaRowsToGpus,
  parseNvidiaBanner,
  parseNvidiaQueryCsv,
} from '../../src/hardware/parse-nvidia-smi.js';
import { parseNvidiaXml } from '../../src/hardware/parse-nvidia-xml.js';
import { fixtureProfile, fixtureText } from './fixtures.js';

test('three query lists, best first: KMD version, then the deprecated driver version, then what every driver knows', () => {
  assert.deepEqual(
    NVIDIA_QUERIES.map((fields) => nvidiaQueryArgs(fields)),
    [
      ['--query-gpu=index,name,uuid,pci.bus_id,memory.total,kmd_version,compute_cap,ecc.mode.current,mig.mode.current', '--format=csv,nounits'],
      ['--query-gpu=index,name,uuid,pci.bus_id,memory.total,driver_version,compute_cap,ecc.mode.current,mig.mode.current', '--format=csv,nounits'],
      ['--query-gpu=index,name,uuid,pci.bus_id,memory.total,driver_version,ecc.mode.current', '--format=csv,nounits'],
    ],
  );
});

test('recorded CSV of driver 610 (RTX 2080 SUPER): kmd_version, units and extra columns', () => {
  const [row, ...rest] = parseNvidiaQueryCsv(fixtureText('nvidia-smi-rtx2080super-610.57.04-query.csv'));
  assert.deepEqual(rest, []);
  assert.deepEqual(row, {
    index: 0,
    name: 'NVIDIA GeForce RTX 2080 SUPER',
    uuid: 'GPU-00000000-0000-0000-0000-000000000000',
    busId: '00000000:0C:00.0',
    memoryMib: 8192,
    driver: '610.57.04',
    computeCapability: '7.5',
    ecc: false,
  });
});

test('recorded CSV of datacenter cards: ECC on, MIG on and off, memory as the card reports it', () => {
  const l40s = parseNvidiaQueryCsv(fixtureText('nvidia-smi-l40s-595.80-query.csv'))[0];
  assert.deepEqual(
    [l40s?.name, l40s?.memoryMib, l40s?.driver, l40s?.computeCapability, l40s?.ecc, l40s?.mig],
    ['NVIDIA L40S', 46068, '595.80', '8.9', true, undefined],
  );
  const h100 = parseNvidiaQueryCsv(fixtureText('nvidia-smi-h100-590.48.01-query.csv'))[0];
  assert.deepEqual([h100?.name, h100?.memoryMib, h100?.driver, h100?.ecc, h100?.mig], ['NVIDIA H100 80GB HBM3', 81559, '590.48.01', true, { enabled: false }]);
  const h200 = parseNvidiaQueryCsv(fixtureText('nvidia-smi-h200-590.48.01-query.csv'))[0];
  assert.equal(h200?.memoryMib, 143771);
  const mig = parseNvidiaQueryCsv(fixtureText('nvidia-smi-h200-mig-590.48.01-query.csv'))[0];
  assert.deepEqual([mig?.memoryMib, mig?.mig], [143771, { enabled: true }]);
});

test('composed CSV: a name holding the separator, [N/A] values, blank lines, no header', () => {
  const text = [
    'index, name, uuid, pci.bus_id, memory.total [MiB], driver_version, compute_cap',
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
  // Without its header line the columns cannot be named: nothing is guessed.
  assert.deepEqual(parseNvidiaQueryCsv(text.split('\n').slice(1).join('\n')), []);
  assert.deepEqual(parseNvidiaQueryCsv(''), []);
});

test('version values: deprecation notices are not versions', () => {
  assert.equal(leadingVersion('610.57.04 [Deprecated; will be removed in CUDA 14.0. Use KMD Version instead]'), '610.57.04');
  assert.equal(leadingVersion('Deprecated, see "KMD version" instead'), undefined);
  assert.equal(leadingVersion('[N/A]'), undefined);
  const csv = 'index, name, driver_version, kmd_version\n0, GPU, Deprecated, see "KMD version" instead, 611.1\n';
  // The notice holds the separator; the name absorbs the extra cell, and the KMD version still wins.
  assert.equal(parseNvidiaQueryCsv(csv)[0]?.driver, '611.1');
});

test('recorded XML, MIG on (A100-SXM4-80GB): the GPU’s own memory, not the first MIG slice', () => {
  const parsed = parseNvidiaXml(fixtureText('nvidia-smi-a100-sxm4-80gb-mig-535.54.03-q-x.xml'));
  assert.equal(parsed.driver, '535.54.03');
  assert.equal(parsed.cuda, '12.2');
  assert.equal(parsed.gpus.length, 1);
  assert.equal(parsed.gpus[0]?.name, 'NVIDIA A100-SXM4-80GB');
  assert.equal(parsed.gpus[0]?.memoryMib, 81920);
  assert.deepEqual(parsed.gpus[0]?.mig, { enabled: true, devices: 4 });
  assert.equal(parsed.gpus[0]?.ecc, true);
});

test('recorded XML: datacenter, consumer, two GPUs, and drivers before 510', () => {
  const t4 = parseNvidiaXml(fixtureText('nvidia-smi-tesla-t4-515.105.01-q-x.xml'));
  assert.deepEqual(
    [t4.driver, t4.cuda, t4.gpus[0]?.name, t4.gpus[0]?.memoryMib, t4.gpus[0]?.ecc, t4.gpus[0]?.mig],
    ['515.105.01', '11.7', 'Tesla T4', 15360, true, undefined],
  );
  const a10g = parseNvidiaXml(fixtureText('nvidia-smi-a10g-515.105.01-q-x.xml')).gpus[0];
  assert.deepEqual([a10g?.name, a10g?.memoryMib, a10g?.ecc], ['NVIDIA A10G', 23028, true]);
  const dual = parseNvidiaXml(fixtureText('nvidia-smi-2x-rtx-a5000-590.44.01-q-x.xml'));
  assert.equal(dual.cuda, '13.1');
  assert.deepEqual(
    dual.gpus.map((g) => [g.index, g.name, g.memoryMib, g.ecc]),
    [
      [0, 'NVIDIA RTX A5000', 24564, false],
      [1, 'NVIDIA RTX A5000', 24564, false],
    ],
  );
  assert.notEqual(dual.gpus[0]?.busId, dual.gpus[1]?.busId);
  const p400 = parseNvidiaXml(fixtureText('nvidia-smi-quadro-p400-418.43-q-x.xml'));
  assert.deepEqual([p400.driver, p400.cuda, p400.gpus[0]?.name, p400.gpus[0]?.memoryMib, p400.gpus[0]?.ecc], ['418.43', '10.1', 'Quadro P400', 1998, false]);
  const ti = parseNvidiaXml(fixtureText('nvidia-smi-gtx-1660-ti-418.43-q-x.xml'));
  assert.deepEqual([ti.driver, ti.gpus[0]?.name, ti.gpus[0]?.memoryMib], ['418.43', 'Graphics Device', 5912]);
  const rtx3060 = parseNvidiaXml(fixtureText('nvidia-smi-rtx-3060-570.124.04-q-x.xml'));
  assert.deepEqual([rtx3060.driver, rtx3060.cuda, rtx3060.gpus[0]?.memoryMib], ['570.124.04', '12.8', 12288]);
  // fb_memory_usage, not bar1_memory_usage, is the card's memory.
  assert.equal(parseNvidiaXml(fixtureText('nvidia-smi-gtx1060-q-x.xml')).gpus[0]?.memoryMib, 6078);
});

test('XML: the driver-610 names first, deprecated values that are not versions ignored', () => {
  const xml = [
    '<?xml version="1.0" ?>',
    '<nvidia_smi_log>',
    '\t<driver_version>Deprecated, see "KMD version" instead</driver_version>',
    '\t<kmd_version>610.57.04</kmd_version>',
    '\t<cuda_version>Deprecated, see "CUDA UMD version" instead</cuda_version>',
    '\t<cuda_umd_version>13.3</cuda_umd_version>',
    '\t<attached_gpus>0</attached_gpus>',
    '</nvidia_smi_log>',
  ].join('\n');
  assert.deepEqual(parseNvidiaXml(xml), { driver: '610.57.04', cuda: '13.3', gpus: [] });
  const old = '<?xml version="1.0" ?>\n<nvidia_smi_log>\n\t<driver_version>396.54</driver_version>\n\t<attached_gpus>0</attached_gpus>\n</nvidia_smi_log>\n';
  assert.deepEqual(parseNvidiaXml(old), { driver: '396.54', gpus: [] });
});

test('banner: the old labels and the KMD / CUDA UMD labels of driver 610 (recorded)', () => {
  assert.deepEqual(parseNvidiaBanner(fixtureText('nvidia-smi-rtx2080super-610.57.04-banner.txt')), { driver: '610.57.04', cuda: '13.3' });
  assert.deepEqual(parseNvidiaBanner(fixtureText('nvidia-smi-rtx2080super-610.57.04-version.txt')), { driver: '610.57.04', cuda: '13.3' });
  assert.deepEqual(parseNvidiaBanner(fixtureText('nvidia-smi-l40s-595.80-banner.txt')), { driver: '595.80', cuda: '13.2' });
  assert.deepEqual(parseNvidiaBanner(fixtureText('nvidia-smi-h200-mig-590.48.01-banner.txt')), { driver: '590.48.01', cuda: '13.1' });
  assert.deepEqual(parseNvidiaBanner('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'), {});
});

test('parsed nvidia-smi output becomes exactly the GPU entry of the composed profiles', () => {
  const rows = parseNvidiaQueryCsv(fixtureText('nvidia-smi-rtx4090-query.csv'));
  const info = parseNvidiaXml(fixtureText('nvidia-smi-rtx4090-q-x.xml'));
  assert.deepEqual(nvidiaRowsToGpus(rows, info), fixtureProfile('profile-rtx4090-workstation.json').gpus);
  const legacyRows = parseNvidiaQueryCsv(fixtureText('nvidia-smi-gtx1060-query.csv'));
  const legacyInfo = parseNvidiaXml(fixtureText('nvidia-smi-gtx1060-q-x.xml'));
  assert.deepEqual(nvidiaRowsToGpus(legacyRows, legacyInfo), fixtureProfile('profile-gtx1060-legacy.json').gpus);
});
