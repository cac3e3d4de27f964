/** A distinct, non-zero balance per wallet and token (a few units of the token), so a mixed-up read cannot pass. */
export const amountFor = (wallet: number, token: number, decimals: number): bigint =>
  BigInt(1_000 + 37 * wallet + token) * 10n ** BigInt(Math.max(0, decimals - 3));
