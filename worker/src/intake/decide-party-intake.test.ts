import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import { createDb } from "../platform/services.ts";
import { decidePartyIntake } from "./decide-party-intake.ts";

/** Intake of a call that names its internal parties (Gong), decided before its transcript is fetched. */
describe("decidePartyIntake", () => {
  it("honours 'registered users only' (host, else any internal party) and discards only when every internal party has intake off", async () => {
    const { org, adminToken } = await createTestOrg();
    const db = createDb(env.DB);
    const legal = await call("POST", "/api/v1/profiles", {
      token: adminToken,
      body: { name: "Legal", transcriptIntake: false },
    });
    for (const [email, profileId] of [
      ["quiet@ourco.example", legal.json.id],
      ["hush@ourco.example", legal.json.id],
      ["loud@ourco.example", undefined],
    ] as const)
      await call("POST", "/api/v1/users", {
        token: adminToken,
        body: { email, name: email.split("@")[0], ...(profileId ? { profileId } : {}) },
      });
    const decide = (hostEmail: string | null, internalEmails: string[]) =>
      decidePartyIntake(db, org.id, { hostEmail, internalEmails });

    // Off by default: a call of strangers is kept.
    expect(await decide("stranger@ourco.example", ["stranger@ourco.example"])).toEqual({ keep: true });
    // Everyone inside has intake off: discarded; one person who has not opted out keeps it.
    expect(await decide("Quiet@ourco.example", ["quiet@ourco.example", "HUSH@ourco.example"])).toEqual({
      keep: false,
      reason: "intake_off",
    });
    expect(await decide("quiet@ourco.example", ["quiet@ourco.example", "loud@ourco.example"])).toEqual({ keep: true });
    expect(await decide(null, ["quiet@ourco.example", "colleague-not-a-user@ourco.example"])).toEqual({ keep: true });

    await call("PUT", "/api/v1/org/intake", { token: adminToken, body: { registeredUsersOnly: true } });
    expect(await decide("stranger@ourco.example", ["loud@ourco.example"])).toEqual({
      keep: false,
      reason: "unregistered_host",
    });
    expect(await decide("loud@ourco.example", ["loud@ourco.example", "stranger@ourco.example"])).toEqual({
      keep: true,
    });
    // No host named: one registered internal party is enough, none is not.
    expect(await decide(null, ["stranger@ourco.example", "loud@ourco.example"])).toEqual({ keep: true });
    expect(await decide(null, ["stranger@ourco.example"])).toEqual({ keep: false, reason: "unregistered_host" });
  });
});
