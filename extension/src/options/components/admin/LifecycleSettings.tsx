import { useEffect, useState } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

const asText = (days: number | null) => (days === null ? "" : String(days));

/** Organization settings of the data lifecycle: retention periods, and automatic e-mail capture. */
export function LifecycleSettings() {
  return (
    <>
      <RetentionForm />
      <EmailCapture />
    </>
  );
}

function RetentionForm() {
  const { lifecycle } = useOptionsStore();
  const { retention, saving, retentionNotice, actions } = lifecycle;
  const state = retention.value;
  const [transcripts, setTranscripts] = useState("");
  const [archives, setArchives] = useState("");
  const stored = state.status === "ready" ? state.value : null;

  // The fields show the stored periods whenever they (re)load or are saved.
  useEffect(() => {
    if (!stored) return;
    setTranscripts(asText(stored.transcriptRetentionDays));
    setArchives(asText(stored.archiveRetentionDays));
  }, [stored]);

  return (
    <section aria-labelledby="retention-heading">
      <h4 id="retention-heading">Retention</h4>
      <p class="muted">
        Audio is deleted as soon as it is transcribed. Leave a field empty to keep that data until it is deleted by
        hand; the nightly run deletes what is older and logs it under Deletion.
      </p>
      {state.status === "loading" && <LoadingState text="Loading retention…" />}
      {state.status === "error" && <ErrorState message={state.message} onRetry={() => void actions.loadRetention()} />}
      {state.status === "ready" && (
        <form
          class="assign"
          aria-label="Retention periods"
          onSubmit={(event) => {
            event.preventDefault();
            void actions.saveRetention(transcripts, archives);
          }}
        >
          <label>
            Keep conversations and transcripts for (days)
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={transcripts}
              onInput={(event) => setTranscripts(event.currentTarget.value)}
            />
          </label>
          <label>
            Keep archived webhook bodies for (days)
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={archives}
              onInput={(event) => setArchives(event.currentTarget.value)}
            />
          </label>
          <div class="actions">
            <Button type="submit" variant="primary" disabled={saving.value !== null}>
              {saving.value === "retention" ? "Saving…" : "Save retention"}
            </Button>
          </div>
        </form>
      )}
      <NoticeLine notice={retentionNotice.value} />
    </section>
  );
}

function EmailCapture() {
  const { lifecycle } = useOptionsStore();
  const { emailCapture, saving, emailNotice, actions } = lifecycle;
  const state = emailCapture.value;
  return (
    <section aria-labelledby="email-capture-heading">
      <h4 id="email-capture-heading">E-mail capture</h4>
      {state.status === "loading" && <LoadingState text="Loading e-mail capture…" />}
      {state.status === "error" && (
        <ErrorState message={state.message} onRetry={() => void actions.loadEmailCapture()} />
      )}
      {state.status === "ready" && (
        <label class="checkbox">
          <input
            type="checkbox"
            checked={state.value.autoCapture}
            disabled={saving.value !== null}
            onChange={(event) => void actions.setAutoCapture(event.currentTarget.checked)}
          />
          Add Gmail threads with a known account's domain automatically
        </label>
      )}
      <NoticeLine notice={emailNotice.value} />
    </section>
  );
}
