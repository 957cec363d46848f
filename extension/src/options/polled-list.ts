import { type Signal, signal } from "@preact/signals";
import type { Failure, Result } from "../shared/messages.ts";
import type { Loadable } from "./store.ts";

/**
 * A list of long-running admin requests (deletions, exports) that polls each unfinished one every
 * `pollMs` until all are finished. A newer load or a reset wins over answers still in flight (the
 * ticket), and a failure that ended the session stops polling (the page shows sign-in instead).
 */
export function createPolledList<T extends { id: string }>(options: {
  fetchAll: () => Promise<Result<T[]>>;
  fetchOne: (id: string) => Promise<Result<T>>;
  isActive: (item: T) => boolean;
  pollMs: number;
  endedSession: (error: Failure) => boolean;
  failureText: (error: Failure) => string | null;
}) {
  const { fetchAll, fetchOne, isActive, pollMs, endedSession, failureText } = options;
  const items: Signal<Loadable<T[]>> = signal({ status: "loading" });
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** A new or changed item: replaced in place, or put first. */
  function upsert(item: T) {
    const current = items.value.status === "ready" ? items.value.value : [];
    const known = current.some((i) => i.id === item.id);
    items.value = {
      status: "ready",
      value: known ? current.map((i) => (i.id === item.id ? item : i)) : [item, ...current],
    };
  }

  function schedulePoll() {
    if (timer !== null) return;
    const list = items.value;
    if (list.status !== "ready" || !list.value.some(isActive)) return;
    timer = setTimeout(() => {
      timer = null;
      void poll();
    }, pollMs);
  }

  async function poll() {
    const list = items.value;
    if (list.status !== "ready") return;
    const mine = ticket;
    for (const item of list.value.filter(isActive)) {
      const answer = await fetchOne(item.id);
      if (mine !== ticket) return;
      if (answer.ok) upsert(answer.value);
      else if (endedSession(answer.error)) return;
    }
    schedulePoll();
  }

  async function load() {
    const mine = ++ticket;
    if (items.value.status !== "ready") items.value = { status: "loading" };
    const answer = await fetchAll();
    if (mine !== ticket) return;
    if (answer.ok) {
      items.value = { status: "ready", value: answer.value };
      schedulePoll();
    } else {
      const text = failureText(answer.error);
      if (text) items.value = { status: "error", message: text };
    }
  }

  /** Forgets the list and every answer in flight (sign-out, another user). */
  function reset() {
    ticket++;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    items.value = { status: "loading" };
  }

  return { items, load, upsert, schedulePoll, reset };
}
