import { useRef } from "preact/hooks";
import { Button } from "../../../../ui/Button.tsx";
import type { AccountDraftField } from "../../../accounts-store.ts";
import { useOptionsStore } from "../../../store-context.ts";
import { NoticeLine } from "../NoticeLine.tsx";
import { focusFirstInvalid, TextField } from "./TextField.tsx";

/** The open account's fields (or a new one's): name, domains, CRM ids and the structured lead source. */
export function AccountForm() {
  const { accounts } = useOptionsStore();
  const { editing, draft, errors, saving, notice, confirmingDelete, actions } = accounts;
  const form = useRef<HTMLFormElement>(null);
  const target = editing.value;
  if (!target) return null;
  const d = draft.value;
  const e = errors.value;
  const isNew = target === "new";
  const title = isNew ? "New account" : target.name;
  const field = (name: AccountDraftField) => ({
    id: `account-${name}`,
    value: d[name],
    onInput: (value: string) => actions.setField(name, value),
  });

  return (
    <form
      ref={form}
      class="assign account-form"
      aria-labelledby="account-form-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void actions.save().then((saved) => {
          if (!saved) setTimeout(() => focusFirstInvalid(form.current), 0);
        });
      }}
    >
      <h4 id="account-form-heading">{title}</h4>
      <TextField {...field("name")} label="Name" error={e.name} />
      <TextField
        {...field("domains")}
        label="Domains"
        rows={3}
        hint="One per line, or separated by commas. A domain belongs to one account only."
        error={e.domains}
      />
      <TextField {...field("salesforceId")} label="Salesforce account id" error={e.salesforceId} />
      <TextField {...field("hubspotId")} label="HubSpot company id" inputMode="numeric" error={e.hubspotId} />
      <fieldset class="lead-source" aria-describedby={e.leadSource ? "account-leadSource-error" : undefined}>
        <legend>Lead source</legend>
        <span class="hint">
          The UTM parameters of the click that brought the lead, or the CRM's lead source (used by the attribution
          report).
        </span>
        <TextField {...field("utmSource")} label="UTM source" error={e["leadSource.utmSource"]} />
        <TextField {...field("utmMedium")} label="UTM medium" error={e["leadSource.utmMedium"]} />
        <TextField {...field("utmCampaign")} label="UTM campaign" error={e["leadSource.utmCampaign"]} />
        <TextField {...field("crmLeadSource")} label="CRM lead source" error={e["leadSource.crmLeadSource"]} />
        {e.leadSource && (
          <span id="account-leadSource-error" class="field-error error">
            {e.leadSource}
          </span>
        )}
      </fieldset>
      <div class="actions">
        <Button type="submit" variant="primary" disabled={saving.value}>
          {saving.value ? "Saving…" : isNew ? "Create account" : "Save account"}
        </Button>
        <Button onClick={() => actions.close()}>Close</Button>
        {!isNew && !confirmingDelete.value && (
          <Button disabled={saving.value} onClick={() => actions.askDelete()}>
            Delete account…
          </Button>
        )}
      </div>
      {!isNew && confirmingDelete.value && (
        <fieldset
          class="confirm"
          onKeyDown={(event) => {
            if (event.key === "Escape") actions.cancelDelete();
          }}
        >
          <legend>
            Delete {target.name}? Its conversations and contacts are kept and become unassigned; its domains are freed.
          </legend>
          <div class="actions">
            <Button variant="danger" onClick={() => void actions.confirmDelete()}>
              Yes, delete {target.name}
            </Button>
            <Button onClick={() => actions.cancelDelete()}>Cancel</Button>
          </div>
        </fieldset>
      )}
      <NoticeLine notice={notice.value} />
    </form>
  );
}
