import { ASSOCIATED_TOKEN_PROGRAM } from './solana-layout.js';

/** Derives associated token account addresses. */
export type AtaDeriver = (owner: string, mint: string, tokenProgram: string) => string;

// Each derivation costs an ed25519 curve check or two; wallets are read again and again in one process
// (`status --watch`, the benchmark), so the addresses are kept.
const derived = new Map<string, string>();
let loading: Promise<AtaDeriver> | undefined;

/**
 * Loads @solana/web3.js on first use (it is heavy) and returns a deriver of associated token accounts:
 * the program address of seeds [owner, token program, mint] under the Associated Token Account program.
 * Owners off the curve (program-derived addresses) are allowed, as the ATA program allows them.
 */
export function loadAtaDeriver(): Promise<AtaDeriver> {
  loading ??= import('@solana/web3.js').then(({ PublicKey }) => {
    const ataProgram = new PublicKey(ASSOCIATED_TOKEN_PROGRAM);
    return (owner: string, mint: string, tokenProgram: string) => {
      const key = `${owner}|${mint}|${tokenProgram}`;
      let address = derived.get(key);
      if (address === undefined) {
        const seeds = [new PublicKey(owner).toBuffer(), new PublicKey(tokenProgram).toBuffer(), new PublicKey(mint).toBuffer()];
        address = PublicKey.findProgramAddressSync(seeds, ataProgram)[0].toBase58();
        derived.set(key, address);
      }
      return address;
    };
  });
  // A failed load is not remembered, so a later read can try again.
  loading.catch(() => (loading = undefined));
  return loading;
}
