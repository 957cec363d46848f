import { useStore } from "../store-context.ts";

// Placeholder until the account overview page exists: confirms which account was picked.
export function ChosenAccount() {
  const { chosen } = useStore();
  const account = chosen.value;
  if (!account) return null;
  return (
    <section class="chosen-account" aria-live="polite" aria-label="Selected account">
      <h2>{account.name}</h2>
      <p>{account.domains.length > 0 ? account.domains.join(", ") : "No domains"}</p>
    </section>
  );
}
