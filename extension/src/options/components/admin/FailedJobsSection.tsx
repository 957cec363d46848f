import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

/** Jobs that failed permanently or ran out of retries: the reason, and Replay (once per job). */
export function FailedJobsSection() {
  const { admin } = useOptionsStore();
  const { failedJobs, replaying, operationsNotice, actions } = admin;
  const list = failedJobs.value;
  return (
    <section aria-labelledby="failed-jobs-heading" class="card">
      <div class="section-header">
        <h3 id="failed-jobs-heading">Failed jobs</h3>
        <Button onClick={() => void actions.loadFailedJobs()}>Reload failed jobs</Button>
      </div>
      {list.status === "loading" && <LoadingState text="Loading failed jobs…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.loadFailedJobs()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No failed jobs.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby="failed-jobs-heading">
          {list.value.map((job) => (
            <li key={job.id} aria-label={`${job.jobType} job`}>
              <span class="strong">{job.jobType}</span>
              <span class="muted">
                {formatDate(job.createdAt)} · {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}
              </span>
              <span>Reason: {job.reason}</span>
              {job.replayedAt ? (
                <span class="muted">Replayed {formatDate(job.replayedAt)}</span>
              ) : (
                <div class="actions">
                  <Button
                    aria-label={`Replay ${job.jobType} job`}
                    disabled={replaying.value !== null}
                    onClick={() => void actions.replayJob(job)}
                  >
                    {replaying.value === job.id ? "Replaying…" : "Replay"}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <NoticeLine notice={operationsNotice.value} />
    </section>
  );
}
