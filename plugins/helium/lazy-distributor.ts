import { base58 } from '@scure/base';

// Facts from helium/helium-program-library @145947eedf2b:
// - program id: programs/lazy-distributor/src/lib.rs `declare_id!` and
//   packages/lazy-distributor-sdk/src/constants.ts `PROGRAM_ID`;
// - HNT lazy distributor: packages/blockchain-api/src/lib/constants/lazy-distributor.ts
//   `HNT_LAZY_DISTRIBUTOR_ADDRESS`, which is the PDA ["lazy_distributor", HNT mint]
//   (programs/lazy-distributor/src/instructions/initialize_lazy_distributor_v0.rs seeds);
// - recipient seeds ["recipient", lazy distributor, asset]: initialize_recipient_v0.rs,
//   initialize_compression_recipient_v0.rs and packages/lazy-distributor-sdk/src/pdas.ts `recipientKey`;
// - RecipientV0 layout: programs/lazy-distributor/src/state.rs and the IDL
//   packages/spl-utils/src/idl/lazy_distributor.json (discriminator [174,14,199,217,206,108,154,50]).

/** Program id of Helium's lazy distributor. */
export const LAZY_DISTRIBUTOR_PROGRAM_ID = '1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w';
/** Mint of HNT, whose lazy distributor pays hotspot rewards since HIP-138. */
export const HNT_MINT = 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux';
/** Published address of the HNT lazy distributor (the PDA ["lazy_distributor", HNT mint]). */
export const HNT_LAZY_DISTRIBUTOR = '6gcZXjHgKUBMedc2V1aZLFPwh8M1rPVRw7kpo2KqNrFq';
/** Anchor account discriminator of RecipientV0: sha256("account:RecipientV0")[0..8]. */
export const RECIPIENT_V0_DISCRIMINATOR: readonly number[] = [174, 14, 199, 217, 206, 108, 154, 50];

/** A decoded RecipientV0 account: what one asset (hotspot) has claimed from one lazy distributor. */
export interface RecipientV0 {
  lazyDistributor: string;
  asset: string;
  /** Base units claimed so far, over the asset's lifetime. */
  totalRewards: bigint;
  currentConfigVersion: number;
  /** One entry per oracle of the distributor; null where that oracle has set none. */
  currentRewards: (bigint | null)[];
  bumpSeed: number;
  reserved: bigint;
  /** The all-zero key (`11111111111111111111111111111111`) when no custom destination is set. */
  destination: string;
}

/** A Solana address string, or undefined when it is not base58 of exactly 32 bytes. */
function addressBytes(address: string): Uint8Array | undefined {
  try {
    const bytes = base58.decode(address);
    return bytes.length === 32 && base58.encode(bytes) === address ? bytes : undefined;
  } catch {
    return undefined;
  }
}

async function findPda(seeds: Uint8Array[], programId: string): Promise<string> {
  const { PublicKey } = await import('@solana/web3.js');
  return PublicKey.findProgramAddressSync(seeds, new PublicKey(programId))[0].toBase58();
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The lazy distributor PDA of a rewards mint. */
export async function lazyDistributorAddress(rewardsMint: string): Promise<string> {
  const mint = addressBytes(rewardsMint);
  if (!mint) throw new TypeError(`not a Solana address: ${rewardsMint}`);
  return findPda([utf8('lazy_distributor'), mint], LAZY_DISTRIBUTOR_PROGRAM_ID);
}

/** The recipient PDA of an asset under a lazy distributor; undefined when either is not a Solana address. */
export async function recipientAddress(lazyDistributor: string, asset: string): Promise<string | undefined> {
  const distributor = addressBytes(lazyDistributor);
  const assetBytes = addressBytes(asset);
  if (!distributor || !assetBytes) return undefined;
  return findPda([utf8('recipient'), distributor, assetBytes], LAZY_DISTRIBUTOR_PROGRAM_ID);
}

/** Borsh reader over account bytes; every read checks the length first. */
class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  private take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new RangeError(`account data ends at byte ${this.bytes.length}, needed ${this.at + n}`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0];
  }
  u16(): number {
    const b = this.take(2);
    return b[0] | (b[1] << 8);
  }
  u32(): number {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 0x1000000;
  }
  u64(): bigint {
    const b = this.take(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }
  pubkey(): string {
    return base58.encode(this.take(32));
  }
}

/**
 * Decodes a RecipientV0 account (8-byte discriminator, then the fields in IDL order). A string in
 * place of the account says why the bytes are not one: a wrong discriminator is another account type,
 * never an empty recipient.
 */
export function decodeRecipientV0(data: Uint8Array): RecipientV0 | string {
  if (data.length < 8 || RECIPIENT_V0_DISCRIMINATOR.some((b, i) => data[i] !== b))
    return 'account is not a lazy-distributor RecipientV0 (discriminator mismatch)';
  const r = new Reader(data.subarray(8));
  try {
    const lazyDistributor = r.pubkey();
    const asset = r.pubkey();
    const totalRewards = r.u64();
    const currentConfigVersion = r.u16();
    const count = r.u32();
    // Each entry takes at least its one-byte Option tag, so a count past the data is corruption.
    if (count > data.length) return `RecipientV0 lists ${count} oracle rewards in ${data.length} bytes`;
    const currentRewards: (bigint | null)[] = [];
    for (let i = 0; i < count; i++) {
      const tag = r.u8();
      if (tag > 1) return `RecipientV0 current_rewards[${i}] has option tag ${tag}`;
      currentRewards.push(tag === 1 ? r.u64() : null);
    }
    const bumpSeed = r.u8();
    const reserved = r.u64();
    const destination = r.pubkey();
    return { lazyDistributor, asset, totalRewards, currentConfigVersion, currentRewards, bumpSeed, reserved, destination };
  } catch (error) {
    return `RecipientV0 is truncated: ${(error as Error).message}`;
  }
}

/** What the chain says a recipient address has claimed: 0n when the account does not exist yet. */
export type ClaimedReading = { ok: true; claimed: bigint } | { ok: false; reason: string };

/** The fields of a Solana account that a claim check needs. */
export interface AccountBytes {
  owner: string;
  data: Uint8Array;
}

/**
 * What the recipient account of `asset` under `lazyDistributor` says was claimed. A missing account
 * (null) means the asset never claimed; an account of another program, type, distributor or asset
 * is bad data.
 */
export function claimedFromAccount(account: AccountBytes | null, lazyDistributor: string, asset: string): ClaimedReading {
  if (account === null) return { ok: true, claimed: 0n };
  const fail = (reason: string): ClaimedReading => ({ ok: false, reason: `recipient of asset ${asset}: ${reason}` });
  if (account.owner !== LAZY_DISTRIBUTOR_PROGRAM_ID) return fail(`account is owned by ${account.owner}, not the lazy distributor program`);
  const recipient = decodeRecipientV0(account.data);
  if (typeof recipient === 'string') return fail(recipient);
  if (recipient.lazyDistributor !== lazyDistributor) return fail(`account belongs to lazy distributor ${recipient.lazyDistributor}`);
  if (recipient.asset !== asset) return fail(`account belongs to asset ${recipient.asset}`);
  return { ok: true, claimed: recipient.totalRewards };
}
