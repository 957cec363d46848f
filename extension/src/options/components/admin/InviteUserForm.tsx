import { useState } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { useOptionsStore } from "../../store-context.ts";

/** Invite a user: name, e-mail and role; their first API token is shown here once, to hand over. */
export function InviteUserForm() {
  const { adminUsers } = useOptionsStore();
  const { saving, invited, actions } = adminUsers;
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"admin" | "member">("member");
  const issued = invited.value;
  return (
    <form
      class="assign"
      aria-label="Invite a user"
      onSubmit={(event) => {
        event.preventDefault();
        void actions.invite({ email, name, role }).then((done) => {
          if (done) {
            setName("");
            setEmail("");
            setRole("member");
          }
        });
      }}
    >
      <h4>Invite a user</h4>
      <label>
        Name
        <input value={name} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        E-mail
        <input type="email" value={email} autocomplete="off" onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.currentTarget.value === "admin" ? "admin" : "member")}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      <div class="actions">
        <Button type="submit" variant="primary" disabled={saving.value !== null}>
          {saving.value === "invite" ? "Inviting…" : "Invite"}
        </Button>
      </div>
      {issued && (
        <div role="status" class="invited">
          <p>
            {issued.name} is invited. Give them this API token now: it is not shown again (they paste it when signing
            in).
          </p>
          <label>
            API token for {issued.name}
            <input readOnly value={issued.token} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <Button onClick={actions.dismissInvited}>Done</Button>
        </div>
      )}
    </form>
  );
}
