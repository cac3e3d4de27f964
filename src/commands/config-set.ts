import type { CommandContext } from '../cli/context.js';
import { DepinError } from '../cli/errors.js';
import { updateConfigFile, validateValue } from '../store/config-file.js';
import { displayValue } from '../store/config-keys.js';
import { requireKey } from './config-get.js';

export async function run(ctx: CommandContext, [key, value]: string[]): Promise<number> {
  await requireKey(ctx, key);
  let parsed: string | number = '';
  // Read (and so validate) the current file first: a corrupt file is reported, never overwritten.
  // The file's lock spans the read and the write, so a parallel run cannot drop this key or lose its own.
  updateConfigFile(ctx.paths.configFile, (values) => {
    try {
      parsed = validateValue(key, value, 'depin config set');
    } catch (error) {
      if (error instanceof DepinError) throw new DepinError(error.code, error.message, { kind: 'usage', suggestion: error.suggestion });
      throw error;
    }
    return { ...values, [key]: parsed };
  });
  if (ctx.output.json) ctx.output.printJson({ key, value: typeof parsed === 'string' ? displayValue(key, parsed) : parsed, file: ctx.paths.configFile });
  else ctx.output.err(`${key} = ${displayValue(key, parsed)} (in ${ctx.paths.configFile})`);
  return 0;
}
