export { FakeTws } from './fake-tws.ts';
export type { FakeTwsFaults, FakeTwsOptions, Placement, ReceivedMessage } from './fake-tws.ts';
export { FakeEngine, DONE_STATUSES } from './engine.ts';
export type { DataSubscription, FakeExecution, FakeOrder, FakeQuote } from './model.ts';
export { FROM_CLIENT, TO_CLIENT, SERVER_VERSION, TICK } from './messages.ts';
export { frame, fieldsOf, FieldReader, FrameReader, API_GREETING } from './framing.ts';
export { fromUnits, toUnits } from './qty.ts';
