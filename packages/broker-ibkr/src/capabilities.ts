import type { Capabilities, TimeInForce } from '@invest/broker-core';
import { TimeInForce as IbTimeInForce } from '@stoqey/ib';

/**
 * What the adapter offers through TWS (US stocks, SMART routing). Checked by core before any
 * message is sent: anything outside it is a `NotSupportedError` with nothing sent.
 *
 * - No `cls` time in force: IB has no at-the-close TIF (it is an order type, MOC/LOC).
 * - Whole shares only: fractional orders through the API need a permission most accounts lack.
 * - No notional orders (IB's `cashQty` is for a few products only).
 * - Simple orders; brackets (`parentId`/`transmit`) and OCO groups are not offered yet.
 */
export const IBKR_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok', 'opg'],
  orderClasses: ['simple'],
  fractional: false,
  notional: false,
  shortSelling: true,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: true,
  paper: true,
  /** Carried in `orderRef`, which TWS shows in its order ref column; kept short and plain. */
  clientOrderId: { maxLength: 40, charset: 'A-Za-z0-9._:-' },
});

/** Core time in force -> IB's `tif`, as a table (IB names: DAY, GTC, IOC, FOK, OPG). */
export const IBKR_TIF: Readonly<Partial<Record<TimeInForce, IbTimeInForce>>> = {
  day: IbTimeInForce.DAY,
  gtc: IbTimeInForce.GTC,
  ioc: IbTimeInForce.IOC,
  fok: IbTimeInForce.FOK,
  opg: IbTimeInForce.OPG,
};
