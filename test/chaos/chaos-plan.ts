import type { FakeDownloadFault } from "../fakes/fake-zoom.ts";

/**
 * What a chaos run does, decided up front from a seed so a failing run can be repeated: the
 * recordings the fake Zoom holds, the webhook events Zoom would send about them, which of those never
 * arrive, which arrive more than once, the order they arrive in, and the download faults each
 * recording's transcript meets. Pure: no I/O, so the figures can be checked against it afterwards.
 */
export interface ChaosSettings {
  recordings: number;
  /** Signed POSTs to /webhooks/zoom, duplicates included. */
  deliveries: number;
  /** Share of deliveries that repeat an event already in the list (Zoom's retries). */
  duplicateShare: number;
  /** Share of recordings whose transcript download fails first (once or twice) with a transient fault. */
  downloadFailureShare: number;
  /** Share of recordings deleted in Zoom after their webhooks went out: downloads answer 404 for good. */
  permanentShare: number;
  /** Share of events Zoom never delivers (reconciliation must find their recordings). */
  undeliveredShare: number;
  /** Times `wrangler dev` is killed (SIGKILL) and started again while deliveries are going out. */
  restarts: number;
  /** Zoom Contact Center engagements (voice, with a transcript) among the same deliveries. */
  engagements: number;
  /** Gong calls (chaos-gong.ts): signed automation-rule webhooks among the deliveries, faults on Gong's API. */
  gongCalls: number;
  seed: number;
}

export const FULL_CHAOS: ChaosSettings = {
  recordings: 500,
  deliveries: 2000,
  duplicateShare: 0.2,
  downloadFailureShare: 0.3,
  permanentShare: 0.02,
  undeliveredShare: 0.05,
  restarts: 2,
  engagements: 50,
  gongCalls: 40,
  seed: 14,
};

/** The bounded variant the test command runs: same shares, a tenth of the size, one restart. */
export const BOUNDED_CHAOS: ChaosSettings = {
  ...FULL_CHAOS,
  recordings: 50,
  deliveries: 200,
  restarts: 1,
  engagements: 6,
  gongCalls: 8,
};

export type ChaosEventType =
  | "recording.completed"
  | "recording.transcript_completed"
  | "meeting.started"
  | "meeting.ended"
  | "contact_center.engagement_ended"
  | "contact_center.recording_transcript_completed";

/** A Contact Center voice engagement: its transcript is read through the REST API's transcript_url. */
export interface ChaosEngagement {
  index: number;
  engagementId: string;
  recordingId: string;
  transcriptFileId: string;
  startTime: string;
  cues: Array<{ speaker: string; text: string }>;
  consumerName: string;
  consumerEmail: string;
  /** The transcript answers 404 "not ready" this many times first (Zoom is still transcribing). */
  notReadyTimes: number;
}

export interface ChaosRecording {
  index: number;
  uuid: string;
  meetingId: number;
  transcriptFileId: string;
  downloadToken: string;
  topic: string;
  startTime: string;
  /** One cue per line, speakers alternating, so the stored transcript has exactly this many segments. */
  cues: Array<{ speaker: string; text: string }>;
  customerEmail: string;
  /** The account domain the customer's e-mail routes to. */
  accountDomain: string;
  /** Deleted in Zoom: not listed, and its files answer 404. */
  gone: boolean;
  faults: FakeDownloadFault[];
}

export interface ChaosEvent {
  /** Position in Zoom's own list of events (not the delivery order). */
  id: number;
  /** Index of its recording, or of its engagement for `contact_center.*` events. */
  recording: number;
  type: ChaosEventType;
  eventTs: number;
  delivered: boolean;
}

export interface ChaosPlan {
  settings: ChaosSettings;
  recordings: ChaosRecording[];
  engagements: ChaosEngagement[];
  events: ChaosEvent[];
  /** Event ids in delivery order; an id appears more than once for a duplicate. */
  deliveries: number[];
  accountDomains: string[];
}

/** mulberry32: small, seedable, good enough to shuffle test data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** `count` distinct indexes of 0..n-1. */
export function pick(n: number, count: number, rand: () => number): Set<number> {
  return new Set(shuffle([...Array(n).keys()], rand).slice(0, count));
}

const FIRST = ["Ana", "Ben", "Chloe", "Dev", "Erin", "Farid", "Grace", "Hugo", "Iris", "Jonas"];
const LAST = ["Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber"];
export const LINES = [
  "Thanks for making the time today, let's go through the rollout plan.",
  "The pilot went well and the team likes the new dashboard.",
  "Our main concern is the price for next year's budget.",
  "Could you send the security questionnaire before Friday?",
  "We compared you with two other vendors last quarter.",
  "The export to our data warehouse is the feature we need most.",
  "Let's schedule a follow-up with procurement next week.",
  "Support answered quickly when the sync broke in March.",
];

const base64Uuid = (rand: () => number) =>
  `${Buffer.from(Array.from({ length: 16 }, () => Math.floor(rand() * 256))).toString("base64")}`;

function faultFor(rand: () => number, k: number): FakeDownloadFault {
  switch (k % 4) {
    case 0:
      return { kind: "server_error", status: rand() < 0.5 ? 500 : 503 };
    case 1:
      return { kind: "rate_limited", retryAfterSeconds: 1 + Math.floor(rand() * 2) };
    case 2:
      return { kind: "timeout" };
    default:
      return { kind: "truncated" };
  }
}

/**
 * The plan. Every recording gets `recording.completed` (no transcript file yet: a pending
 * conversation) and `recording.transcript_completed` (with the VTT and its download_token); every
 * Contact Center engagement gets `engagement_ended` and `recording_transcript_completed`; the
 * meeting events Zoom also sends (`meeting.ended`, `meeting.started`, which Sightline archives and
 * ignores) make up the rest, so that the counts come out as the settings ask: deliveries less
 * duplicates are the events delivered, and the undelivered share of all events is left out.
 */
export function makeChaosPlan(settings: ChaosSettings, now = Date.now()): ChaosPlan {
  const rand = random(settings.seed);
  const accountDomains = Array.from({ length: Math.max(2, Math.ceil(settings.recordings / 50)) }, (_, i) =>
    `chaos-customer-${i}.example`.toLowerCase(),
  );
  const gone = pick(settings.recordings, Math.round(settings.recordings * settings.permanentShare), rand);
  const live = [...Array(settings.recordings).keys()].filter((i) => !gone.has(i));
  const failing = new Set(
    shuffle(live, rand).slice(0, Math.round(settings.recordings * settings.downloadFailureShare)),
  );
  let faultKind = 0;
  const recordings: ChaosRecording[] = Array.from({ length: settings.recordings }, (_, index) => {
    const domain = accountDomains[index % accountDomains.length] as string;
    const customer = `${FIRST[index % FIRST.length]} ${LAST[Math.floor(index / FIRST.length) % LAST.length]}`;
    const host = "Sam Seller";
    const cueCount = 3 + (index % 4);
    const cues = Array.from({ length: cueCount }, (_, c) => ({
      speaker: c % 2 === 0 ? host : customer,
      text: `${LINES[(index + c) % LINES.length]} (call ${index}, part ${c + 1})`,
    }));
    const faults: FakeDownloadFault[] = [];
    if (failing.has(index)) {
      const count = rand() < 0.7 ? 1 : 2;
      for (let f = 0; f < count; f++) faults.push(faultFor(rand, faultKind++));
    }
    return {
      index,
      uuid: base64Uuid(rand),
      meetingId: 80_000_000_000 + index,
      transcriptFileId: `chaos-vtt-${settings.seed}-${index}`,
      downloadToken: `dl-chaos-${settings.seed}-${index}`,
      topic: `Chaos call ${index}`,
      // Over the last four days, so a first reconciliation (30 days back) lists every one.
      startTime: new Date(now - (1 + (index % 4)) * 86_400_000 - index * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
      cues,
      customerEmail: `${customer.toLowerCase().replace(" ", ".")}@${domain}`,
      accountDomain: domain,
      gone: gone.has(index),
      faults,
    };
  });

  const duplicates = Math.round(settings.deliveries * settings.duplicateShare);
  const delivered = settings.deliveries - duplicates;
  const total = Math.round(delivered / (1 - settings.undeliveredShare));
  const engagements: ChaosEngagement[] = Array.from({ length: settings.engagements }, (_, index) => {
    const domain = accountDomains[index % accountDomains.length] as string;
    const consumer = `${FIRST[(index + 3) % FIRST.length]} ${LAST[(index + 5) % LAST.length]}`;
    return {
      index,
      engagementId: `chaos-eng-${settings.seed}-${index}-${Math.floor(rand() * 1e9).toString(36)}`,
      recordingId: `chaos-ccrec-${settings.seed}-${index}`,
      transcriptFileId: `chaos-cctr-${settings.seed}-${index}`,
      startTime: new Date(now - (1 + (index % 3)) * 86_400_000 - index * 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
      cues: Array.from({ length: 3 + (index % 3) }, (_, c) => ({
        speaker: c % 2 === 0 ? "Sam Seller" : consumer,
        text: `${LINES[(index + c + 2) % LINES.length]} (support call ${index}, part ${c + 1})`,
      })),
      consumerName: consumer,
      consumerEmail: `${consumer.toLowerCase().replace(" ", ".")}@${domain}`,
      notReadyTimes: rand() < settings.downloadFailureShare ? 1 : 0,
    };
  });
  const extra = total - 2 * settings.recordings - 2 * settings.engagements;
  if (extra < 0 || extra > 2 * settings.recordings)
    throw new Error(`${settings.deliveries} deliveries do not fit ${settings.recordings} recordings`);
  const types: Array<{ recording: number; type: ChaosEventType }> = [];
  for (let r = 0; r < settings.recordings; r++) {
    types.push({ recording: r, type: "recording.completed" }, { recording: r, type: "recording.transcript_completed" });
  }
  for (let e = 0; e < settings.engagements; e++) {
    types.push(
      { recording: e, type: "contact_center.engagement_ended" },
      { recording: e, type: "contact_center.recording_transcript_completed" },
    );
  }
  for (let k = 0; k < extra; k++) {
    const recording = k % settings.recordings;
    types.push({ recording, type: k < settings.recordings ? "meeting.ended" : "meeting.started" });
  }
  const undelivered = pick(types.length, total - delivered, rand);
  const events: ChaosEvent[] = types.map((t, id) => ({
    id,
    ...t,
    eventTs: now - 3_600_000 + id,
    delivered: !undelivered.has(id),
  }));
  const firsts = events.filter((e) => e.delivered).map((e) => e.id);
  const repeats = Array.from({ length: duplicates }, () => firsts[Math.floor(rand() * firsts.length)] as number);
  return {
    settings,
    recordings,
    engagements,
    events,
    deliveries: shuffle([...firsts, ...repeats], rand),
    accountDomains,
  };
}

export function chaosVtt(recording: Pick<ChaosRecording, "cues">): string {
  const time = (s: number) =>
    `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}.000`;
  return `WEBVTT\n\n${recording.cues
    .map((cue, i) => `${i + 1}\n${time(i * 5 + 1)} --> ${time(i * 5 + 4)}\n${cue.speaker}: ${cue.text}\n`)
    .join("\n")}`;
}
