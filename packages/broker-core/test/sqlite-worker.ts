// Child process for the state-database test: increments one counter row N times, each a
// read-then-write in its own transaction. A lost update shows up as a final count below the total.
import { migrate, openStateDatabase, transaction } from '../src/state/state-database.ts';

const [file, times] = process.argv.slice(2) as [string, string];
const db = openStateDatabase(file, { sync: 'normal' });
migrate(db, 'counter', ['CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)', 'INSERT INTO counter VALUES (1, 0)']);
const read = db.prepare('SELECT n FROM counter WHERE id = 1');
const write = db.prepare('UPDATE counter SET n = ? WHERE id = 1');
for (let i = 0; i < Number(times); i++) {
  transaction(db, () => {
    const { n } = read.get() as { n: number };
    write.run(n + 1);
  });
}
db.close();
