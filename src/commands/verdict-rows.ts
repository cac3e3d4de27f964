import type { Painter } from '../cli/style.js';
import type { NetworkVerdict } from '../core/eligibility.js';

const LABEL: Record<NetworkVerdict['verdict'], { text: string; colour: 'green' | 'red' | 'yellow' }> = {
  eligible: { text: 'eligible', colour: 'green' },
  'not-eligible': { text: 'not eligible', colour: 'red' },
  'dedicated-hardware': { text: 'needs hardware', colour: 'yellow' },
};

/** Table rows for verdicts: network, verdict, then every reason and note on its own line. */
export function verdictRows(verdicts: NetworkVerdict[], paint: Painter): string[][] {
  return verdicts.map((v) => {
    const label = LABEL[v.verdict];
    const lines = [...v.reasons.map((r) => `✗ ${r}`), ...v.notes.map((n) => `· ${n}`)];
    return [`${v.name} (${v.id})`, paint(label.colour, label.text), lines.join('\n')];
  });
}
