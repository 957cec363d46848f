import type { InsightSource, AccountOverview as Overview, Period } from "@sightline/shared";
import type { ComponentChildren } from "preact";
import type { AccountView } from "./account-view.ts";
import { sparklinePoints } from "./chart.ts";
import { formatAgo, formatDate, formatLastInteraction, sourceKindLabel } from "./format.ts";
import { LineChart } from "./LineChart.tsx";
import { PeriodSelector } from "./PeriodSelector.tsx";
import { SourceQuote } from "./SourceQuote.tsx";
import { ErrorState, InlineError, LoadingState, SignedOutState } from "./states.tsx";

export type AccountViewActions = {
  setPeriod: (period: Period) => void;
  /** An e-mail source names its message (and quote): that opens the message, marked, instead (email.html). */
  openTranscript: (conversationId: string, t: number | null, messageId?: string, quote?: string | null) => void;
  openSignIn: () => void;
  retry: () => void;
};

/**
 * One account's view in every state, as the sidebar and the overview page show it. Every server value
 * is rendered as JSX text (Preact escapes it); nothing here sets HTML.
 */
export function AccountViewBody({
  view,
  period,
  actions,
  compact,
}: {
  view: AccountView;
  period: Period;
  actions: AccountViewActions;
  compact: boolean;
}) {
  switch (view.kind) {
    case "loading":
      return <LoadingState text={`Looking up ${view.lookedUp}…`} />;
    case "signedOut":
      return <SignedOutState onSignIn={actions.openSignIn} />;
    case "notFound":
      return (
        <div class="state" role="status">
          <p>No matching account.</p>
          <p class="muted">Looked up: {view.lookedUp}</p>
        </div>
      );
    case "error":
      return <ErrorState message={view.message} onRetry={actions.retry} />;
    case "ready":
      return (
        <>
          <header class="head">
            <h2 class="name">{view.account.name}</h2>
            {view.account.domains.length > 0 && <p class="muted">{view.account.domains.join(", ")}</p>}
            {view.overview && <Headline overview={view.overview} />}
          </header>
          <PeriodSelector value={period} onChange={actions.setPeriod} compact={compact} />
          {view.error && <InlineError>{view.error}</InlineError>}
          {view.overview ? (
            <Sections overview={view.overview} updating={view.updating} actions={actions} />
          ) : (
            <LoadingState text="Loading insights…" />
          )}
        </>
      );
  }
}

function Headline({ overview }: { overview: Overview }) {
  const weeks = overview.sentimentByWeek;
  const probability = overview.closingProbability;
  const last = weeks[weeks.length - 1];
  // Backends before analyzer 1.3.0 send no reasons: the number alone is shown then.
  const reasons = probability?.reasons ?? [];
  return (
    <>
      <div class="headline">
        {probability && (
          <span class="pill" title={`As of ${formatDate(probability.at)}`}>
            Closing {probability.value}%
          </span>
        )}
        {weeks.length > 0 && (
          <LineChart
            class="spark"
            width={120}
            height={28}
            zeroY={14}
            lines={[
              sparklinePoints(
                weeks.map((w) => w.score),
                120,
                28,
              ),
            ]}
            label={`Sentiment by week, ${weeks.length} weeks, latest ${last?.label ?? "unknown"}`}
          />
        )}
      </div>
      {reasons.length > 0 && (
        <p class="reasons muted" title="Why this closing probability">
          {reasons.join(", ")}
        </p>
      )}
    </>
  );
}

function Sections({
  overview,
  updating,
  actions,
}: {
  overview: Overview;
  updating: boolean;
  actions: AccountViewActions;
}) {
  const theirs = overview.contacts.filter((c) => c.side === "theirs");
  const ours = overview.contacts.filter((c) => c.side === "ours");
  return (
    <div class="overview" aria-busy={updating}>
      <p class="muted" role="status">
        {overview.conversations.count} conversation{overview.conversations.count === 1 ? "" : "s"}
        {overview.conversations.lastAt && `, last ${formatAgo(overview.conversations.lastAt)}`}
        {updating && " · updating…"}
      </p>
      <Section title="Topics" label="Topics" empty="No topics in this period.">
        {overview.topics.map((topic) => (
          <Expandable
            key={topic.phrase}
            summary={`${topic.phrase} (${topic.mentions})`}
            actions={actions}
            sources={topic.sources.slice(0, 3)}
          />
        ))}
      </Section>
      <Section title={`Wins (${overview.wins.count})`} label="Wins" empty="No wins in this period.">
        {overview.wins.items.map((item, i) => (
          <Expandable key={`${i}:${item.text}`} summary={item.text} actions={actions} sources={[item.source]} />
        ))}
      </Section>
      <Section title={`Issues (${overview.issues.count})`} label="Issues" empty="No issues in this period.">
        {overview.issues.items.map((item, i) => (
          <Expandable key={`${i}:${item.text}`} summary={item.text} actions={actions} sources={[item.source]} />
        ))}
      </Section>
      <Section title="Next steps" label="Next steps" empty="No next steps in this period.">
        {overview.nextSteps.map((step, i) => (
          <Expandable
            key={`${i}:${step.text}`}
            summary={[step.text, step.owner && `owner: ${step.owner}`, step.due && `due ${step.due}`]
              .filter(Boolean)
              .join(" · ")}
            actions={actions}
            sources={[step.source]}
          />
        ))}
      </Section>
      <Section title="Objections" label="Objections" empty="No objections in this period.">
        {overview.objections.map((objection, i) => (
          <Expandable
            key={`${i}:${objection.text}`}
            summary={`${objection.category}: ${objection.text}`}
            actions={actions}
            sources={[objection.source]}
          />
        ))}
      </Section>
      {overview.dispositions && overview.dispositions.length > 0 && (
        <section class="section" aria-label="Dispositions">
          <h3>Dispositions</h3>
          <ul class="items">
            {overview.dispositions.map((d) => (
              <li key={d.name}>
                {d.name} ({d.count})
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="section" aria-label="Contacts">
        <h3>Contacts</h3>
        <ContactList title="Their side" contacts={theirs} />
        <ContactList title="Our side" contacts={ours} />
      </section>
    </div>
  );
}

function Section({
  title,
  label,
  empty,
  children,
}: {
  title: string;
  label: string;
  empty: string;
  children: ComponentChildren[];
}) {
  return (
    <section class="section" aria-label={label}>
      <h3>{title}</h3>
      {children.length > 0 ? <ul class="items">{children}</ul> : <p class="muted">{empty}</p>}
    </section>
  );
}

function Expandable({
  summary,
  sources,
  actions,
}: {
  summary: string;
  sources: InsightSource[];
  actions: AccountViewActions;
}) {
  return (
    <li>
      <details>
        <summary>{summary}</summary>
        {sources.map((source) => (
          <SourceQuote
            key={`${source.conversationId}:${source.messageId ?? source.startMs}`}
            quote={source.quote}
            facts={[
              source.channel ?? sourceKindLabel(source.kind),
              source.conversationTitle,
              formatDate(source.occurredAt),
              source.speaker,
            ]}
            startMs={source.startMs}
            openLabel={source.messageId && "Open e-mail"}
            onOpenTranscript={() =>
              actions.openTranscript(source.conversationId, source.startMs, source.messageId, source.quote)
            }
          >
            {source.dispositions && source.dispositions.length > 0 && (
              <p class="muted">Disposition: {source.dispositions.join(", ")}</p>
            )}
            {source.notes && source.notes.length > 0 && <p class="muted">Notes: {source.notes.join(" / ")}</p>}
          </SourceQuote>
        ))}
      </details>
    </li>
  );
}

function ContactList({ title, contacts }: { title: string; contacts: Overview["contacts"] }) {
  return (
    <div class="contacts">
      <h4>{title}</h4>
      {contacts.length === 0 ? (
        <p class="muted">Nobody yet.</p>
      ) : (
        <ul class="items">
          {contacts.map((contact) => (
            <li key={`${contact.email ?? ""}:${contact.name}`} class="contact">
              <span class="strong">{contact.name}</span>
              {contact.title && <span class="muted"> · {contact.title}</span>}
              <br />
              <span class="muted">{formatLastInteraction(contact.lastInteractionAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
