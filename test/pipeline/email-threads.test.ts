import type { AccountOverview, AddEmailThreadResponse, SearchResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * An e-mail thread over real HTTP against `wrangler dev`: added, routed to the account by its
 * addresses, analyzed by the queue; a message appended later is analyzed again with the rest, and
 * its win shows in the overview with the e-mail as its source and is found by search.
 */
let worker: LocalWorker;
beforeAll(async () => {
  worker = await startLocalWorker();
});
afterAll(async () => {
  await worker?.stop();
});

const WIN = "Honestly, the rollout cut our dispatch time by thirty percent.";

describe("e-mail threads against wrangler dev", () => {
  it("adds, analyzes on the queue, and re-analyzes when a message is appended", async () => {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Mail Co",
      domains: ["mailco.test"],
      admin: { email: "ada@mailco.test", name: "Ada" },
    });
    const token = org.apiToken.token;
    const account = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
      body: { name: "Globex", domains: ["globex.test"] },
      expectStatus: 201,
    });
    const ana = { email: "ana@globex.test", name: "Ana Ruiz" };
    const ada = { email: "ada@mailco.test", name: "Ada" };
    const first = {
      messageId: "m1",
      sentAt: "2026-11-02T09:00:00Z",
      from: ada,
      to: [ana],
      body: "Hi Ana, how is the rollout going? I can share the renewal draft next week.",
    };
    const reply = {
      messageId: "m2",
      sentAt: "2026-11-03T09:00:00Z",
      from: ana,
      to: [ada],
      body: `Hi Ada,\n\n${WIN}\n\nAna`,
    };
    const thread = { threadId: "18c5f3a2b1d4e6f7", subject: "Rollout", participants: [ana, ada], messages: [first] };

    const added = await apiFetch<AddEmailThreadResponse>(worker.baseUrl, token, "/api/v1/emails", {
      body: thread,
      expectStatus: 201,
    });
    expect(added).toMatchObject({ status: "created", messageCount: 1, accountId: account.id });
    const overview = () =>
      apiFetch<AccountOverview>(worker.baseUrl, token, `/api/v1/accounts/${account.id}/overview?period=all`);
    await waitFor("the first analysis", overview, (o) => o.conversations.count === 1 && o.sentimentByWeek.length > 0);
    expect((await overview()).wins.count).toBe(0);

    const appended = await apiFetch<AddEmailThreadResponse>(worker.baseUrl, token, "/api/v1/emails", {
      body: { ...thread, messages: [first, reply] },
    });
    expect(appended).toMatchObject({ status: "updated", messagesAdded: 1, messageCount: 2 });
    const withWin = await waitFor("the win of the appended message", overview, (o) => o.wins.count > 0);
    expect(withWin.conversations.count).toBe(1);
    expect(withWin.wins.items[0]?.source).toMatchObject({
      kind: "email",
      quote: WIN,
      messageId: "m2",
      speaker: "Ana Ruiz",
    });

    const found = await apiFetch<SearchResponse>(
      worker.baseUrl,
      token,
      "/api/v1/search?q=%22dispatch%20time%22&source=email",
    );
    expect(found.hits.map((h) => [h.conversation.id, h.segment.messageId])).toEqual([[added.conversationId, "m2"]]);
  });
});
