/** Pure parser for `/etc/os-release` (freedesktop.org format: KEY=value lines, values maybe quoted). */

export interface OsRelease {
  /** NAME, e.g. "Debian GNU/Linux". */
  name?: string;
  /** VERSION_ID, e.g. "12" or "22.04". */
  versionId?: string;
  /** PRETTY_NAME, e.g. "Debian GNU/Linux 12 (bookworm)". */
  prettyName?: string;
  id?: string;
}

export function parseOsRelease(text: string): OsRelease {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    values[m[1] as string] = value;
  }
  return { name: values.NAME, versionId: values.VERSION_ID, prettyName: values.PRETTY_NAME, id: values.ID };
}
