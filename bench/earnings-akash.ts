import type { TokenSpec } from '../src/plugin-api/types.js';
import { startLoopbackCometBft } from '../test/helpers/loopback-cometbft.js';
import { akashAddress, startLoopbackLcd, type Coin } from '../test/helpers/loopback-lcd.js';
import { amountFor } from './earnings-amounts.js';

/**
 * CometBFT's default `rpc.max_request_batch_size` (config/config.go, since v0.38.8): a node answers a
 * larger batch with one error, so this is what a user's public RPC node accepts unless its operator
 * raised it.
 */
export const COMET_MAX_BATCH = 10;

/** Both Akash servers, over one chain state, and the wallets they know. */
export interface AkashServers {
  wallets: string[];
  /** CometBFT JSON-RPC, `abci_query` (what `akash.api=rpc` reads). */
  rpc: { url: string; count: () => number; ping: () => Promise<void> };
  /** Cosmos LCD (what `akash.api=lcd` and the naive reader read). */
  lcd: { url: string; count: () => number; ping: () => Promise<void> };
  close(): Promise<void>;
}

/**
 * Bank balances in every manifest denom plus staking rewards with a fractional part, for `count`
 * wallets, served by a CometBFT node and an LCD with the same latency. `record` is told what each
 * (wallet, token) should read: the amount and the rewards truncated to whole base units.
 */
export async function startAkash(
  tokens: TokenSpec[],
  count: number,
  latencyMs: number,
  record: (address: string, token: TokenSpec, raw: bigint, rewards: bigint) => void,
): Promise<AkashServers> {
  const wallets = Array.from({ length: count }, (_, w) => akashAddress(`bench akash ${w}`));
  const validator = akashAddress('bench validator', 'akashvaloper');
  const balances: Record<string, Coin[]> = {};
  const rewards: Record<string, { validator: string; reward: Coin[] }[]> = {};
  wallets.forEach((address, w) => {
    balances[address] = tokens.map((token, t) => ({ denom: token.mint!, amount: amountFor(w, t, token.decimals).toString() }));
    rewards[address] = [{ validator, reward: tokens.map((token, t) => ({ denom: token.mint!, amount: `${500 + w + t}.75` })) }];
    tokens.forEach((token, t) => record(address, token, amountFor(w, t, token.decimals), BigInt(500 + w + t)));
  });
  const lcd = await startLoopbackLcd({ balances, rewards }, { latencyMs });
  try {
    const comet = await startLoopbackCometBft({ balances, rewards, maxBatchSize: COMET_MAX_BATCH }, { latencyMs });
    return {
      wallets,
      rpc: {
        url: comet.url,
        count: () => comet.requests.count,
        ping: async () => {
          const response = await fetch(comet.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'health', params: [] }),
          });
          await response.text();
        },
      },
      lcd: {
        url: lcd.url,
        count: () => lcd.requests.count,
        ping: async () => void (await (await fetch(`${lcd.url}/cosmos/distribution/v1beta1/delegators/${wallets[0]}/rewards`)).text()),
      },
      async close() {
        await comet.close().catch(() => undefined);
        await lcd.close();
      },
    };
  } catch (error) {
    await lcd.close();
    throw error;
  }
}
