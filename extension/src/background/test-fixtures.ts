import type { AccountListItem, CoachingMetric, ListAccountsResponse, MeResponse, RepCoaching } from "@sightline/shared";

// Bodies shaped exactly like the API's, so the background's schema checks pass for the right reason.
const createdAt = "2026-11-23T10:00:00.000Z";

export const meBody: MeResponse = {
  user: { id: "usr_1", email: "ada@ourco.com", name: "Ada Admin", role: "admin", profileId: null, createdAt },
  org: { id: "org_1", name: "OurCo", domains: ["ourco.com"], registeredUsersOnly: false, createdAt },
  profile: null,
};

export function accountItem(name: string, domains: string[]): AccountListItem {
  return {
    id: `acc_${name.toLowerCase().replace(/\W+/g, "_")}`,
    name,
    domains,
    salesforceId: null,
    hubspotId: null,
    leadSource: null,
    ownerUserId: null,
    lastActivityAt: null,
    createdAt,
    updatedAt: createdAt,
    score: null,
    mine: true,
    recentTopics: [],
    winCount: 0,
    issueCount: 0,
  };
}

export const accountsBody: ListAccountsResponse = {
  scope: "search",
  accounts: [accountItem("Acme Corp", ["acme.com"])],
};

export const unauthorizedBody = { error: { code: "unauthorized", message: "Invalid API token", requestId: "req_1" } };

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export function accountBody(name: string, domains: string[]) {
  const { score: _score, mine: _mine, ...account } = accountItem(name, domains);
  return account;
}

export function overviewBody(name: string, winCount = 1) {
  const account = accountBody(name, [`${name.toLowerCase()}.com`]);
  const source = {
    conversationId: "cnv_1",
    conversationTitle: "QBR",
    kind: "meeting" as const,
    occurredAt: createdAt,
    quote: "We love the dashboards",
    startMs: 65_000,
    speaker: "Priya",
  };
  return {
    account,
    period: { from: createdAt, to: createdAt },
    conversations: { count: 1, lastAt: createdAt },
    topics: [{ phrase: "dashboards", mentions: 2, conversations: 1, lastAt: createdAt, sources: [source] }],
    wins: { count: winCount, items: [{ text: "Dashboards adopted", source }] },
    issues: { count: 0, items: [] },
    objections: [],
    nextSteps: [],
    contacts: [],
    sentimentByWeek: [{ weekStart: createdAt, score: 0.4, label: "positive" as const, conversations: 1 }],
    closingProbability: {
      value: 70,
      reasons: ["next step dated", "budget concern answered"],
      at: createdAt,
      conversationId: "cnv_1",
    },
  };
}

/**
 * What the background sent through the stubbed fetch: the typed client (openapi-fetch) passes one
 * Request; the one route outside /api/v1 passes a URL and init.
 */
export function sentRequest(call: Parameters<typeof fetch> | undefined): {
  url: string;
  method: string;
  headers: Headers;
} {
  const [input, init] = call ?? [];
  if (input instanceof Request) return { url: input.url, method: input.method, headers: input.headers };
  return { url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers) };
}

const metric = (average: number | null, previousAverage: number | null = null): CoachingMetric => ({
  average,
  median: average,
  total: null,
  max: average,
  previousAverage,
  change: average === null || previousAverage === null ? null : average - previousAverage,
});

/** A rep's coaching as GET /reps/{id}/coaching answers it: one call, one tip. */
export function coachingBody(name = "Ada Admin", id = "usr_1"): RepCoaching {
  return {
    rep: { id, name, email: "ada@ourco.com", role: "admin" },
    period: { from: "2026-09-04T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z" },
    previousPeriod: { from: "2026-06-06T00:00:00.000Z", to: "2026-09-03T23:59:59.999Z" },
    callCount: 1,
    callsWithStats: 1,
    previousCallCount: 0,
    metrics: {
      talkRatio: metric(0.7, 0.5),
      longestMonologueMs: metric(150_000),
      questionsAsked: metric(2, 3),
      unansweredQuestions: metric(1),
      nextSteps: metric(1),
    },
    weeks: [
      {
        weekStart: "2026-11-30T00:00:00.000Z",
        calls: 1,
        talkRatio: 0.7,
        longestMonologueMs: 150_000,
        questionsAsked: 2,
        unansweredQuestions: 1,
        nextSteps: 1,
      },
    ],
    tips: [
      {
        kind: "long_monologue",
        count: 1,
        calls: 1,
        previousCount: 0,
        examples: [
          {
            conversationId: "cnv_1",
            conversationTitle: "QBR <b>",
            startedAt: "2026-12-01T10:00:00.000Z",
            tip: "A 2.5 min monologue",
            quote: "Let me walk you through",
            startMs: 65_000,
          },
        ],
      },
    ],
    calls: [],
  };
}
