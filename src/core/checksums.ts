/**
 * Checksum files as release pages publish them: `sha256sum` output ("<hex>  <file>", or "<hex> *<file>"
 * in binary mode) and the BSD form `sha256sum --tag` prints ("SHA256 (<file>) = <hex>"). Pure.
 */

export interface ChecksumEntry {
  file: string;
  /** Lower-case hex, 64 characters. */
  sha256: string;
}

export interface ParsedChecksums {
  entries: ChecksumEntry[];
  /** Lines that could not be read, as "line N: why". */
  problems: string[];
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** True for a sha256 written as 64 hex digits (either case). */
export function isSha256(value: string): boolean {
  return HEX64.test(value);
}

/** Every entry of a checksum file; blank lines and # comments are skipped, anything else unreadable is a problem. */
export function parseChecksumFile(text: string): ParsedChecksums {
  const entries: ChecksumEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const gnu = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
    const bsd = /^SHA256 \((.+)\) = ([0-9a-fA-F]+)$/.exec(line);
    const [hex, file] = gnu ? [gnu[1], gnu[2]] : bsd ? [bsd[2], bsd[1]] : [undefined, undefined];
    if (hex === undefined || file === undefined) {
      problems.push(`line ${index + 1}: not "<sha256>  <file>"`);
      return;
    }
    if (!HEX64.test(hex)) {
      problems.push(`line ${index + 1}: "${hex.slice(0, 16)}…" is not a sha256 (64 hex digits)`);
      return;
    }
    entries.push({ file: file.startsWith('./') ? file.slice(2) : file, sha256: hex.toLowerCase() });
  });
  return { entries, problems };
}

/**
 * The sha256 listed for `file`, or why there is none. Two different sums for one file are refused
 * rather than guessed between.
 */
export function checksumFor(parsed: ParsedChecksums, file: string): { ok: true; sha256: string } | { ok: false; reason: string } {
  const found = new Set(parsed.entries.filter((entry) => entry.file === file).map((entry) => entry.sha256));
  if (found.size === 0) return { ok: false, reason: `the checksum file lists no sha256 for ${file}` };
  if (found.size > 1) return { ok: false, reason: `the checksum file lists ${found.size} different sha256 values for ${file}` };
  return { ok: true, sha256: [...found][0] };
}
