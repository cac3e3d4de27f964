// Baseline for the daemon benchmark: a bare Node process making the same health probes as the daemon,
// all at once, every interval, and nothing else. argv: interval in ms, then the probe URLs.
const [intervalArg, ...urls] = process.argv.slice(2);
const interval = Number(intervalArg);

async function cycle(): Promise<void> {
  await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.json();
    }),
  );
}

process.on('SIGTERM', () => process.exit(0));
process.stderr.write('probing\n');
for (;;) {
  const started = Date.now();
  await cycle();
  await new Promise((r) => setTimeout(r, Math.max(0, interval - (Date.now() - started))));
}
