/** How a join plan reads for a person (`--dry-run`, and before the confirmation). Pure. */

export interface PlanLineStep {
  action: 'create' | 'update' | 'none' | 'by-hand';
  label: string;
  differences?: string[];
  display: (
    { kind: 'command'; argv: string[]; note?: string } | { kind: 'file'; path: string; contents: string; mode?: number } | { kind: 'note'; text: string }
  )[];
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX-shell quoting, so a printed command can be pasted and does exactly what depin would run. */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const MARK: Record<PlanLineStep['action'], string> = { create: '+', update: '~', none: '=', 'by-hand': '!' };
const WORD: Record<PlanLineStep['action'], string> = { create: 'create', update: 'change', none: 'unchanged', 'by-hand': 'by hand' };

export function planLines(steps: PlanLineStep[]): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    lines.push(`${MARK[step.action]} ${WORD[step.action]}: ${step.label}`);
    for (const d of step.differences ?? []) lines.push(`    differs: ${d}`);
    for (const item of step.display) {
      if (item.kind === 'command') lines.push(`    $ ${item.argv.map(shellQuote).join(' ')}${item.note ? `   # ${item.note}` : ''}`);
      else if (item.kind === 'note') lines.push(`    ${item.text}`);
      else {
        lines.push(`    write ${item.path}${item.mode === undefined ? '' : ` (mode ${item.mode.toString(8)})`}:`);
        for (const line of item.contents.replace(/\n$/, '').split('\n')) lines.push(`      | ${line}`);
      }
    }
  }
  return lines;
}

export function planSummary(steps: PlanLineStep[]): string {
  const count = (a: PlanLineStep['action']) => steps.filter((s) => s.action === a).length;
  const parts = [`${count('create')} to create`, `${count('update')} to change`, `${count('none')} unchanged`];
  if (count('by-hand') > 0) parts.push(`${count('by-hand')} by hand`);
  return parts.join(', ');
}
