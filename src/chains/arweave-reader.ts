import { httpRequest } from '../net/http-client.js';
import { readPolicy } from './json-rpc.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

type Read = { ok: true; raw: bigint } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };

/**
 * AR balances through an Arweave gateway (`GET /wallet/{address}/balance`, plain-text winston).
 * Gateways have no batch route, so each distinct address costs one request; they run concurrently
 * and the HTTP client caps how many are in flight at the gateway.
 */
export const arweaveReader: ChainReader = {
  chains: ['arweave'],
  async readBalances(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]> {
    const policy = readPolicy(options);
    const gateway = options.endpoint.replace(/\/+$/, '');
    const addresses = [...new Set(requests.filter((r) => r.chain === 'arweave').map((r) => r.readAddress))];
    const reads = new Map(
      await Promise.all(
        addresses.map(async (address): Promise<[string, Read]> => {
          const reply = await httpRequest(`${gateway}/wallet/${encodeURIComponent(address)}/balance`, { signal: options.signal }, policy);
          if (!reply.ok) return [address, reply];
          const text = reply.text.trim();
          if (!/^\d+$/.test(text))
            return [address, { ok: false, kind: 'bad-response', reason: `expected a winston integer, got ${JSON.stringify(text.slice(0, 40))}` }];
          return [address, { ok: true, raw: BigInt(text) }];
        }),
      ),
    );
    return requests.map((request): BalanceResult => {
      if (request.chain !== 'arweave') return { request, status: 'wrong-chain', reason: `the Arweave reader cannot read chain ${request.chain}` };
      const read = reads.get(request.readAddress)!;
      return read.ok ? { request, status: 'ok', raw: read.raw, decimals: request.token.decimals } : { request, status: read.kind, reason: read.reason };
    });
  },
};
