import { usageError } from './errors.js';
import { askSecret } from './prompt.js';

const MAX_BYTES = 64 * 1024;

/**
 * A secret value from a hidden prompt on a terminal, or from stdin when it is a pipe or file
 * (`printf %s "$TOKEN" | depin secret set …`). Never from argv, where `ps` and shell history see it.
 */
export async function readSecretValue(label: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  let value: string;
  if (stdin.isTTY) {
    if (!process.stderr.isTTY)
      throw usageError(`cannot ask for ${label}: stderr is not a terminal`, `Pipe the value on stdin instead: printf %s "$VALUE" | depin …`);
    value = await askSecret(`${label}:`);
  } else {
    value = stripOneNewline(await readAll(stdin));
  }
  if (value.length === 0) {
    throw usageError(
      `no value for ${label} on stdin`,
      `Pipe it in (printf %s "$VALUE" | depin …) or run the command on a terminal to be asked; use --clear to remove a stored value.`,
    );
  }
  // A token travels in an HTTP header, where a line break would split it.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw usageError(`the value for ${label} contains a line break or control character`, 'Give the token on one line.');
  return value;
}

function stripOneNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BYTES) throw usageError(`more than ${MAX_BYTES / 1024} KiB on stdin`, 'Give only the token on stdin.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
