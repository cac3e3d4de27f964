// A child process for atomic-write.test.ts: writes the file again and again, alternating two large
// contents, until it is killed; or writes once (mode "once") so a file-size limit can cut it short.
import { writeFileAtomic } from '../../src/store/atomic-write.js';

const [file, mode, size] = process.argv.slice(2);
const contents = (letter: string) => `${letter.repeat(Number(size))}\n`;

if (mode === 'once') {
  try {
    writeFileAtomic(file, contents('N'));
    process.stdout.write('written\n');
  } catch (error) {
    process.stdout.write(`failed ${(error as NodeJS.ErrnoException).code}\n`);
  }
} else {
  let round = 0;
  for (;;) {
    writeFileAtomic(file, contents(round % 2 === 0 ? 'A' : 'B'));
    if (++round === 1) process.stdout.write('started\n');
  }
}
