import { MULTICALL3_ABI } from './evm-abi.js';
import { MULTICALL3_ADDRESS, type Hex } from './evm-chains.js';
import { decodeTokenResult, describeRead, encodeCall, tokenCallData, type EvmRead, type ReadOutcome, type Viem } from './evm-reads.js';
import type { RpcAnswer, RpcCall } from './evm-rpc.js';

/**
 * Calldata budget of one aggregate3 call. About 110 balance reads fit; that keeps each eth_call
 * far below the gas caps public endpoints put on eth_call, while every chunk still travels in the
 * same HTTP batch.
 */
export const MAX_MULTICALL_CALLDATA_BYTES = 24_000;

/** The aggregate3 eth_calls for a list of reads, and which reads each one carries. */
export interface MulticallPlan {
  calls: RpcCall[];
  chunks: number[][];
}

const [AGGREGATE3, GET_ETH_BALANCE] = MULTICALL3_ABI;

interface Call3 {
  target: Hex;
  allowFailure: boolean;
  callData: Hex;
}

function call3For(viem: Viem, read: EvmRead): Call3 {
  if (read.kind === 'native') {
    const callData = encodeCall(viem, GET_ETH_BALANCE, [read.holder]);
    return { target: MULTICALL3_ADDRESS, allowFailure: true, callData };
  }
  return { target: read.token, allowFailure: true, callData: tokenCallData(viem, read) };
}

/** ABI-encoded size of one Call3 inside the array: offset, target, flag, bytes offset and length, padded data. */
function encodedSize(call: Call3): number {
  const dataBytes = (call.callData.length - 2) / 2;
  return 5 * 32 + Math.ceil(dataBytes / 32) * 32;
}

/** Splits the reads into aggregate3 calls of at most `maxBytes` calldata each. */
export function planMulticall(viem: Viem, reads: EvmRead[], maxBytes = MAX_MULTICALL_CALLDATA_BYTES): MulticallPlan {
  const chunks: number[][] = [];
  const chunkCalls: Call3[][] = [];
  let size = Infinity;
  reads.forEach((read, index) => {
    const call = call3For(viem, read);
    const callSize = encodedSize(call);
    if (size + callSize > maxBytes) {
      chunks.push([]);
      chunkCalls.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(index);
    chunkCalls[chunkCalls.length - 1].push(call);
    size += callSize;
  });
  const calls = chunkCalls.map((group): RpcCall => {
    const data = encodeCall(viem, AGGREGATE3, [group]);
    return { method: 'eth_call', params: [{ to: MULTICALL3_ADDRESS, data }, 'latest'] };
  });
  return { calls, chunks };
}

function decodeOne(viem: Viem, read: EvmRead, success: boolean, data: Hex, host: string): ReadOutcome {
  if (!success) return { ok: false, kind: 'bad-response', reason: `${host}: ${describeRead(read)} reverted` };
  if (read.kind !== 'native') return decodeTokenResult(viem, read, data, host);
  try {
    return { ok: true, value: viem.decodeFunctionResult({ abi: MULTICALL3_ABI, functionName: 'getEthBalance', data }) };
  } catch {
    return { ok: false, kind: 'bad-response', reason: `${host}: Multicall3 getEthBalance returned data that is not a uint` };
  }
}

/**
 * Outcomes of the reads carried by a plan's answers. A read comes back undefined when its whole
 * aggregate3 call failed or could not be decoded (the code at the Multicall3 address is not what
 * it should be, or the endpoint refused the call): those reads deserve a direct retry.
 */
export function decodeMulticall(viem: Viem, reads: EvmRead[], plan: MulticallPlan, answers: RpcAnswer[], host: string): (ReadOutcome | undefined)[] {
  const outcomes: (ReadOutcome | undefined)[] = reads.map(() => undefined);
  plan.chunks.forEach((chunk, chunkIndex) => {
    const answer = answers[chunkIndex];
    if (!answer.ok) {
      // A transport failure hit the whole batch, and a direct retry would meet the same endpoint.
      if (answer.kind === 'unreachable') for (const index of chunk) outcomes[index] = { ok: false, kind: answer.kind, reason: answer.reason };
      return;
    }
    if (typeof answer.result !== 'string') return;
    let results: readonly { success: boolean; returnData: Hex }[];
    try {
      results = viem.decodeFunctionResult({ abi: MULTICALL3_ABI, functionName: 'aggregate3', data: answer.result as Hex });
    } catch {
      return;
    }
    if (results.length !== chunk.length) return;
    chunk.forEach((readIndex, position) => {
      const { success, returnData } = results[position];
      outcomes[readIndex] = decodeOne(viem, reads[readIndex], success, returnData, host);
    });
  });
  return outcomes;
}
