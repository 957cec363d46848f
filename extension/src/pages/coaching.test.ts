import type { CoachingMetric, CoachingWeek, User } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { coachingBody, meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import { coachingPath } from "../shared/page-urls.ts";
import type { Send } from "../ui/send-message.ts";
import { createCoachingStore, pickerChoices } from "./coaching-store.ts";
import { describeChange, formatDuration, formatMetric, tipLabel, trendLines } from "./coaching-view.ts";

const metric = (average: number | null, previousAverage: number | null = null): CoachingMetric => ({
  average,
  median: average,
  total: null,
  max: average,
  previousAverage,
  change: average === null || previousAverage === null ? null : average - previousAverage,
});

const week = (weekStart: string, talkRatio: number | null): CoachingWeek => ({
  weekStart,
  calls: talkRatio === null ? 0 : 1,
  talkRatio,
  longestMonologueMs: null,
  questionsAsked: null,
  unansweredQuestions: null,
  nextSteps: null,
});

function fakeSend(answer: (request: Request) => Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

const session = (user: User) => ok({ signedIn: true, backendUrl: "http://b", user, org: meBody.org });
const member: User = { ...meBody.user, id: "usr_2", name: "Max Member", email: "max@ourco.com", role: "member" };

describe("coaching view logic", () => {
  it("formats figures and durations", () => {
    expect(formatDuration(150_000)).toBe("2:30");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatMetric("talkRatio", 0.658)).toBe("66%");
    expect(formatMetric("longestMonologueMs", 80_000)).toBe("1:20");
    expect(formatMetric("questionsAsked", 1.25)).toBe("1.3");
    expect(formatMetric("nextSteps", null)).toBe("–");
  });

  it("words the change against the previous period by which way is better", () => {
    expect(describeChange("talkRatio", metric(0.7, 0.5))).toEqual({
      text: "+20 pts vs previous period, worse",
      tone: "worse",
    });
    expect(describeChange("questionsAsked", metric(2, 3))).toEqual({
      text: "−1 vs previous period, worse",
      tone: "worse",
    });
    expect(describeChange("longestMonologueMs", metric(60_000, 100_000))?.tone).toBe("better");
    expect(describeChange("nextSteps", metric(1.5, 1))?.tone).toBe("better");
    expect(describeChange("talkRatio", metric(0.501, 0.5))).toEqual({ text: "no change", tone: "same" });
    expect(describeChange("talkRatio", metric(0.5))).toBeNull();
  });

  it("labels tip kinds, including ones it does not know", () => {
    expect(tipLabel("unanswered_question")).toBe("Customer questions left open");
    expect(tipLabel("new_kind_of_tip")).toBe("New kind of tip");
  });

  it("draws a trend line across weeks without a value, scaled from 0", () => {
    const weeks = [week("a", 0.5), week("b", 1), week("c", null), week("d", 0), week("e", 0.25)];
    const { lines, dots } = trendLines(weeks, "talkRatio", 108, 48);
    // x from 4 to 104 in steps of 25; y: 1 at the top (4), 0 at the bottom (44).
    expect(lines).toEqual(["4,24 29,4 79,44 104,34"]);
    expect(dots.map((d) => d.weekStart)).toEqual(["a", "b", "d", "e"]);
    expect(trendLines([week("a", null)], "talkRatio", 100, 40)).toEqual({ lines: [], dots: [] });
    const single = trendLines([week("a", 0.5)], "talkRatio", 100, 40);
    expect(single.lines).toEqual([]);
    expect(single.dots).toEqual([{ x: 50, y: 20, value: 0.5, weekStart: "a" }]);
  });

  it("builds the page's url and the picker's choices", () => {
    expect(coachingPath()).toBe("/coaching.html");
    expect(coachingPath("usr 2")).toBe("/coaching.html?userId=usr+2");
    const users: User[] = [
      { ...member, id: "usr_3", name: "Zoe" },
      member,
      meBody.user,
      { ...member, id: "usr_4", name: "Bea" },
    ];
    expect(pickerChoices(users, meBody.user).map((u) => u.name)).toEqual(["Ada Admin", "Bea", "Max Member", "Zoe"]);
  });
});

describe("coaching page store", () => {
  it("loads a member's own coaching whatever the url says, without a picker", async () => {
    const { send, calls } = fakeSend((r) => (r.type === "getSession" ? session(member) : ok(coachingBody("Max"))));
    const store = createCoachingStore({ send, userId: "usr_1" });
    await store.load();
    expect(calls).toEqual([{ type: "getSession" }, { type: "getCoaching", userId: "usr_2", period: "90d" }]);
    expect(store.view.value).toMatchObject({ kind: "ready", updating: false });
    expect(store.reps.value).toEqual([]);
  });

  it("gives admins the picker, switches rep and period, and opens a transcript at a moment", async () => {
    const users = [meBody.user, member];
    const { send, calls } = fakeSend((r) => {
      if (r.type === "getSession") return session(meBody.user);
      if (r.type === "listUsers") return ok(users);
      if (r.type === "getCoaching")
        return ok(coachingBody(r.userId === "usr_2" ? "Max Member" : "Ada Admin", r.userId));
      return ok(true);
    });
    const store = createCoachingStore({ send, userId: null });
    await store.load();
    expect(store.reps.value.map((r) => r.id)).toEqual(["usr_1", "usr_2"]);
    expect(calls).toContainEqual({ type: "getCoaching", userId: "usr_1", period: "90d" });
    await store.setRep("usr_2");
    await store.setPeriod("30d");
    expect(calls.slice(-2)).toEqual([
      { type: "getCoaching", userId: "usr_2", period: "90d" },
      { type: "getCoaching", userId: "usr_2", period: "30d" },
    ]);
    const view = store.view.value;
    expect(view.kind === "ready" && view.coaching.rep.name).toBe("Max Member");
    await store.openTranscript("cnv_1", 65_000);
    expect(calls.at(-1)).toEqual({ type: "openTranscript", conversationId: "cnv_1", t: 65_000 });

    // An admin opened on another rep's url starts there.
    const direct = fakeSend((r) =>
      r.type === "getSession" ? session(meBody.user) : r.type === "listUsers" ? ok(users) : ok(coachingBody()),
    );
    const opened = createCoachingStore({ send: direct.send, userId: "usr_2" });
    await opened.load();
    expect(direct.calls).toContainEqual({ type: "getCoaching", userId: "usr_2", period: "90d" });
  });

  it("keeps the page when the user list fails, and drops an answer for a rep no longer chosen", async () => {
    let release: (value: Result<unknown>) => void = () => {};
    const slow = new Promise<Result<unknown>>((resolve) => {
      release = resolve;
    });
    const send = (async (r: Request) => {
      if (r.type === "getSession") return session(meBody.user);
      if (r.type === "listUsers") return fail("server", "x");
      if (r.type === "getCoaching" && r.userId === "usr_9") return slow;
      return ok(coachingBody("Max Member", "usr_2"));
    }) as Send;
    const store = createCoachingStore({ send, userId: null });
    await store.load();
    expect(store.reps.value).toEqual([]);
    const stale = store.setRep("usr_9");
    await store.setRep("usr_2");
    release(ok(coachingBody("Nobody", "usr_9")));
    await stale;
    const view = store.view.value;
    expect(view.kind === "ready" && view.coaching.rep.name).toBe("Max Member");
  });

  it("shows signed out and retryable errors", async () => {
    const out = createCoachingStore({
      send: fakeSend(() => ok({ signedIn: false, backendUrl: "" })).send,
      userId: null,
    });
    await out.load();
    expect(out.view.value).toEqual({ kind: "signedOut" });

    const expired = createCoachingStore({
      send: fakeSend((r) => (r.type === "getSession" ? session(member) : fail("unauthorized", "x"))).send,
      userId: null,
    });
    await expired.load();
    expect(expired.view.value).toEqual({ kind: "signedOut" });

    const down = createCoachingStore({
      send: fakeSend((r) => (r.type === "getSession" ? session(member) : fail("network", "x", "http://b"))).send,
      userId: null,
    });
    await down.load();
    expect(down.view.value).toEqual({ kind: "error", message: "Cannot reach the Sightline backend at http://b" });
  });
});
