// TD's derived contract, loaded with Schwab's guard (the checks are the same). One fact is
// corrected in the open: the per-endpoint files type the orders list's `fromEnteredTime`,
// `toEnteredTime` and `status`, and the account's `fields`, as int64 integers, while their own
// descriptions say `yyyy-MM-dd` dates, a status name and `positions,orders`. They are read as strings.
import { loadContract } from '../../../broker-schwab/test/contract/contract-guard.ts';

const STRING_PARAMETERS: ReadonlySet<string> = new Set(['fromEnteredTime', 'toEnteredTime', 'status', 'fields']);

export const tdContract = loadContract(new URL('./td-api.facts.json', import.meta.url), (facts) => {
  for (const op of Object.values(facts.operations)) {
    for (const p of op.parameters) if (p.in === 'query' && STRING_PARAMETERS.has(p.name)) p.schema = { type: 'string' };
  }
  return facts;
});
