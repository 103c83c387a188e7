export { mockBrokerNetwork } from './mock-broker-network.ts';
export type { BrokerNetwork, MockBrokerNetworkOptions, MockedBrokerNetwork } from './mock-broker-network.ts';
export { createGuardedFetch } from './guarded-fetch.ts';
