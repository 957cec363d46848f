import type { RetentionSettings } from "@sightline/shared";

/**
 * The data-lifecycle commands (issue 13): retention, export, key rotation. Kept apart from
 * run-cli.ts's switch so each stays small; run-cli.ts hands over the commands it does not know.
 */
export interface LifecycleContext {
  values: Record<string, string | boolean | string[] | undefined>;
  env: Record<string, string | undefined>;
  userToken: string | undefined;
  request: <T>(token: string | undefined, method: string, path: string, body?: unknown) => Promise<T>;
  print: (json: unknown, human: string) => { exitCode: number; stdout: string; stderr: string };
  fail: (message: string) => never;
}

export const LIFECYCLE_USAGE = `  retention    [--transcript-days N|off] [--archive-days N|off]   show or set retention periods (admin)`;

/** A period in days, "off" for none, or undefined when the option was not given. */
function days(ctx: LifecycleContext, name: string): number | null | undefined {
  const value = ctx.values[name];
  if (value === undefined) return undefined;
  if (value === "off") return null;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 1)
    ctx.fail(`--${name} must be a whole number of days or "off"`);
  return n;
}

export async function runLifecycleCommand(command: string, ctx: LifecycleContext) {
  switch (command) {
    case "retention": {
      const transcript = days(ctx, "transcript-days");
      const archive = days(ctx, "archive-days");
      let out = await ctx.request<RetentionSettings>(ctx.userToken, "GET", "/org/retention");
      if (transcript !== undefined || archive !== undefined) {
        const body: RetentionSettings = {
          transcriptRetentionDays: transcript === undefined ? out.transcriptRetentionDays : transcript,
          archiveRetentionDays: archive === undefined ? out.archiveRetentionDays : archive,
        };
        out = await ctx.request<RetentionSettings>(ctx.userToken, "PUT", "/org/retention", body);
      }
      const show = (n: number | null) => (n === null ? "kept" : `${n} days`);
      return ctx.print(
        out,
        `Transcripts: ${show(out.transcriptRetentionDays)}\nArchived webhook bodies: ${show(out.archiveRetentionDays)}`,
      );
    }
    default:
      return null;
  }
}
