#!/usr/bin/env node
// `pnpm sightline <command>`: the operator's and admin's command line over the HTTP API.
import { parseArgs } from "node:util";
import { runCli } from "./cli/run-cli.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    token: { type: "string" },
    domain: { type: "string", multiple: true },
    name: { type: "string" },
    email: { type: "string" },
    role: { type: "string" },
    "admin-email": { type: "string" },
    "admin-name": { type: "string" },
    salesforce: { type: "string" },
    hubspot: { type: "string" },
    q: { type: "string" },
    id: { type: "string" },
    scope: { type: "string" },
    user: { type: "string" },
    account: { type: "string" },
    connection: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    contact: { type: "string" },
    file: { type: "string" },
    period: { type: "string" },
    by: { type: "string" },
    "utm-source": { type: "string" },
    "utm-medium": { type: "string" },
    "utm-campaign": { type: "string" },
    "lead-source": { type: "string" },
    json: { type: "boolean" },
    // Contacts (scripts/cli/account-commands.ts).
    phone: { type: "string" },
    title: { type: "string" },
    side: { type: "string" },
    // Data lifecycle (scripts/cli/lifecycle-commands.ts).
    "transcript-days": { type: "string" },
    "archive-days": { type: "string" },
    out: { type: "string" },
    wait: { type: "boolean" },
    commit: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

const result = await runCli(positionals, values, process.env, fetch);
if (result.stdout) process.stdout.write(result.stdout.endsWith("\n") ? result.stdout : `${result.stdout}\n`);
if (result.stderr) process.stderr.write(result.stderr.endsWith("\n") ? result.stderr : `${result.stderr}\n`);
process.exitCode = result.exitCode;
