import type { IntakeSettings } from "@sightline/shared";
import { useState } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { LifecycleSettings } from "./LifecycleSettings.tsx";
import { NoticeLine } from "./NoticeLine.tsx";

const REASONS: Record<IntakeSettings["discards"]["recent"][number]["reason"], string> = {
  unregistered_host: "host is not a registered user",
  intake_off: "host's profile has Transcript Intake off",
};

/** Organization settings: the intake rule and its log, and the Slack webhook for call recaps. */
export function OrgSettingsSection() {
  const { orgSettings, lifecycle } = useOptionsStore();
  const { intake, saving, intakeNotice, actions } = orgSettings;
  const state = intake.value;
  return (
    <section aria-labelledby="org-settings-heading" class="card">
      <div class="section-header">
        <h3 id="org-settings-heading">Organization settings</h3>
        <Button
          onClick={() => {
            void actions.load();
            void lifecycle.actions.load();
          }}
        >
          Reload settings
        </Button>
      </div>
      {state.status === "loading" && <LoadingState text="Loading intake settings…" />}
      {state.status === "error" && <ErrorState message={state.message} onRetry={() => void actions.loadIntake()} />}
      {state.status === "ready" && (
        <>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={state.value.registeredUsersOnly}
              disabled={saving.value !== null}
              onChange={(event) => void actions.setRegisteredUsersOnly(event.currentTarget.checked)}
            />
            Ingest only calls hosted by registered users
          </label>
          <NoticeLine notice={intakeNotice.value} />
          <IntakeLog settings={state.value} />
        </>
      )}
      <SlackWebhook />
      <LifecycleSettings />
    </section>
  );
}

function IntakeLog({ settings }: { settings: IntakeSettings }) {
  const { discards } = settings;
  return (
    <section aria-labelledby="intake-log-heading">
      <h4 id="intake-log-heading">Intake log</h4>
      <p>
        {discards.total} {discards.total === 1 ? "recording" : "recordings"} discarded on receipt (
        {discards.byReason.unregistered_host} unregistered host, {discards.byReason.intake_off} intake off).
      </p>
      {discards.recent.length === 0 ? (
        <EmptyState>
          <p>Nothing was discarded.</p>
        </EmptyState>
      ) : (
        <ul class="admin-rows" aria-labelledby="intake-log-heading">
          {discards.recent.map((entry) => (
            <li key={`${entry.provider}-${entry.externalId}-${entry.discardedAt}`}>
              <span class="strong">{entry.hostEmail ?? "unknown host"}</span>
              <span class="muted">
                {formatDate(entry.discardedAt)} · {entry.provider} · {REASONS[entry.reason] ?? entry.reason}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SlackWebhook() {
  const { orgSettings } = useOptionsStore();
  const { slack, saving, slackNotice, actions } = orgSettings;
  const [url, setUrl] = useState("");
  const state = slack.value;
  return (
    <section aria-labelledby="slack-heading">
      <h4 id="slack-heading">Slack recaps</h4>
      {state.status === "loading" && <LoadingState text="Loading Slack settings…" />}
      {state.status === "error" && <ErrorState message={state.message} onRetry={() => void actions.loadSlack()} />}
      {state.status === "ready" && (
        <p>{state.value.configured ? "A Slack webhook is set (its URL is kept sealed)." : "No Slack webhook."}</p>
      )}
      <form
        class="assign"
        aria-label="Slack webhook"
        onSubmit={(event) => {
          event.preventDefault();
          void actions.setSlackWebhook(url).then((done) => {
            if (done) setUrl("");
          });
        }}
      >
        <label>
          Slack incoming-webhook URL
          <input
            type="url"
            autoComplete="off"
            placeholder="https://hooks.slack.com/services/…"
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        </label>
        <div class="actions">
          <Button type="submit" variant="primary" disabled={saving.value !== null}>
            {state.status === "ready" && state.value.configured ? "Replace webhook" : "Save webhook"}
          </Button>
          {state.status === "ready" && state.value.configured && (
            <Button disabled={saving.value !== null} onClick={() => void actions.clearSlackWebhook()}>
              Remove webhook
            </Button>
          )}
        </div>
      </form>
      <NoticeLine notice={slackNotice.value} />
    </section>
  );
}
