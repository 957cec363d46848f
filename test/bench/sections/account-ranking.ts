// Account search ranking alone (pure, in Node) over 10,000 accounts.
import { rankAccounts } from "../../../worker/src/accounts/rank-accounts.ts";
import { ACCOUNTS, benchAccountDomain, benchAccountName, report } from "../bench-context.ts";
import { measure } from "../stats.ts";

export async function benchAccountRanking(): Promise<void> {
  const candidates = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `a${i}`,
    name: benchAccountName(i),
    domains: [benchAccountDomain(i)],
    lastActivityAt: i,
  }));
  report("rankAccounts, 10k accounts, 'initech'", await measure(50, () => rankAccounts("initech", candidates, 25)));
  report(
    "rankAccounts, 10k accounts, typo 'umbrela hea'",
    await measure(50, () => rankAccounts("umbrela hea", candidates, 25)),
  );
}
