/**
 * VRAM as the card is sold, from what the driver reports. Pure.
 *
 * Cards are sold in whole GiB (NVIDIA's and AMD's "GB"). Drivers report less than that, for two
 * reasons: they keep up to about 1 GiB for themselves (an RTX 4090 reports 24564 MiB, an H200
 * 143771 MiB), and with ECC on in GDDR memory a further 1/16 holds the check bits (a T4 reports
 * 15360 MiB of its 16 GiB, an L40S 46068 MiB of its 48 GiB). HBM keeps its check bits apart, so
 * ECC costs it nothing. nvidia-smi does not say which memory a card has, so the rule is:
 *
 * 1. The whole number of GiB just above the reported figure is the size, when it is one that memory
 *    is built in: a power of two times 1, 3, 5 or 9 (8, 12, 24, 40, 48, 72, 80, 96, 192 GB...).
 * 2. Otherwise, unless ECC is known to be off, the same with 1/16 added back, when that gives such a
 *    size (15360 MiB → 16 GB, 46068 MiB → 48 GB).
 * 3. Otherwise the whole number of GiB just above the reported figure (H200 → 141 GB, H100 NVL →
 *    94 GB, GTX 1080 Ti → 11 GB).
 */

const MIB_PER_GIB = 1024;
/** 15/16 of a GiB: what is left of each GiB of GDDR when ECC keeps 1/16 for check bits. */
const MIB_PER_GIB_WITH_ECC = (MIB_PER_GIB * 15) / 16;
const BUILT_ODD_FACTORS = new Set([1, 3, 5, 9]);

/** True for sizes memory is built in: a power of two times 1, 3, 5 or 9 GiB. */
export function isBuiltVramSize(gib: number): boolean {
  if (!Number.isInteger(gib) || gib <= 0) return false;
  let odd = gib;
  while (odd % 2 === 0) odd /= 2;
  return BUILT_ODD_FACTORS.has(odd);
}

/**
 * The card's size as sold, in GB, from the MiB its driver reports. `ecc` is the card's ECC mode:
 * true (on), false (off or not supported) or undefined (not reported). Undefined for no memory.
 */
export function soldVramGb(reportedMib: number, ecc?: boolean): number | undefined {
  if (!Number.isFinite(reportedMib) || reportedMib <= 0) return undefined;
  const plain = Math.ceil(reportedMib / MIB_PER_GIB);
  if (isBuiltVramSize(plain) || ecc === false) return plain;
  const withCheckBits = Math.ceil(reportedMib / MIB_PER_GIB_WITH_ECC);
  return isBuiltVramSize(withCheckBits) ? withCheckBits : plain;
}
