import { safeText, truncate } from "./mrkdwn.ts";

/** What a call recap says; loaded from the stored conversation and its insights (load-recap.ts). */
export interface RecapInput {
  conversationId: string;
  title: string;
  startedAt: Date;
  durationSeconds: number | null;
  /** Our person on the call (the host, else our first participant). */
  rep: string | null;
  accountName: string | null;
  mainContact: { name: string; email: string | null } | null;
  sentiment: { label: string; score: number | null } | null;
  /** 0..100, or null when the analyzer found no closing signal. */
  closingProbability: number | null;
  /** Why, in short phrases ("budget concern open"); empty for analyses made before reasons existed. */
  closingReasons: string[];
  wins: RecapFinding[];
  issues: RecapFinding[];
  nextSteps: Array<{ text: string; owner: string | null; due: string | null }>;
  coaching: string[];
  /** Where to open the conversation (SIGHTLINE_APP_URL); omitted when null. */
  link: string | null;
}

export interface RecapFinding {
  text: string;
  quote: string | null;
}

/** The Block Kit elements the recap uses (a subset of Slack's types, enough to type-check the builder). */
export type TextObject = { type: "mrkdwn"; text: string } | { type: "plain_text"; text: string; emoji?: boolean };
export type Block =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji?: boolean } }
  | { type: "section"; text?: TextObject; fields?: TextObject[] }
  | { type: "context"; elements: TextObject[] }
  | { type: "divider" }
  | {
      type: "actions";
      elements: Array<{ type: "button"; text: { type: "plain_text"; text: string }; url: string; action_id: string }>;
    };

export interface SlackMessage {
  /** Plain fallback for notifications and clients without Block Kit. */
  text: string;
  blocks: Block[];
}

/** Slack's documented limits (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  contextElements: 10,
  /** Context element text has no separate documented cap beyond the section's; kept short for layout. */
  contextText: 300,
  buttonText: 75,
  buttonUrl: 3000,
  /** Top-level text may be 40,000; the fallback is a summary, kept well below. */
  fallbackText: 3000,
} as const;

const TOP = { wins: 3, issues: 3, nextSteps: 5, coaching: 3 } as const;
const ITEM_CHARS = 300;
const QUOTE_CHARS = 280;

function outcome(input: RecapInput): string {
  const p = input.closingProbability;
  const label = input.sentiment?.label;
  if (p !== null && p >= 70) return "Strong: likely to move forward";
  if (label === "negative" || (p !== null && p < 35)) return "At risk";
  if (label === "positive") return "Positive";
  return "Neutral";
}

function sentimentText(sentiment: RecapInput["sentiment"]): string {
  if (!sentiment) return "n/a";
  const label = sentiment.label.charAt(0).toUpperCase() + sentiment.label.slice(1);
  return sentiment.score === null ? label : `${label} (${sentiment.score.toFixed(2)})`;
}

function formatDuration(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * Joins already-escaped lines under a bold title into one section text of at most 3,000 characters:
 * lines that do not fit are dropped and counted ("…and 4 more").
 */
function listSection(title: string, lines: string[], total: number): Block | null {
  if (lines.length === 0) return null;
  const head = `*${title}*`;
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    const remaining = total - i - 1;
    const more = remaining > 0 ? `\n…and ${remaining} more` : "";
    const candidate = [head, ...kept, line].join("\n") + more;
    if (candidate.length > SLACK_LIMITS.sectionText) break;
    kept.push(line);
  }
  const dropped = total - kept.length;
  let text = [head, ...kept].join("\n");
  if (dropped > 0) text += `\n…and ${dropped} more`;
  return { type: "section", text: { type: "mrkdwn", text: truncate(text, SLACK_LIMITS.sectionText) } };
}

function findingLine(finding: RecapFinding): string {
  const line = `• ${safeText(finding.text, ITEM_CHARS)}`;
  const quote = finding.quote?.trim();
  if (!quote || quote === finding.text.trim()) return line;
  return `${line}\n>_“${safeText(quote, QUOTE_CHARS)}”_`;
}

/** The recap as a Block Kit message within Slack's limits, with a plain-text fallback. Pure. */
export function buildRecapMessage(input: RecapInput): SlackMessage {
  const account = input.accountName ?? "Unassigned conversation";
  const blocks: Block[] = [];
  blocks.push({
    type: "header",
    // plain_text: Slack shows it literally (no mrkdwn, no mentions), so only the length matters.
    text: { type: "plain_text", text: truncate(`Call recap: ${account}`, SLACK_LIMITS.headerText), emoji: false },
  });
  const when = [
    `${input.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    formatDuration(input.durationSeconds),
  ]
    .filter(Boolean)
    .join(" · ");
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `${safeText(input.title, 200)} · ${when}` }],
  });
  const contact = input.mainContact
    ? safeText(
        input.mainContact.email ? `${input.mainContact.name} (${input.mainContact.email})` : input.mainContact.name,
        500,
      )
    : "n/a";
  const fields: TextObject[] = [
    { type: "mrkdwn", text: `*Rep*\n${input.rep ? safeText(input.rep, 500) : "n/a"}` },
    { type: "mrkdwn", text: `*Account*\n${safeText(account, 500)}` },
    { type: "mrkdwn", text: `*Main contact*\n${contact}` },
    { type: "mrkdwn", text: `*Outcome*\n${outcome(input)}` },
    { type: "mrkdwn", text: `*Sentiment*\n${safeText(sentimentText(input.sentiment), 100)}` },
    {
      type: "mrkdwn",
      text: `*Closing probability*\n${input.closingProbability === null ? "n/a" : safeText(closingLine(input), 1500)}`,
    },
  ];
  blocks.push({ type: "section", fields });

  const lists: Array<Block | null> = [
    listSection("Top wins", input.wins.slice(0, TOP.wins).map(findingLine), Math.min(input.wins.length, TOP.wins)),
    listSection(
      "Top issues",
      input.issues.slice(0, TOP.issues).map(findingLine),
      Math.min(input.issues.length, TOP.issues),
    ),
    listSection(
      "Next steps",
      input.nextSteps.slice(0, TOP.nextSteps).map((n) => {
        const who = n.owner ? ` (${safeText(n.owner, 80)})` : "";
        const due = n.due ? ` · _${safeText(n.due, 80)}_` : "";
        return `• ${safeText(n.text, ITEM_CHARS)}${who}${due}`;
      }),
      Math.min(input.nextSteps.length, TOP.nextSteps),
    ),
    listSection(
      "Coaching notes",
      input.coaching.slice(0, TOP.coaching).map((tip) => `• ${safeText(tip, ITEM_CHARS)}`),
      Math.min(input.coaching.length, TOP.coaching),
    ),
  ];
  const listBlocks = lists.filter((b): b is Block => b !== null);
  if (listBlocks.length > 0) blocks.push({ type: "divider" }, ...listBlocks);
  if (input.wins.length + input.issues.length + input.nextSteps.length === 0) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "_No wins, issues or next steps were found._" } });
  }
  if (input.link && input.link.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: "Open in Sightline" },
          url: input.link,
          action_id: "open_conversation",
        },
      ],
    });
  }
  return { text: fallbackText(input, account), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** "42%: budget concern open, competitor evaluated, next step dated" (the number alone when no reasons). */
function closingLine(input: RecapInput): string {
  const value = `${Math.round(input.closingProbability ?? 0)}%`;
  return input.closingReasons.length > 0 ? `${value}: ${input.closingReasons.join(", ")}` : value;
}

/** One short plain paragraph: what notifications and Block-Kit-less clients show. */
function fallbackText(input: RecapInput, account: string): string {
  const parts = [
    `Call recap: ${account} – ${input.title}`,
    input.rep ? `Rep: ${input.rep}` : null,
    input.mainContact ? `Contact: ${input.mainContact.name}` : null,
    `Outcome: ${outcome(input)}`,
    input.closingProbability === null ? null : `Closing probability: ${closingLine(input)}`,
    `${input.wins.length} win(s), ${input.issues.length} issue(s), ${input.nextSteps.length} next step(s)`,
    input.nextSteps[0] ? `Next: ${input.nextSteps[0].text}` : null,
    input.link ? `Open: ${input.link}` : null,
  ].filter((p): p is string => p !== null);
  return truncate(parts.map((p) => safeText(p, 500)).join(" · "), SLACK_LIMITS.fallbackText);
}
