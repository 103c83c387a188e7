// Setup file of every broker-ibkr test: no socket reaches a real TWS or a non-loopback host.
import { guardSockets } from './network.ts';

guardSockets();
