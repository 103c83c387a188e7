import { z } from 'zod';

const detail = z.looseObject({ message: z.string().optional(), validationRuleName: z.string().optional(), activityMessage: z.string().optional() });
const money = z.number().refine(Number.isFinite).optional();

/** `POST /accounts/{accountHash}/previewOrder` answer (`PreviewOrder`): the rule checks and projected balances. */
export const SchwabPreviewSchema = z.looseObject({
  orderId: z.number().optional(),
  orderStrategy: z
    .looseObject({ orderBalance: z.looseObject({ orderValue: money, projectedBuyingPower: money, projectedAvailableFund: money, projectedCommission: money }).optional() })
    .optional(),
  orderValidationResult: z
    .looseObject({
      accepts: z.array(detail).optional(),
      alerts: z.array(detail).optional(),
      rejects: z.array(detail).optional(),
      reviews: z.array(detail).optional(),
      warns: z.array(detail).optional(),
    })
    .optional(),
});
export type SchwabPreview = z.infer<typeof SchwabPreviewSchema>;
