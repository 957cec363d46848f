import type { ApiToken, Profile, User } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { createOptionsStore } from "./store.ts";

const at = "2026-11-23T10:00:00.000Z";
const ada: User = { ...meBody.user, role: "admin" };
const max: User = {
  id: "usr_2",
  email: "max@ourco.com",
  name: "Max Member",
  role: "member",
  profileId: null,
  createdAt: at,
};
const contractors: Profile = { id: "prf_1", name: "Contractors", transcriptIntake: true, createdAt: at };
const token = (id: string, userId: string): ApiToken => ({
  id,
  tokenPrefix: `sl_${userId}`,
  label: null,
  createdAt: at,
  lastUsedAt: null,
  revokedAt: null,
});

/** A stand-in for the background holding users, profiles and tokens; `override` answers first. */
function fakeSend(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  let people = [ada, max];
  let profiles = [contractors];
  const tokens: Record<string, ApiToken[]> = { [ada.id]: [token("tok_a", "ada")], usr_2: [token("tok_m", "max")] };
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: ada, org: meBody.org });
      case "listUsers":
        return ok(people);
      case "listProfiles":
        return ok(profiles);
      case "listUserTokens":
        return ok(tokens[request.userId] ?? []);
      case "updateUser": {
        const { id, type: _, ...change } = request;
        people = people.map((u) => (u.id === id ? { ...u, ...change } : u));
        return ok(people.find((u) => u.id === id));
      }
      case "revokeUserToken":
        tokens[request.userId] = (tokens[request.userId] ?? []).map((t) =>
          t.id === request.tokenId ? { ...t, revokedAt: at } : t,
        );
        return ok(true);
      case "setProfileIntake":
        profiles = profiles.map((p) =>
          p.id === request.id ? { ...p, transcriptIntake: request.transcriptIntake } : p,
        );
        return ok(profiles.find((p) => p.id === request.id));
      case "inviteUser": {
        const user = { ...max, id: "usr_3", email: request.email, name: request.name, role: request.role };
        people = [...people, user];
        return ok({ user, apiToken: { token: "sl_secret_eve", tokenPrefix: "sl_secr" } });
      }
      case "getMe":
        return ok(meBody);
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  return { send, calls };
}

async function loaded(override?: (request: Request) => Result<unknown> | undefined) {
  const fake = fakeSend(override);
  const store = createOptionsStore({ send: fake.send });
  await store.actions.load();
  return { store, users: store.adminUsers, calls: fake.calls };
}

describe("admin console: users and profiles", () => {
  it("loads users, profiles and the first user's tokens; the arrow keys load the next user's", async () => {
    const { users } = await loaded();
    expect(users.users.value).toEqual({ status: "ready", value: [ada, max] });
    expect(users.profiles.value).toEqual({ status: "ready", value: [contractors] });
    expect(users.tokens.value).toEqual({ status: "ready", value: [token("tok_a", "ada")] });
    users.actions.moveUser(1);
    expect(users.activeUser.value).toBe(1);
    await users.actions.loadUsers();
    expect(users.activeUser.value).toBe(1); // a reload keeps the chosen user
    expect(users.tokens.value).toEqual({ status: "ready", value: [token("tok_m", "max")] });
  });

  it("changes the chosen user's profile and role with the backend's answer", async () => {
    const { users, calls } = await loaded();
    users.actions.selectUser(1);
    await users.actions.updateUser({ profileId: "prf_1" });
    expect(calls).toContainEqual({ type: "updateUser", id: "usr_2", profileId: "prf_1" });
    expect(users.users.value.status === "ready" && users.users.value.value[1]?.profileId).toBe("prf_1");
    expect(users.usersNotice.value).toEqual({ tone: "info", text: "Saved Max Member." });
  });

  it("says why a change was refused (the last admin) and keeps the stored role", async () => {
    const { users } = await loaded((r) =>
      r.type === "updateUser"
        ? fail("server", "The backend answered: role: the organization's last admin cannot become a member")
        : undefined,
    );
    await users.actions.updateUser({ role: "member" });
    expect(users.usersNotice.value?.text).toContain("last admin");
    expect(users.users.value.status === "ready" && users.users.value.value[0]?.role).toBe("admin");
  });

  it("revokes a token only after the confirmation, then shows it revoked", async () => {
    const { users, calls } = await loaded();
    users.actions.selectUser(1);
    users.actions.askRevoke("tok_m");
    users.actions.cancelRevoke();
    expect(calls.some((c) => c.type === "revokeUserToken")).toBe(false);
    users.actions.askRevoke("tok_m");
    await users.actions.confirmRevoke(token("tok_m", "max"));
    expect(calls).toContainEqual({ type: "revokeUserToken", userId: "usr_2", tokenId: "tok_m" });
    expect(users.tokens.value).toEqual({ status: "ready", value: [{ ...token("tok_m", "max"), revokedAt: at }] });
    expect(users.confirmingRevoke.value).toBe(null);
  });

  it("switches a profile's Transcript Intake off", async () => {
    const { users, calls } = await loaded();
    await users.actions.setIntake(contractors, false);
    expect(calls).toContainEqual({ type: "setProfileIntake", id: "prf_1", transcriptIntake: false });
    expect(users.profiles.value).toEqual({ status: "ready", value: [{ ...contractors, transcriptIntake: false }] });
    expect(users.profilesNotice.value?.text).toBe("Transcript Intake is off for Contractors.");
  });

  it("shows the new intake value at once and puts it back when the backend refuses", async () => {
    const { users } = await loaded((r) => (r.type === "setProfileIntake" ? fail("network", "down") : undefined));
    const pending = users.actions.setIntake(contractors, false);
    expect(users.profiles.value).toEqual({ status: "ready", value: [{ ...contractors, transcriptIntake: false }] });
    await pending;
    expect(users.profiles.value).toEqual({ status: "ready", value: [contractors] });
    expect(users.profilesNotice.value?.tone).toBe("error");
  });

  it("invites a user (trimmed), shows their token once and lists them; refuses an empty name first", async () => {
    const { users, calls } = await loaded();
    expect(await users.actions.invite({ email: "eve@ourco.com", name: "  ", role: "member" })).toBe(false);
    expect(calls.some((c) => c.type === "inviteUser")).toBe(false);
    expect(await users.actions.invite({ email: " eve@ourco.com ", name: "Eve", role: "admin" })).toBe(true);
    expect(calls).toContainEqual({ type: "inviteUser", email: "eve@ourco.com", name: "Eve", role: "admin" });
    expect(users.invited.value).toEqual({ name: "Eve", token: "sl_secret_eve" });
    expect(users.users.value.status === "ready" && users.users.value.value.map((u) => u.name)).toEqual([
      "Ada Admin",
      "Max Member",
      "Eve",
    ]);
    users.actions.dismissInvited();
    expect(users.invited.value).toBe(null);
  });

  it("members load none of it, and signing out forgets it", async () => {
    const { send, calls } = fakeSend((r) =>
      r.type === "getSession"
        ? ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: max, org: meBody.org })
        : undefined,
    );
    await createOptionsStore({ send }).actions.load();
    expect(calls.map((c) => c.type)).not.toContain("listProfiles");

    const { store, users } = await loaded((r) =>
      r.type === "signOut" ? ok({ signedIn: false, backendUrl: "" }) : undefined,
    );
    await store.actions.signOut();
    expect(users.users.value).toEqual({ status: "loading" });
    expect(users.tokens.value).toBe(null);
  });
});
