import { writeFileSync } from 'node:fs';
import { buildProgram } from './main.js';

/**
 * Build step: renders `depin --help` once into dist/help.txt, so that bin/depin.js can answer the
 * most common first command without loading the CLI (the same idea as oclif's command manifest).
 * The text is commander's own rendering of the registration list, so the two cannot drift apart
 * within one build.
 */
let text = '';
const program = buildProgram({ out: (s) => void (text += s), err: () => {} });
program.outputHelp();
writeFileSync(new URL('../../help.txt', import.meta.url), text);
