import type { BrokerError, Order, OrderRequest } from '@invest/broker-core';
import type { RiskSettings } from '../risk/settings.ts';

export interface AddBrokerOptions {
  /** Orders with no broker name go here. The first broker added is the default until another says so. */
  isDefault?: boolean;
  /** Share of a distributed order (relative; default 1; 0 takes none). */
  weight?: number;
  /**
   * This broker's own limits, for a broker added without a risk layer (the manager wraps it with
   * `withRisk`). A broker already wrapped with `withRisk` carries its limits there.
   */
  risk?: RiskSettings;
  /** False for a broker that trades real money (from `paper_trading: false`). Default true. */
  paper?: boolean;
}

/** A result per broker for operations that run on all of them. */
export type PerBrokerResult<T = void> = { broker: string; ok: true; value: T } | { broker: string; ok: false; error: BrokerError | Error };

export interface BrokerStatus {
  name: string;
  type: string;
  connected: boolean;
  isDefault: boolean;
  paper: boolean;
  weight: number;
  /** The limits of the broker's risk layer. */
  risk: RiskSettings;
}

/** What happened to one broker's share of a distributed order. */
export type DistributionLeg =
  | { broker: string; status: 'accepted'; quantity: number; order: Order }
  | { broker: string; status: 'rejected' | 'unknown'; quantity: number; clientOrderId: string; error: BrokerError | Error }
  | { broker: string; status: 'skipped'; quantity: 0; reason: string }
  /**
   * The account could not be reached (connect or reads failed): its share, `quantity`, was not
   * placed and not re-spread over the other accounts (`respread` is always false).
   */
  | { broker: string; status: 'unreachable'; quantity: number; respread: false; reason: string };

export interface DistributionResult {
  request: OrderRequest;
  legs: DistributionLeg[];
  /** Sum of the quantities of accepted legs. */
  acceptedQuantity: number;
  /** True when every leg that was sent was accepted and the accepted quantity is the whole order (an unreachable account's leg makes it false). */
  complete: boolean;
}
