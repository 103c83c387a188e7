// The fake TWS in a process of its own, so its work does not land on the bench's CPU: prints
// its port, exits when stdin ends.
import { FakeTws } from '../../../tools/fake-tws/src/index.ts';

const tws = new FakeTws({ accounts: ['DU0000001'] });
const port = await tws.start();
process.stdout.write(`${port}\n`);
process.stdin.on('end', () => void tws.stop().then(() => process.exit(0))).resume();
