import type { OrderPreview as CoreOrderPreview } from '@invest/broker-core';
import type { OrderJsonBody } from '../order-json/schema.ts';
import type { SchwabPreview } from '../schemas/preview.ts';

/** What a dry run tells: core's verdict fields, with the order JSON that would be sent and Schwab's projected figures. */
export interface OrderPreview extends CoreOrderPreview {
  /** The body `submitOrder` would send for the same request. */
  request: OrderJsonBody;
  orderValue?: number;
  projectedBuyingPower?: number;
  projectedCommission?: number;
  raw: SchwabPreview;
}

const messages = (list: { message?: string | undefined; validationRuleName?: string | undefined }[] | undefined): string[] =>
  (list ?? []).map((d) => d.message ?? d.validationRuleName ?? 'unnamed rule');

/**
 * Schwab's preview answer -> `OrderPreview`. Nothing is placed by a preview.
 *
 * Example of the raw payload (`POST /accounts/{accountHash}/previewOrder`):
 * ```json
 * { "orderId": 0, "orderStrategy": { "orderBalance": { "orderValue": 1502.5, "projectedBuyingPower": 96997.5, "projectedCommission": 0 } },
 *   "orderValidationResult": { "rejects": [], "warns": [{ "validationRuleName": "NIGHT_ORDER", "message": "Order will be placed at the next open" }] } }
 * ```
 *
 * @example
 * ```ts
 * toOrderPreview(body, SchwabPreviewSchema.parse(answer)).accepted // true
 * ```
 */
export function toOrderPreview(request: OrderJsonBody, raw: SchwabPreview): OrderPreview {
  const result = raw.orderValidationResult ?? {};
  const rejects = messages(result.rejects);
  const preview: OrderPreview = {
    request,
    accepted: rejects.length === 0,
    rejects,
    warnings: [...messages(result.alerts), ...messages(result.warns), ...messages(result.reviews)],
    raw,
  };
  const balance = raw.orderStrategy?.orderBalance;
  if (balance?.orderValue !== undefined) preview.orderValue = balance.orderValue;
  if (balance?.projectedBuyingPower !== undefined) preview.projectedBuyingPower = balance.projectedBuyingPower;
  if (balance?.projectedCommission !== undefined) preview.projectedCommission = balance.projectedCommission;
  return preview;
}
