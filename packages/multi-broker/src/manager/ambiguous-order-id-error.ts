import { InvalidOrderError, type BrokerErrorOptions } from '@invest/broker-core';

/**
 * An order id given without an account matches orders on several accounts (simulation accounts
 * number their orders alike: `ord-000007` on both), or is found on one while another could not be
 * searched. Nothing was done; `brokers` names the accounts to choose from. A usage error
 * (`INVALID_ORDER`, outcome `denied`).
 */
export class AmbiguousOrderIdError extends InvalidOrderError {
  static override readonly kind: string = 'AmbiguousOrderIdError';
  /** The accounts the id may belong to, by configured name. */
  readonly brokers: readonly string[];
  constructor(message: string, options: BrokerErrorOptions & { brokers: readonly string[] }) {
    super(message, { outcome: 'denied', field: 'id', ...options });
    this.brokers = Object.freeze([...options.brokers]);
  }
}
