import type { AttributionReport } from "@sightline/shared";
import { BarChart } from "../ui/BarChart.tsx";
import { PERIOD_NAMES, PeriodSelector } from "../ui/PeriodSelector.tsx";
import { ErrorState, LoadingState, SignedOutState } from "../ui/states.tsx";
import {
  ATTRIBUTION_METRICS,
  type AttributionMetric,
  type AttributionStore,
  attributionBars,
  formatFigure,
} from "./attribution-store.ts";

const COLUMNS = Object.keys(ATTRIBUTION_METRICS) as AttributionMetric[];

/** Every server value (lead-source labels included) is JSX text (Preact escapes it); nothing here sets HTML. */
export function AttributionPage({ store }: { store: AttributionStore }) {
  const view = store.view.value;
  switch (view.kind) {
    case "loading":
      return <LoadingState text="Loading attribution…" />;
    case "signedOut":
      return <SignedOutState onSignIn={() => void store.openSignIn()} />;
    case "error":
      return <ErrorState message={view.message} onRetry={() => void store.load()} />;
    case "ready":
      return (
        <main class="attribution-page" aria-busy={view.updating ? "true" : undefined}>
          <h1>Lead-source attribution</h1>
          <PeriodSelector value={store.period.value} onChange={(p) => void store.setPeriod(p)} />
          {view.report.rows.length === 0 ? (
            <p class="muted" role="status">
              No accounts with a lead source in this period.
            </p>
          ) : (
            <Report store={store} report={view.report} />
          )}
        </main>
      );
  }
}

function Report({ store, report }: { store: AttributionStore; report: AttributionReport }) {
  const metric = store.metric.value;
  const period = PERIOD_NAMES[store.period.value];
  return (
    <>
      <section aria-labelledby="chart-title">
        <h2 id="chart-title">Chart</h2>
        <label class="picker">
          Figure{" "}
          <select value={metric} onChange={(e) => store.setMetric(e.currentTarget.value as AttributionMetric)}>
            {COLUMNS.map((m) => (
              <option key={m} value={m}>
                {ATTRIBUTION_METRICS[m]}
              </option>
            ))}
          </select>
        </label>
        <BarChart
          bars={attributionBars(report.rows, metric)}
          label={`${ATTRIBUTION_METRICS[metric]} per lead source, ${period}`}
        />
      </section>
      <section aria-labelledby="table-title">
        <h2 id="table-title">Per lead source</h2>
        <table class="calls">
          <caption class="muted">
            {period}: conversations started in the period; share positive is of the accounts whose latest call was
            analyzed.
          </caption>
          <thead>
            <tr>
              <th scope="col">Lead source</th>
              {COLUMNS.map((m) => (
                <th key={m} scope="col">
                  {ATTRIBUTION_METRICS[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {COLUMNS.map((m) => (
                  <td key={m}>{formatFigure(row, m)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
