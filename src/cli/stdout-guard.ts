/**
 * With --json, stdout carries exactly one JSON document, whatever a plugin prints. Once guarded,
 * every write to `process.stdout` (console.log included) goes to stderr, and only the CLI's own
 * output, written through `cliStdout()`, reaches the real stdout.
 */
type Write = typeof process.stdout.write;

let realWrite: Write | undefined;

export function guardStdout(): void {
  if (realWrite) return;
  realWrite = process.stdout.write;
  process.stdout.write = ((...args: Parameters<Write>) => process.stderr.write(...(args as Parameters<typeof process.stderr.write>))) as Write;
}

/** The stream the CLI writes its own output to: the real stdout, guarded or not. */
export function cliStdout(): NodeJS.WriteStream {
  const write = realWrite;
  if (!write) return process.stdout;
  return new Proxy(process.stdout, {
    get: (target, property) => (property === 'write' ? write.bind(target) : Reflect.get(target, property, target)),
  });
}

/** Waits until what was written to stdout and stderr has been handed to the OS. */
export async function flushOutput(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream, write: Write) =>
    new Promise<void>((resolve) => {
      if (stream.destroyed || !stream.writable) return resolve();
      (write as (chunk: string, callback: () => void) => boolean).call(stream, '', () => resolve());
    });
  await Promise.all([drained(process.stdout, realWrite ?? process.stdout.write), drained(process.stderr, process.stderr.write)]);
}
