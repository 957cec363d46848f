import { AccountImportSection } from "./AccountImportSection.tsx";
import { AccountsSection } from "./accounts/AccountsSection.tsx";
import { DeletionsSection } from "./DeletionsSection.tsx";
import { ExportsSection } from "./ExportsSection.tsx";
import { FailedJobsSection } from "./FailedJobsSection.tsx";
import { OrgSettingsSection } from "./OrgSettingsSection.tsx";
import { ProfilesSection } from "./ProfilesSection.tsx";
import { UnassignedSection } from "./UnassignedSection.tsx";
import { UsersSection } from "./UsersSection.tsx";
import { WebhookEventsSection } from "./WebhookEventsSection.tsx";

/** Admins only (App decides): what automatic routing and the pipeline could not do on their own. */
export function AdminConsole() {
  return (
    <section aria-labelledby="admin-heading" class="admin-console">
      <h2 id="admin-heading">Admin console</h2>
      <UnassignedSection />
      <FailedJobsSection />
      <WebhookEventsSection />
      <UsersSection />
      <ProfilesSection />
      <OrgSettingsSection />
      <AccountsSection />
      <AccountImportSection />
      <DeletionsSection />
      <ExportsSection />
    </section>
  );
}
