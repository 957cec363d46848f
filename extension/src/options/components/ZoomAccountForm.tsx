import { useState } from "preact/hooks";
import { Button } from "../../ui/Button.tsx";
import { PROVIDER_NAMES } from "../connection-view.ts";
import { useOptionsStore } from "../store-context.ts";

/**
 * Admins: the organization's Zoom (or Zoom Contact Center) Server-to-Server OAuth app, from Zoom's App
 * Marketplace (Account ID, Client ID, Client secret). The backend checks them with Zoom before storing
 * them sealed; the secret is never shown back, and the fields clear once connected.
 */
export function ZoomAccountForm({ provider }: { provider: "zoom" | "zoom_contact_center" }) {
  const { busy, actions } = useOptionsStore();
  const [accountId, setAccountId] = useState("");
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const name = PROVIDER_NAMES[provider];
  const working = busy.value === `${provider}-account`;
  const complete = accountId.trim() && clientId.trim() && clientSecret.trim();
  return (
    <form
      class="gong-key-form"
      aria-label={`Connect the organization's ${name} account`}
      onSubmit={(event) => {
        event.preventDefault();
        void actions.connectZoomAccount(provider, { accountId, clientId, clientSecret }).then((done) => {
          if (done) {
            setAccountId("");
            setClientId("");
            setClientSecret("");
          }
        });
      }}
    >
      <label>
        Account ID
        <input value={accountId} autocomplete="off" onInput={(e) => setAccountId(e.currentTarget.value)} />
      </label>
      <label>
        Client ID
        <input value={clientId} autocomplete="off" onInput={(e) => setClientId(e.currentTarget.value)} />
      </label>
      <label>
        Client secret
        <input
          type="password"
          value={clientSecret}
          autocomplete="off"
          onInput={(e) => setClientSecret(e.currentTarget.value)}
        />
      </label>
      <Button type="submit" disabled={working || !complete}>
        {working ? "Checking with Zoom…" : "Connect with app credentials"}
      </Button>
    </form>
  );
}
