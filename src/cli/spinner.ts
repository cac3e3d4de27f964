/** A progress indicator on stderr; silent unless stderr is a TTY with colour allowed and no --json. */
export interface Spinner {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

const silent: Spinner = { update() {}, succeed() {}, fail() {}, stop() {} };

export async function startSpinner(text: string, options: { enabled: boolean }): Promise<Spinner> {
  // A terminal that reports 0 columns (a pty nobody sized: `script`, some CI and container shells)
  // makes ora count Infinity lines to clear and spin at full CPU forever; print no spinner there.
  if (!options.enabled || !process.stderr.isTTY || !process.stderr.columns) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr }).start();
  return {
    update: (t) => void (spinner.text = t),
    succeed: (t) => void spinner.succeed(t),
    fail: (t) => void spinner.fail(t),
    stop: () => void spinner.stop(),
  };
}
