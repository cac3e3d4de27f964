/** What one fresh process spent loading the read path's modules, in ms. */
export interface LoadTimes {
  /** read-all and every chain reader, without the libraries they load on demand. */
  readersMs: number;
  /** viem, which the EVM reader loads when it has something to read. */
  viemMs: number;
  /** @solana/web3.js, which the Solana reader loads only to derive token accounts. */
  web3Ms: number;
}

/**
 * Loads, in a fresh Node process, what `depin earnings`' read loads, in the order it needs them, and
 * prints how long each part took: the share of a fresh run that is module loading, not waiting.
 */
async function main(): Promise<void> {
  const t0 = performance.now();
  await Promise.all([
    import('../src/chains/read-all.js'),
    import('../src/chains/cosmos-rpc-reader.js'),
    import('../src/chains/solana-reader.js'),
    import('../src/chains/evm-reader.js'),
    import('../src/chains/filecoin-reader.js'),
    import('../src/chains/arweave-reader.js'),
  ]);
  const t1 = performance.now();
  await import('viem');
  const t2 = performance.now();
  await import('@solana/web3.js');
  const t3 = performance.now();
  const times: LoadTimes = { readersMs: t1 - t0, viemMs: t2 - t1, web3Ms: t3 - t2 };
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
