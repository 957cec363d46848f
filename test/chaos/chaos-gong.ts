import { createHash, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { FakeGong, FakeGongCall } from "../fakes/fake-gong.ts";
import { type ChaosSettings, LINES, pick, random, shuffle } from "./chaos-plan.ts";
import type { RestartableWorker } from "./chaos-stack.ts";

/**
 * The Gong share of a chaos run: calls the fake Gong holds, the automation-rule webhooks announcing
 * most of them (signed JWT, as Gong signs them; duplicated and shuffled among the Zoom deliveries),
 * the calls no webhook announces (the 15-minute pull and the nightly run must find them), and the
 * faults Gong's API answers on the way (`/v2/calls/extensive` and `/v2/calls/transcript`: 429 with
 * Retry-After, 500/503, a request never answered until GONG_TIMEOUT_SECONDS). Kept small: Gong
 * allows 3 requests/s per company, so every call costs the run about a second.
 */
export type GongFaultKind = "rate_limited" | "server_error" | "timeout";

export interface ChaosGongFault {
  path: "/v2/calls/extensive" | "/v2/calls/transcript";
  kind: GongFaultKind;
  status: number;
  retryAfterSeconds?: number;
  /** Requests to the path that pass first (after the previous fault of the path). */
  skip: number;
}

export interface ChaosGongCall {
  index: number;
  call: FakeGongCall;
  sentences: number;
  /** Announced by a webhook; the others only the pull finds. */
  announced: boolean;
}

export interface ChaosGongShare {
  calls: ChaosGongCall[];
  /** Call indexes in delivery order; an index appears again for a duplicate delivery. */
  deliveries: number[];
  duplicates: number;
  faults: ChaosGongFault[];
}

/** Share of Gong calls no webhook announces (at least one). */
const UNANNOUNCED_SHARE = 0.2;
const FAULT_KINDS: GongFaultKind[] = ["rate_limited", "server_error", "timeout"];

export function makeGongShare(
  settings: ChaosSettings,
  accountDomains: readonly string[],
  host: { name: string; email: string },
  now: number,
): ChaosGongShare {
  const rand = random(settings.seed * 7919 + 1);
  const n = settings.gongCalls;
  const unannounced = pick(n, n === 0 ? 0 : Math.max(1, Math.round(n * UNANNOUNCED_SHARE)), rand);
  const calls: ChaosGongCall[] = Array.from({ length: n }, (_, index) => {
    const domain = accountDomains[index % accountDomains.length] as string;
    const customer = { name: `Gwen Gong${index}`, email: `gwen.gong${index}@${domain}` };
    const sentences = 3 + (index % 3);
    const id = `${880_000 + settings.seed}${String(index).padStart(8, "0")}`;
    return {
      index,
      sentences,
      announced: !unannounced.has(index),
      call: {
        id,
        title: `Chaos Gong call ${index}`,
        // Within the last 12 hours: inside every pull window (GONG_SYNC_OVERLAP_HOURS is 24).
        started: new Date(now - 3_600_000 - index * 10 * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
        duration: 1800,
        primaryUserId: "gong-sam",
        parties: [
          {
            id: `p-sam-${index}`,
            emailAddress: host.email,
            name: host.name,
            speakerId: `s-sam-${index}`,
            userId: "gong-sam",
            affiliation: "Internal",
          },
          {
            id: `p-gwen-${index}`,
            emailAddress: customer.email,
            name: customer.name,
            speakerId: `s-gwen-${index}`,
            affiliation: "External",
          },
        ],
        transcript: Array.from({ length: sentences }, (_, s) => ({
          speakerId: s % 2 === 0 ? `s-sam-${index}` : `s-gwen-${index}`,
          topic: null,
          sentences: [
            {
              start: s * 5000 + 1000,
              end: s * 5000 + 4000,
              text: `${LINES[(index + s + 5) % LINES.length]} (Gong call ${index}, part ${s + 1})`,
            },
          ],
        })),
      },
    };
  });
  const announced = calls.filter((c) => c.announced).map((c) => c.index);
  const duplicates = announced.length === 0 ? 0 : Math.max(1, Math.round(announced.length * settings.duplicateShare));
  const repeats = Array.from({ length: duplicates }, () => announced[Math.floor(rand() * announced.length)] as number);
  const faultCount = n === 0 ? 0 : Math.max(FAULT_KINDS.length, Math.round(n * settings.downloadFailureShare));
  const faults = Array.from({ length: faultCount }, (_, k): ChaosGongFault => {
    const kind = FAULT_KINDS[k % FAULT_KINDS.length] as GongFaultKind;
    const path = k % 2 === 0 ? "/v2/calls/extensive" : "/v2/calls/transcript";
    const skip = Math.floor(rand() * 3);
    if (kind === "rate_limited")
      return { path, kind, status: 429, retryAfterSeconds: 1 + Math.floor(rand() * 2), skip };
    if (kind === "server_error") return { path, kind, status: rand() < 0.5 ? 500 : 503, skip };
    return { path, kind, status: 0, skip };
  });
  return { calls, deliveries: shuffle([...announced, ...repeats], rand), duplicates, faults };
}

export function stageFakeGong(gong: FakeGong, share: ChaosGongShare): void {
  for (const c of share.calls) gong.addCall(c.call);
  for (const f of share.faults) {
    if (f.kind === "timeout") gong.stallNext(f.path, f.skip);
    else gong.failNext(f.path, f.status, f.retryAfterSeconds, f.skip);
  }
}

/** The automation rule's body for a call: the same bytes on every redelivery. */
export function gongWebhookBody(share: ChaosGongShare, index: number): string {
  const c = share.calls[index];
  if (!c) throw new Error(`no Gong call ${index}`);
  const { transcript: _, parties, ...meta } = c.call;
  return JSON.stringify({
    isTest: false,
    callData: { metaData: { ...meta, url: `https://app.gong.io/call?id=${c.call.id}` }, parties },
  });
}

export interface GongWebhookSigner {
  publicPem: string;
  /** `Authorization` for a delivery of this body to this URL: a fresh RS256 JWT, as Gong signs each one. */
  authorization(url: string, body: string): string;
}

export function gongWebhookSigner(): GongWebhookSigner {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");
  const sign = (claims: Record<string, unknown>, key: KeyObject) => {
    const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
    const payload = b64url(JSON.stringify(claims));
    return `${head}.${payload}.${b64url(createSign("RSA-SHA256").update(`${head}.${payload}`).sign(key))}`;
  };
  return {
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    authorization(url, body) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        webhook_url: url,
        body_sha256: createHash("sha256").update(body).digest("hex"),
        iat: now,
        exp: now + 300,
      };
      return `Bearer ${sign(claims, privateKey)}`;
    },
  };
}

/** What the Gong share measured. */
export interface GongFigures {
  gongCallsExpected: number;
  gongIngestedOnce: number;
  gongLost: number;
  gongDoubled: number;
  gongIncomplete: number;
  gongDeliveriesSent: number;
  gongDuplicatesSent: number;
  gongAnsweredDuplicate: number;
  gongNeverAnnounced: number;
  gongRecoveredByPull: number;
  /** Faults the fake answered on /v2/calls/extensive and /v2/calls/transcript, by kind. */
  gongFaultsInjected: Record<string, number>;
  gongApiRequests: number;
  /** Gong's own limit: the most API requests in one second, and the 429s it answered by itself. */
  gongMaxPerSecond: number;
  gongOwnRateLimited: number;
}

/** Each Gong call the fake holds must be one conversation, analyzed, with every sentence and both parties. */
export function checkGongShare(
  share: ChaosGongShare,
  gong: FakeGong,
  worker: RestartableWorker,
  delivery: { sent: number; answers: Record<string, number> },
  problems: string[],
): GongFigures {
  const conversations = worker.sql<{ id: string; external_id: string; status: string }>(
    "SELECT id, external_id, status FROM conversations WHERE source = 'gong_call'",
  );
  const countBy = (query: string) =>
    new Map(worker.sql<{ id: string; n: number }>(query).map((row) => [row.id, Number(row.n)]));
  const segments = countBy(
    "SELECT s.conversation_id AS id, count(*) AS n FROM transcript_segments s JOIN conversations c ON c.id = s.conversation_id WHERE c.source = 'gong_call' GROUP BY s.conversation_id",
  );
  const people = countBy(
    "SELECT p.conversation_id AS id, count(*) AS n FROM participants p JOIN conversations c ON c.id = p.conversation_id WHERE c.source = 'gong_call' GROUP BY p.conversation_id",
  );
  const f = { ingested: 0, lost: 0, doubled: 0, incomplete: 0, recovered: 0 };
  for (const c of share.calls) {
    const convs = conversations.filter((row) => row.external_id === c.call.id);
    const first = convs[0];
    const segs = first ? (segments.get(first.id) ?? 0) : 0;
    const prts = first ? (people.get(first.id) ?? 0) : 0;
    if (convs.length > 1 || segs > c.sentences || prts > 2) {
      f.doubled++;
      problems.push(
        `doubled Gong call ${c.call.id}: ${convs.length} conversations, ${segs} segments, ${prts} participants`,
      );
    } else if (!convs.some((row) => row.status === "analyzed")) {
      f.lost++;
      problems.push(`lost Gong call ${c.call.id}: ${convs.map((row) => row.status).join(",") || "no conversation"}`);
    } else if (segs !== c.sentences || prts !== 2) {
      f.incomplete++;
      problems.push(`incomplete Gong call ${c.call.id}: ${segs}/${c.sentences} segments, ${prts} participants`);
    } else {
      f.ingested++;
      if (!c.announced) f.recovered++;
    }
  }
  const faults: Record<string, number> = {};
  for (const r of gong.requests.filter((r) => r.injected)) {
    const kind = r.status === 0 ? "timeout" : r.status === 429 ? "rate_limited" : "server_error";
    faults[kind] = (faults[kind] ?? 0) + 1;
  }
  const api = gong.requests.filter((r) => r.path.startsWith("/v2/"));
  return {
    gongCallsExpected: share.calls.length,
    gongIngestedOnce: f.ingested,
    gongLost: f.lost,
    gongDoubled: f.doubled,
    gongIncomplete: f.incomplete,
    gongDeliveriesSent: delivery.sent,
    gongDuplicatesSent: share.duplicates,
    gongAnsweredDuplicate: delivery.answers.duplicate ?? 0,
    gongNeverAnnounced: share.calls.filter((c) => !c.announced).length,
    gongRecoveredByPull: f.recovered,
    gongFaultsInjected: faults,
    gongApiRequests: api.length,
    gongMaxPerSecond: gong.maxRequestsInOneSecond(),
    gongOwnRateLimited: api.filter((r) => r.status === 429 && !r.injected).length,
  };
}
