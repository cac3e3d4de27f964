import type { Question } from '../plugin-api/types.js';
import { DepinError, usageError } from './errors.js';

export interface PromptOptions {
  /** Answers already given by flags (`--set key=value`, `--chain`, …). */
  given: Record<string, string | undefined>;
  /** `--yes`: take defaults instead of asking. */
  yes: boolean;
  /** Whether a human can answer (stdin and stderr are TTYs). */
  interactive: boolean;
}

/**
 * Answers every question: a flag wins, then `--yes` takes the default, then a prompt on a TTY.
 * Without a TTY a missing answer is a usage error naming the flag, never a hang.
 */
export async function ask(questions: Question[], options: PromptOptions): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const given = options.given[q.key];
    if (given !== undefined) {
      const problem = q.validate?.(given);
      // The flag without its example value: the person typed their own value, not the example.
      if (problem) throw usageError(`${q.flag.replace(/(=| <).*$/, '')}: ${problem}`);
      answers[q.key] = given;
      continue;
    }
    if (options.yes && q.default !== undefined) {
      answers[q.key] = q.default;
      continue;
    }
    if (!options.interactive) {
      const choices = q.choices ? ` with one of: ${q.choices.join(', ')}` : '';
      throw usageError(
        `missing answer: ${q.message}`,
        `Pass ${q.flag}${choices}${q.default === undefined ? '' : ' (or --yes to take the default)'}; no terminal is attached to ask.`,
      );
    }
    answers[q.key] = await promptOne(q);
  }
  return answers;
}

async function promptOne(q: Question): Promise<string> {
  const validate = (v: string) => q.validate?.(v) ?? true;
  // inquirer 9 and later know `select`, not the old `list`.
  const question = q.choices
    ? { type: 'select', name: 'value', message: q.message, choices: q.choices, default: q.default }
    : q.secret
      ? { type: 'password', name: 'value', message: q.message, mask: '*', validate }
      : { type: 'input', name: 'value', message: q.message, default: q.default, validate };
  return String(await run(question));
}

/** Runs one inquirer question on stdin/stderr: stdout carries only the command's data. */
async function run(question: Record<string, unknown>): Promise<unknown> {
  const { createPromptModule } = await import('inquirer');
  const prompt = createPromptModule({ input: process.stdin, output: process.stderr });
  try {
    const answers = (await prompt([question as never])) as Record<string, unknown>;
    return answers.value;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new DepinError('CANCELLED', 'cancelled', { kind: 'cancelled' });
    throw error;
  }
}

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;
}

/** A hidden prompt on the terminal (stderr), for a secret that must never travel in argv. */
export async function askSecret(message: string): Promise<string> {
  return String(await run({ type: 'password', name: 'value', message, mask: '*' }));
}
