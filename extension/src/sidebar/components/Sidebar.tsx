import type { AccountOverview, InsightSource } from "@sightline/shared";
import type { ComponentChildren } from "preact";
import { PERIODS } from "../../shared/messages.ts";
import {
  formatAgo,
  formatDate,
  formatLastInteraction,
  formatMoment,
  sourceKindLabel,
  sparklinePoints,
} from "../format.ts";
import type { SidebarStore, SidebarView } from "../store.ts";

const PERIOD_LABELS: Record<string, string> = { "7d": "7d", "30d": "30d", "90d": "90d", "365d": "1y", all: "All" };

/**
 * The sidebar, fixed to the right edge inside a shadow root. Every server value is rendered as JSX
 * text (Preact escapes it); nothing here sets HTML.
 */
export function Sidebar({ store }: { store: SidebarStore }) {
  const view = store.view.value;
  if (!view) return null;
  if (store.collapsed.value) {
    return (
      <button
        type="button"
        class="tab"
        aria-label="Expand Sightline sidebar"
        aria-expanded="false"
        onClick={() => void store.setCollapsed(false)}
      >
        Sightline
      </button>
    );
  }
  return (
    <aside class="panel" aria-label="Sightline account insights">
      <div class="bar">
        <span class="brand">Sightline</span>
        <button
          type="button"
          class="icon"
          aria-label="Collapse Sightline sidebar"
          aria-expanded="true"
          onClick={() => void store.setCollapsed(true)}
        >
          ›
        </button>
      </div>
      <div class="body">
        <Body view={view} store={store} />
      </div>
    </aside>
  );
}

function Body({ view, store }: { view: SidebarView; store: SidebarStore }) {
  switch (view.kind) {
    case "loading":
      return (
        <p class="state" role="status">
          Looking up {view.lookedUp}…
        </p>
      );
    case "signedOut":
      return (
        <div class="state" role="status">
          <p>You are not signed in to Sightline.</p>
          <button type="button" class="primary" onClick={() => void store.openSignIn()}>
            Sign in
          </button>
        </div>
      );
    case "notFound":
      return (
        <div class="state" role="status">
          <p>No matching account.</p>
          <p class="muted">Looked up: {view.lookedUp}</p>
        </div>
      );
    case "error":
      return (
        <div class="state" role="alert">
          <p>{view.message}</p>
          <button type="button" onClick={() => void store.retry()}>
            Try again
          </button>
        </div>
      );
    case "ready":
      return (
        <>
          <header class="head">
            <h2 class="name">{view.account.name}</h2>
            {view.account.domains.length > 0 && <p class="muted">{view.account.domains.join(", ")}</p>}
            {view.overview && <Headline overview={view.overview} />}
          </header>
          <PeriodPicker store={store} />
          {view.error && (
            <p class="warn" role="alert">
              {view.error}
            </p>
          )}
          {view.overview ? (
            <Overview overview={view.overview} updating={view.updating} store={store} />
          ) : (
            <p class="state" role="status">
              Loading insights…
            </p>
          )}
        </>
      );
  }
}

function Headline({ overview }: { overview: AccountOverview }) {
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
          <svg
            class="spark"
            width="120"
            height="28"
            viewBox="0 0 120 28"
            role="img"
            aria-label={`Sentiment by week, ${weeks.length} weeks, latest ${last?.label ?? "unknown"}`}
          >
            <line x1="0" y1="14" x2="120" y2="14" class="zero" />
            <polyline
              points={sparklinePoints(
                weeks.map((w) => w.score),
                120,
                28,
              )}
            />
          </svg>
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

function PeriodPicker({ store }: { store: SidebarStore }) {
  return (
    <fieldset class="periods" aria-label="Period">
      {PERIODS.map((period) => (
        <button
          type="button"
          key={period}
          aria-pressed={store.period.value === period}
          aria-label={period === "all" ? "All time" : `Last ${period}`}
          onClick={() => void store.setPeriod(period)}
        >
          {PERIOD_LABELS[period]}
        </button>
      ))}
    </fieldset>
  );
}

function Overview({
  overview,
  updating,
  store,
}: {
  overview: AccountOverview;
  updating: boolean;
  store: SidebarStore;
}) {
  const theirs = overview.contacts.filter((c) => c.side === "theirs");
  const ours = overview.contacts.filter((c) => c.side === "ours");
  return (
    <div class="overview" aria-busy={updating}>
      <p class="muted">
        {overview.conversations.count} conversation{overview.conversations.count === 1 ? "" : "s"}
        {overview.conversations.lastAt && `, last ${formatAgo(overview.conversations.lastAt)}`}
        {updating && " · updating…"}
      </p>
      <Section title="Topics" label="Topics" empty="No topics in this period.">
        {overview.topics.map((topic) => (
          <Expandable
            key={topic.phrase}
            summary={`${topic.phrase} (${topic.mentions})`}
            store={store}
            sources={topic.sources.slice(0, 3)}
          />
        ))}
      </Section>
      <Section title={`Wins (${overview.wins.count})`} label="Wins" empty="No wins in this period.">
        {overview.wins.items.map((item, i) => (
          <Expandable key={`${i}:${item.text}`} summary={item.text} store={store} sources={[item.source]} />
        ))}
      </Section>
      <Section title={`Issues (${overview.issues.count})`} label="Issues" empty="No issues in this period.">
        {overview.issues.items.map((item, i) => (
          <Expandable key={`${i}:${item.text}`} summary={item.text} store={store} sources={[item.source]} />
        ))}
      </Section>
      <Section title="Next steps" label="Next steps" empty="No next steps in this period.">
        {overview.nextSteps.map((step, i) => (
          <Expandable
            key={`${i}:${step.text}`}
            summary={[step.text, step.owner && `owner: ${step.owner}`, step.due && `due ${step.due}`]
              .filter(Boolean)
              .join(" · ")}
            store={store}
            sources={[step.source]}
          />
        ))}
      </Section>
      <Section title="Objections" label="Objections" empty="No objections in this period.">
        {overview.objections.map((objection, i) => (
          <Expandable
            key={`${i}:${objection.text}`}
            summary={`${objection.category}: ${objection.text}`}
            store={store}
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

function Expandable({ summary, sources, store }: { summary: string; sources: InsightSource[]; store: SidebarStore }) {
  return (
    <li>
      <details>
        <summary>{summary}</summary>
        {sources.map((source) => (
          <Source key={`${source.conversationId}:${source.startMs}`} source={source} store={store} />
        ))}
      </details>
    </li>
  );
}

function Source({ source, store }: { source: InsightSource; store: SidebarStore }) {
  const moment = formatMoment(source.startMs);
  return (
    <div class="source">
      {source.quote && <blockquote>“{source.quote}”</blockquote>}
      <p class="muted">
        {[
          source.channel ?? sourceKindLabel(source.kind),
          source.conversationTitle,
          formatDate(source.occurredAt),
          source.speaker,
          moment,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {source.dispositions && source.dispositions.length > 0 && (
        <p class="muted">Disposition: {source.dispositions.join(", ")}</p>
      )}
      {source.notes && source.notes.length > 0 && <p class="muted">Notes: {source.notes.join(" / ")}</p>}
      <button
        type="button"
        class="link"
        onClick={() => void store.openTranscript(source.conversationId, source.startMs)}
      >
        Open transcript{moment && ` ${moment}`}
      </button>
    </div>
  );
}

function ContactList({ title, contacts }: { title: string; contacts: AccountOverview["contacts"] }) {
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
