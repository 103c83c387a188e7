// Child process for the file-lock test: increments a counter file N times, each a
// read-modify-write under withFileLock. Lost updates show up as a final count below the total.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../src/fs/atomic-write.ts';
import { withFileLock } from '../src/fs/file-lock.ts';

const [file, times] = process.argv.slice(2) as [string, string];
for (let i = 0; i < Number(times); i++) {
  await withFileLock(file, async () => {
    const n = Number(await readFile(file, 'utf8'));
    await writeFileAtomic(file, String(n + 1));
  });
}
