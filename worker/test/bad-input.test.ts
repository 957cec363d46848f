import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index.ts";
import { call, createAccount, createTestOrg } from "./api-client.ts";
import { changedSince, digestDatabase, type OrgDigest } from "./org-digest.ts";
import { TEST_ZOOM_SECRET, zoomHeaders } from "./zoom-signing.ts";

/**
 * The bad-input corpus (issue 14, item 2) against the Worker in workerd: every file of
 * test/fixtures/bad/ (and the big or binary inputs generated here rather than committed) goes to the
 * endpoints that take it: JSON bodies to every API route with a body, Zoom webhook bodies with valid
 * signatures, hostile names, domains and search strings as stored fields and query strings. Each
 * gets a 4xx or is stored safely (read back verbatim, as JSON data); none gets a 5xx; and a digest
 * of every D1 row and R2 object taken before shows nothing already stored changed (new rows, such as
 * an archived webhook or a created account, are fine). VTT files go through the fake Zoom in the
 * pipeline layer (test/pipeline/bad-vtt-and-secrets.test.ts).
 */
const corpus = (glob: Record<string, string>) =>
  Object.entries(glob).map(([path, text]) => ({ name: path.replace(/^.*fixtures\/bad\//, ""), text }));
const jsonFiles = corpus(
  import.meta.glob<string>("../../test/fixtures/bad/json/*", { query: "?raw", import: "default", eager: true }),
);
const webhookFiles = corpus(
  import.meta.glob<string>("../../test/fixtures/bad/webhooks/*", { query: "?raw", import: "default", eager: true }),
);
const lines = (glob: Record<string, string>) =>
  Object.values(glob)
    .flatMap((t) => t.split("\n"))
    .filter((l) => l.length > 0);
const hostileNames = lines(
  import.meta.glob<string>("../../test/fixtures/bad/strings/hostile-names.txt", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
);
const hostileDomains = lines(
  import.meta.glob<string>("../../test/fixtures/bad/strings/hostile-domains.txt", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
);
const searchQueries = lines(
  import.meta.glob<string>("../../test/fixtures/bad/strings/search-queries.txt", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
);

/** Inputs too big or too binary to commit: made here. */
function deepJson(depth: number) {
  return `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;
}
const GENERATED: Array<{ name: string; body: string | Uint8Array }> = [
  { name: "generated/deep-nesting-100k.json", body: deepJson(100_000) },
  { name: "generated/deep-nesting-2k.json", body: deepJson(2_000) },
  { name: "generated/over-256kb.json", body: JSON.stringify({ name: "Big", leadSource: "x".repeat(300_000) }) },
  {
    name: "generated/invalid-utf8.json",
    body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  },
  { name: "generated/binary.bin", body: crypto.getRandomValues(new Uint8Array(4096)) },
  { name: "generated/nul-bytes.json", body: `{"name":"a\u0000b","domains":["a\u0000.com"]}` },
  {
    name: "generated/many-keys.json",
    body: JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))),
  },
  { name: "generated/long-name.json", body: JSON.stringify({ name: "n".repeat(10_000), domains: ["long.example"] }) },
  {
    name: "generated/many-domains.json",
    body: JSON.stringify({ name: "Many", domains: Array.from({ length: 5_000 }, (_, i) => `d${i}.example`) }),
  },
];

function isJson(body: string | Uint8Array): boolean {
  try {
    JSON.parse(
      typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body),
    );
    return true;
  } catch {
    return false;
  }
}

type Outcome = { input: string; target: string; status: number };
const outcomes: Outcome[] = [];

async function send(
  method: string,
  path: string,
  body: string | Uint8Array | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const request = new Request(`http://sightline.test${path}`, { method, headers, body, redirect: "manual" });
  const response = await worker.fetch(request, env, createExecutionContext());
  return { status: response.status, text: await response.text() };
}

/** An answer to bad input: a 4xx with the error body, never a 5xx. */
function expectClientError(res: { status: number; text: string }, what: string, allowed = [400, 404, 413, 415]) {
  expect(allowed, `${what} -> ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  const parsed = JSON.parse(res.text) as { error?: { code?: string; message?: string } };
  expect(parsed.error?.code, what).toMatch(/\w/);
  expect(parsed.error?.message, what).toMatch(/\w/);
}

let org: Awaited<ReturnType<typeof createTestOrg>>;
let accountId: string;
let conversationId: string;
let before: OrgDigest;
/** Created after the digest: the target of routes that change a row by id, so an accepted odd-but-valid body changes no stored row. */
let scratchAccountId: string;
const zoomAccount = "zoomacct-bad-input";

/** API routes that take a JSON body; {id} is a seeded row of the organization. */
const BODY_ROUTES = [
  ["POST", "/api/v1/accounts"],
  ["PATCH", "/api/v1/accounts/{account}"],
  ["POST", "/api/v1/contacts"],
  ["POST", "/api/v1/users"],
  ["POST", "/api/v1/profiles"],
  ["PUT", "/api/v1/org/slack"],
  ["PUT", "/api/v1/org/intake"],
  ["PUT", "/api/v1/org/zoom-oauth"],
  ["PUT", "/api/v1/conversations/{conversation}/account"],
  ["PUT", "/api/v1/connections/zoom/account"],
] as const;

const fill = (path: string) => path.replace("{account}", scratchAccountId).replace("{conversation}", conversationId);

beforeAll(async () => {
  org = await createTestOrg("Bad input");
  const account = await createAccount(org.adminToken, { name: "Stored Co", domains: ["stored.example"] });
  accountId = account.id;
  await call("POST", "/api/v1/contacts", {
    token: org.adminToken,
    body: { name: "Stored Buyer", email: "buyer@stored.example", accountId },
  });
  conversationId = `conv_${crypto.randomUUID()}`;
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', ?, ?)",
    ).bind(`conn_${crypto.randomUUID()}`, org.org.id, zoomAccount, now, now),
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', 'stored-ext', 'Stored call', ?, ?, 'auto', 'analyzed', ?, ?)",
    ).bind(conversationId, org.org.id, now - 3_600_000, accountId, now, now),
    env.DB.prepare(
      "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, 0, 'Stored Buyer', 0, 1000, 'acme globex renewal pricing')",
    ).bind(org.org.id, conversationId),
  ]);
  // Every request below authenticates with these tokens; their last use is not stored data.
  await call("GET", "/api/v1/me", { token: org.adminToken });
  before = await digestDatabase();
  scratchAccountId = (await createAccount(org.adminToken, { name: "Scratch Co" })).id;
});

afterAll(() => {
  const by = new Map<string, number>();
  for (const o of outcomes) by.set(String(o.status), (by.get(String(o.status)) ?? 0) + 1);
  console.log(
    `bad inputs: ${outcomes.length} requests from ${jsonFiles.length + webhookFiles.length + GENERATED.length} files and ${hostileNames.length + hostileDomains.length + searchQueries.length} strings; statuses ${[...by].map(([s, n]) => `${s}: ${n}`).join(", ")}`,
  );
});

describe("bad-input corpus", () => {
  it("every malformed JSON body gets a 4xx from every API route that takes a body", async () => {
    expect(jsonFiles.length).toBeGreaterThanOrEqual(10);
    for (const { name, text } of [...jsonFiles, ...GENERATED.map((g) => ({ name: g.name, text: g.body }))]) {
      for (const [method, path] of BODY_ROUTES) {
        const res = await send(method, fill(path), text, {
          authorization: `Bearer ${org.adminToken}`,
          "content-type": "application/json",
        });
        outcomes.push({ input: name, target: `${method} ${path}`, status: res.status });
        // Odd but well-formed JSON (duplicate keys: the last wins, as JSON.parse does) may be stored
        // when it fits the route's schema; everything else is a 4xx. Stored rows are new rows: the
        // digest at the end shows no existing one changed.
        if (res.status < 300 && isJson(text)) continue;
        expectClientError(res, `${name} -> ${method} ${path}`);
      }
    }
  });

  it("a body that is not UTF-8 (a Latin-1 name) is a 400, not stored with replacement characters", async () => {
    // {"name":"Caf\xe9 M\xfcller"}: Latin-1, as a misconfigured client would send it.
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('{"name":"Caf'),
      0xe9,
      ...new TextEncoder().encode(" M"),
      0xfc,
      ...new TextEncoder().encode('ller"}'),
    ]);
    for (const [method, path] of [
      ["POST", "/api/v1/accounts"],
      ["POST", "/api/v1/contacts"],
      ["PATCH", `/api/v1/accounts/${scratchAccountId}`],
    ] as const) {
      const res = await send(method, path, latin1, {
        authorization: `Bearer ${org.adminToken}`,
        "content-type": "application/json",
      });
      outcomes.push({ input: "generated/latin1-name.json", target: `${method} ${path}`, status: res.status });
      expectClientError(res, `latin-1 body -> ${method} ${path}`, [400]);
      expect(res.text).toContain("UTF-8");
    }
  });

  it("a body in the wrong content type, or none, is a 4xx", async () => {
    const body = JSON.stringify({ name: "Typed Co" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const res = await send("POST", "/api/v1/accounts", body, {
        authorization: `Bearer ${org.adminToken}`,
        ...(type ? { "content-type": type } : {}),
      });
      outcomes.push({ input: `content-type ${type || "(none)"}`, target: "POST /api/v1/accounts", status: res.status });
      expectClientError(res, `content-type ${type}`);
    }
    const none = await send("POST", "/api/v1/accounts", undefined, {
      authorization: `Bearer ${org.adminToken}`,
      "content-type": "application/json",
    });
    outcomes.push({ input: "no body", target: "POST /api/v1/accounts", status: none.status });
    expectClientError(none, "no body");
  });

  it("hostile account and contact names are stored as given and read back as JSON data, or refused", async () => {
    for (const name of hostileNames) {
      const res = await call("POST", "/api/v1/accounts", { token: org.adminToken, body: { name } });
      outcomes.push({ input: `name ${name}`, target: "POST /api/v1/accounts", status: res.status });
      if (res.status === 201) {
        const got = await call("GET", `/api/v1/accounts/${res.json.id}`, { token: org.adminToken });
        expect(got.status).toBe(200);
        expect(got.headers.get("content-type")).toContain("application/json");
        expect(got.json.name).toBe(name.trim());
        const contact = await call("POST", "/api/v1/contacts", {
          token: org.adminToken,
          body: { name, accountId: res.json.id },
        });
        outcomes.push({ input: `name ${name}`, target: "POST /api/v1/contacts", status: contact.status });
        expect(contact.status, name).toBe(201);
      } else {
        expectClientError(res, `name ${name}`, [400]);
      }
    }
  });

  it("hostile domains are refused or stored normalized, and never match another account's", async () => {
    let stored = 0;
    for (const domain of hostileDomains) {
      const res = await call("POST", "/api/v1/accounts", {
        token: org.adminToken,
        body: { name: `Domain ${domain.slice(0, 40)}`, domains: [domain] },
      });
      outcomes.push({ input: `domain ${domain}`, target: "POST /api/v1/accounts", status: res.status });
      if (res.status === 201) {
        stored++;
        for (const d of res.json.domains as string[]) expect(d).toMatch(/^[a-z0-9.-]+$/);
      } else expectClientError(res, `domain ${domain}`, [400, 409]);
    }
    // Most of the list is not a domain at all.
    expect(stored).toBeLessThan(hostileDomains.length / 2);
  });

  it("search and lookup strings with FTS syntax, SQL fragments and oversized query strings get a 200, 400 or 404", async () => {
    const oversized = ["x".repeat(8_000), "acme ".repeat(2_000), "%".repeat(3_000)];
    for (const q of [...searchQueries, ...hostileNames, ...oversized]) {
      for (const path of [
        `/api/v1/accounts?q=${encodeURIComponent(q)}`,
        `/api/v1/accounts/lookup?name=${encodeURIComponent(q)}`,
        `/api/v1/accounts/lookup?domain=${encodeURIComponent(q)}`,
        `/api/v1/accounts/lookup?email=${encodeURIComponent(q)}`,
        `/api/v1/accounts/lookup?crm=salesforce&crmId=${encodeURIComponent(q)}`,
        `/api/v1/contacts?accountId=${encodeURIComponent(q)}`,
        `/api/v1/conversations/${encodeURIComponent(q)}?cursor=${encodeURIComponent(q)}`,
        `/api/v1/accounts/${accountId}/overview?from=${encodeURIComponent(q)}&to=${encodeURIComponent(q)}`,
      ]) {
        const res = await send("GET", path, undefined, { authorization: `Bearer ${org.adminToken}` });
        outcomes.push({ input: `query ${q.slice(0, 40)}`, target: `GET ${path.split("?")[0]}`, status: res.status });
        expect([200, 400, 404], `${path.slice(0, 120)} -> ${res.status} ${res.text.slice(0, 200)}`).toContain(
          res.status,
        );
      }
    }
    // A search never finds the stored account through SQL or FTS syntax alone.
    for (const q of ["' OR 1=1 --", "*", "%", "_"]) {
      const res = await call("GET", `/api/v1/accounts?q=${encodeURIComponent(q)}`, { token: org.adminToken });
      expect(res.status === 400 || !JSON.stringify(res.json).includes("Stored Co"), q).toBe(true);
    }
  }, 60_000);

  it("Zoom webhook bodies with valid signatures over bad content get a 2xx (archived, not processed) or a 4xx", async () => {
    expect(webhookFiles.length).toBeGreaterThanOrEqual(8);
    const bodies = [
      ...webhookFiles.map((f) => ({ name: f.name, body: f.text.replaceAll("{{ZOOM_ACCOUNT}}", zoomAccount) })),
      ...jsonFiles.map((f) => ({ name: f.name, body: f.text })),
      ...GENERATED.filter((g) => typeof g.body === "string").map((g) => ({ name: g.name, body: g.body as string })),
      { name: "generated/over-1mb-webhook.json", body: JSON.stringify({ event: "x", pad: "p".repeat(1_100_000) }) },
    ];
    for (const { name, body } of bodies) {
      const res = await send("POST", "/webhooks/zoom", body, await zoomHeaders(TEST_ZOOM_SECRET, body));
      outcomes.push({ input: name, target: "POST /webhooks/zoom (signed)", status: res.status });
      // The signature is checked over the body as text: a byte-order mark (which JSON senders must
      // not add, and Zoom does not) is dropped by decoding, so such a body is a 401, not a crash.
      const allowed = body.startsWith("\uFEFF") ? [401] : [200, 204, 400, 413];
      expect(allowed, `${name} -> ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
    }
    // Bytes that are not UTF-8, signed over exactly those bytes.
    for (const g of GENERATED.filter((x) => typeof x.body !== "string")) {
      const bytes = g.body as Uint8Array;
      const key = await crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(TEST_ZOOM_SECRET),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const ts = Math.floor(Date.now() / 1000);
      const signed = new Uint8Array([...new TextEncoder().encode(`v0:${ts}:`), ...bytes]);
      const mac = [...new Uint8Array(await crypto.subtle.sign("HMAC", key, signed))]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("");
      const res = await send("POST", "/webhooks/zoom", bytes, {
        "content-type": "application/json",
        "x-zm-request-timestamp": String(ts),
        "x-zm-signature": `v0=${mac}`,
      });
      outcomes.push({ input: g.name, target: "POST /webhooks/zoom (signed bytes)", status: res.status });
      // Bytes that are not UTF-8 cannot be JSON; decoding them changes them, so the signature no longer matches.
      expect([400, 401], `${g.name} -> ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
    }
  });

  it("nothing already stored changed (digest of every D1 row and R2 object before and after)", async () => {
    // Let queued jobs from the webhooks above run and settle.
    await new Promise((r) => setTimeout(r, 1500));
    const after = await digestDatabase();
    const changed = changedSince(before, after);
    // The admin's token records its last use; that is the only column allowed to move.
    const tokenRows = (changed.api_tokens ?? []).map((r) => JSON.parse(r) as { id: string });
    const unchangedButLastUse = tokenRows.every((row) => {
      const now = after.api_tokens?.find((r) => (JSON.parse(r) as { id: string }).id === row.id);
      if (!now) return false;
      const { last_used_at: _a, ...was } = row as Record<string, unknown>;
      const { last_used_at: _b, ...is } = JSON.parse(now) as Record<string, unknown>;
      return JSON.stringify(was) === JSON.stringify(is);
    });
    expect(unchangedButLastUse).toBe(true);
    delete changed.api_tokens;
    expect(changed).toEqual({});
    expect(outcomes.every((o) => o.status < 500)).toBe(true);
    // prototype-pollution.json changed no prototype, and the member is still no admin.
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect((await call("GET", "/api/v1/users", { token: org.memberToken })).status).toBe(403);
  });
});
