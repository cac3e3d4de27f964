import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';

/** On-disk form of the encrypted secrets file. Every write draws a new salt and IV. */
export interface SealedBox {
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

/** Raised when the passphrase does not open the box (or the box was altered). */
export class WrongPassphraseError extends Error {
  constructor() {
    super('the passphrase does not decrypt this file, or the file was altered');
    this.name = 'WrongPassphraseError';
  }
}

const DEFAULT_KDF = { N: 1 << 15, r: 8, p: 1 };
// A file names its own KDF cost; cap it so an altered file cannot make depin allocate gigabytes.
const MAX_N = 1 << 20;

export async function seal(plaintext: string, passphrase: string): Promise<SealedBox> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdf = { name: 'scrypt' as const, ...DEFAULT_KDF, salt: salt.toString('base64') };
  const key = await deriveKey(passphrase, salt, DEFAULT_KDF);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header(kdf));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    version: 1,
    kdf,
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export async function unseal(box: SealedBox, passphrase: string): Promise<string> {
  const { N, r, p } = box.kdf;
  const sane = [N, r, p].every(Number.isInteger) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
  if (!sane) {
    throw new WrongPassphraseError();
  }
  try {
    const key = await deriveKey(passphrase, Buffer.from(box.kdf.salt, 'base64'), { N, r, p });
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(header(box.kdf));
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong passphrase from an altered file; both land here.
    throw new WrongPassphraseError();
  }
}

/** Shape check for a parsed file, before any decryption is tried. */
export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const kdf = v.kdf as Record<string, unknown> | undefined;
  return (
    v.version === 1 &&
    v.cipher === 'aes-256-gcm' &&
    typeof v.iv === 'string' &&
    typeof v.tag === 'string' &&
    typeof v.data === 'string' &&
    typeof kdf === 'object' &&
    kdf !== null &&
    kdf.name === 'scrypt' &&
    typeof kdf.N === 'number' &&
    typeof kdf.r === 'number' &&
    typeof kdf.p === 'number' &&
    typeof kdf.salt === 'string'
  );
}

/** Binds the KDF parameters to the ciphertext, so editing them fails authentication. */
function header(kdf: SealedBox['kdf']): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, c: 'aes-256-gcm', n: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, s: kdf.salt }));
}

function deriveKey(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
