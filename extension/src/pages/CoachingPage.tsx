import type {
  CoachingCall,
  CoachingMetricName,
  CoachingTipSummary,
  CoachingWeek,
  RepCoaching,
} from "@sightline/shared";
import { useEffect } from "preact/hooks";
import { Button } from "../ui/Button.tsx";
import { formatDate, formatMoment, sourceKindLabel } from "../ui/format.ts";
import { LineChart } from "../ui/LineChart.tsx";
import { PeriodSelector } from "../ui/PeriodSelector.tsx";
import { SourceQuote } from "../ui/SourceQuote.tsx";
import { ErrorState, LoadingState, SignedOutState } from "../ui/states.tsx";
import type { CoachingStore } from "./coaching-store.ts";
import { describeChange, formatMetric, METRICS, tipLabel, trendLines } from "./coaching-view.ts";

/** Every server value is JSX text (Preact escapes it); nothing here sets HTML. */
export function CoachingPage({ store }: { store: CoachingStore }) {
  const view = store.view.value;
  const name = view.kind === "ready" ? view.coaching.rep.name : null;
  useEffect(() => {
    document.title = name ? `Coaching: ${name} · Sightline` : "Coaching · Sightline";
  }, [name]);

  switch (view.kind) {
    case "loading":
      return <LoadingState text="Loading coaching…" />;
    case "signedOut":
      return <SignedOutState onSignIn={() => void store.openSignIn()} />;
    case "error":
      return <ErrorState message={view.message} onRetry={() => void store.load()} />;
    case "ready":
      return (
        <main class="coaching-page" aria-busy={view.updating ? "true" : undefined}>
          <Header store={store} coaching={view.coaching} />
          <Figures coaching={view.coaching} />
          <Tips store={store} tips={view.coaching.tips} />
          <Calls store={store} coaching={view.coaching} />
        </main>
      );
  }
}

function Header({ store, coaching }: { store: CoachingStore; coaching: RepCoaching }) {
  const reps = store.reps.value;
  const missing = coaching.callCount - coaching.callsWithStats;
  return (
    <header class="head">
      <h1>Coaching: {coaching.rep.name}</h1>
      {reps.length > 1 && (
        <label class="picker">
          Rep{" "}
          <select value={store.repId.value ?? ""} onChange={(e) => void store.setRep(e.currentTarget.value)}>
            {reps.map((rep) => (
              <option key={rep.id} value={rep.id}>
                {rep.id === store.me.value?.id ? `${rep.name} (me)` : rep.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <PeriodSelector value={store.period.value} onChange={(p) => void store.setPeriod(p)} />
      <p class="muted">
        {coaching.callCount === 1 ? "1 call" : `${coaching.callCount} calls`}
        {coaching.previousCallCount !== null && ` · ${coaching.previousCallCount} in the previous period`}
      </p>
      {missing > 0 && (
        <p class="muted note">
          {missing === 1 ? "1 call was" : `${missing} calls were`} analyzed before coaching figures were kept; the
          nightly re-analysis adds {missing === 1 ? "it" : "them"}.
        </p>
      )}
    </header>
  );
}

function Figures({ coaching }: { coaching: RepCoaching }) {
  return (
    <section class="section" aria-label="Figures">
      <h2>Figures</h2>
      {coaching.callsWithStats === 0 ? (
        <p class="muted">No calls with figures in this period.</p>
      ) : (
        <ul class="figures">
          {METRICS.map(({ name, label }) => {
            const metric = coaching.metrics[name];
            const change = describeChange(name, metric);
            return (
              <li key={name} class="figure" aria-label={label}>
                <span class="figure-label">{label}</span>
                <strong class="figure-value">{formatMetric(name, metric.average)}</strong>
                <span class="muted">
                  median {formatMetric(name, metric.median)} · max {formatMetric(name, metric.max)}
                  {metric.total !== null && ` · total ${formatMetric(name, metric.total)}`}
                </span>
                {change && <span class={`change ${change.tone}`}>{change.text}</span>}
                <Trend weeks={coaching.weeks} name={name} label={label} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const CHART = { width: 220, height: 48 };

function Trend({ weeks, name, label }: { weeks: CoachingWeek[]; name: CoachingMetricName; label: string }) {
  const { lines, dots } = trendLines(weeks, name, CHART.width, CHART.height);
  if (dots.length === 0) return null;
  return (
    <LineChart
      class="trend"
      width={CHART.width}
      height={CHART.height}
      lines={lines}
      dots={dots.map((d) => ({
        x: d.x,
        y: d.y,
        key: d.weekStart,
        title: `Week of ${formatDate(d.weekStart)}: ${formatMetric(name, d.value)}`,
      }))}
      label={`${label} by week`}
    />
  );
}

function Tips({ store, tips }: { store: CoachingStore; tips: CoachingTipSummary[] }) {
  return (
    <section class="section" aria-label="Tips">
      <h2>Most frequent tips</h2>
      {tips.length === 0 ? (
        <p class="muted">No tips in this period.</p>
      ) : (
        <ul class="tips">
          {tips.map((tip) => (
            <li key={tip.kind} class="tip">
              <h3>
                {tipLabel(tip.kind)} ({tip.count})
              </h3>
              <p class="muted">
                in {tip.calls === 1 ? "1 call" : `${tip.calls} calls`}
                {tip.previousCount !== null && ` · ${tip.previousCount} in the previous period`}
              </p>
              <ul class="examples">
                {tip.examples.map((example) => (
                  <li key={`${example.conversationId}:${example.startMs}`}>
                    <p>{example.tip}</p>
                    <SourceQuote
                      quote={example.quote}
                      facts={[example.conversationTitle, formatDate(example.startedAt)]}
                      startMs={example.startMs}
                      onOpenTranscript={() => void store.openTranscript(example.conversationId, example.startMs)}
                    />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function callFigure(call: CoachingCall, name: CoachingMetricName): string {
  return formatMetric(name, call[name]);
}

function Calls({ store, coaching }: { store: CoachingStore; coaching: RepCoaching }) {
  const { calls } = coaching;
  return (
    <section class="section" aria-label="Calls">
      <h2>Calls</h2>
      {calls.length === 0 ? (
        <p class="muted">No calls in this period.</p>
      ) : (
        <table class="calls">
          <thead>
            <tr>
              <th scope="col">Call</th>
              <th scope="col">Talk ratio</th>
              <th scope="col">Longest monologue</th>
              <th scope="col">Questions</th>
              <th scope="col">Unanswered</th>
              <th scope="col">Next steps</th>
              <th scope="col">Tips</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.conversationId}>
                <th scope="row">
                  <Button variant="link" onClick={() => void store.openTranscript(call.conversationId, null)}>
                    {call.title}
                  </Button>
                  <span class="muted">
                    {[
                      sourceKindLabel(call.kind),
                      formatDate(call.startedAt),
                      call.accountName,
                      call.role === "host" ? "host" : "participant",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </th>
                <td>{callFigure(call, "talkRatio")}</td>
                <td>
                  {call.longestMonologueMs !== null && call.longestMonologueStartMs !== null ? (
                    <Button
                      variant="link"
                      aria-label={`Longest monologue ${callFigure(call, "longestMonologueMs")}, open transcript ${formatMoment(call.longestMonologueStartMs)}`}
                      onClick={() => void store.openTranscript(call.conversationId, call.longestMonologueStartMs)}
                    >
                      {callFigure(call, "longestMonologueMs")}
                    </Button>
                  ) : (
                    callFigure(call, "longestMonologueMs")
                  )}
                </td>
                <td>{callFigure(call, "questionsAsked")}</td>
                <td>
                  {call.unansweredQuestions === null
                    ? "–"
                    : `${call.unansweredQuestions} of ${call.customerQuestions ?? 0}`}
                </td>
                <td>{call.nextSteps === null ? "–" : `${call.nextSteps} (${call.nextStepsWithDate ?? 0} dated)`}</td>
                <td>{call.tips}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {coaching.callCount > calls.length && (
        <p class="muted">
          The {calls.length} newest of {coaching.callCount} calls.
        </p>
      )}
    </section>
  );
}
