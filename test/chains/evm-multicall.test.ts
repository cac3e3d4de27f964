import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as viem from 'viem';
import * as viemUtils from 'viem/utils';
import { MULTICALL3_ADDRESS } from '../../src/chains/evm-chains.js';
import { MAX_MULTICALL_CALLDATA_BYTES, decodeMulticall, planMulticall } from '../../src/chains/evm-multicall.js';
import type { EvmRead } from '../../src/chains/evm-reads.js';
import { STORJ_ADDRESS, walletAddress } from '../helpers/contracts/tokens.js';

const reads: EvmRead[] = Array.from({ length: 400 }, (_, i): EvmRead =>
  i % 2 === 0 ? { kind: 'native', holder: walletAddress(i) } : { kind: 'balanceOf', token: STORJ_ADDRESS, holder: walletAddress(i) },
);

type Sent = { to: string; data: viem.Hex };

test('planMulticall keeps every aggregate3 call within the calldata budget and every read exactly once, in order', () => {
  const plan = planMulticall(viemUtils, reads);
  assert.ok(plan.calls.length >= 2);
  assert.deepEqual(
    plan.chunks.flat(),
    reads.map((_, i) => i),
  );
  plan.calls.forEach((call, k) => {
    const { to, data } = call.params[0] as Sent;
    assert.equal(to, MULTICALL3_ADDRESS);
    // The budget covers the Call3 array; the selector and the array's offset and length add 68 bytes.
    assert.ok((data.length - 2) / 2 <= MAX_MULTICALL_CALLDATA_BYTES + 68, `chunk ${k}: ${(data.length - 2) / 2} bytes`);
    const { args } = viem.decodeFunctionData({ abi: viem.multicall3Abi, data });
    const calls = args[0] as readonly { target: string; allowFailure: boolean }[];
    assert.equal(calls.length, plan.chunks[k].length);
    assert.ok(calls.every((c) => c.allowFailure));
  });
});

test('planMulticall with a tiny budget still makes progress: one read per call', () => {
  const plan = planMulticall(viemUtils, reads.slice(0, 3), 1);
  assert.deepEqual(plan.chunks, [[0], [1], [2]]);
});

test('decodeMulticall maps results back to reads and leaves undecodable chunks for a direct retry', () => {
  const plan = planMulticall(viemUtils, reads.slice(0, 4), 500);
  assert.equal(plan.chunks.length, 2);
  const good = viem.encodeFunctionResult({
    abi: viem.multicall3Abi,
    functionName: 'aggregate3',
    result: [
      { success: true, returnData: viem.encodeFunctionResult({ abi: viem.multicall3Abi, functionName: 'getEthBalance', result: 5n }) },
      { success: false, returnData: '0x' },
    ],
  });
  const outcomes = decodeMulticall(
    viemUtils,
    reads.slice(0, 4),
    plan,
    [
      { ok: true, result: good },
      { ok: true, result: '0x1234' },
    ],
    'node.test',
  );
  assert.deepEqual(outcomes[0], { ok: true, value: 5n });
  assert.equal(outcomes[1]?.ok, false);
  assert.match(outcomes[1] && !outcomes[1].ok ? outcomes[1].reason : '', /^node\.test: balanceOf\(\) of token 0x\w+ reverted$/);
  assert.deepEqual(outcomes.slice(2), [undefined, undefined]);
});
