/** Reads files from test/fixtures/hardware (tests run from dist/test/hardware). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HardwareProfile } from '../../src/plugin-api/types.js';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/hardware/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixtureProfile(name: string): HardwareProfile {
  return JSON.parse(fixtureText(name)) as HardwareProfile;
}
