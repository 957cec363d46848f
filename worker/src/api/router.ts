import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../platform/app-env.ts";
import { validationHook } from "../platform/validation.ts";
import { accountImportApp } from "./account-import.ts";
import { accountOverviewApp } from "./account-overview.ts";
import { accountsApp } from "./accounts.ts";
import { attributionReportApp } from "./attribution-report.ts";
import { connectionsApp } from "./connections.ts";
import { contactsApp } from "./contacts.ts";
import { conversationMediaApp } from "./conversation-media.ts";
import { conversationRoutingApp } from "./conversation-routing.ts";
import { conversationsApp } from "./conversations.ts";
import { deletionsApp } from "./deletions.ts";
import { emailsApp } from "./emails.ts";
import { exportsApp } from "./exports.ts";
import { meApp } from "./me.ts";
import { operationsApp } from "./operations.ts";
import { operatorApp } from "./operator.ts";
import { operatorKeyRotationApp } from "./operator-key-rotation.ts";
import { orgCompetitorsApp } from "./org-competitors.ts";
import { orgEmailCaptureApp } from "./org-email-capture.ts";
import { orgIntakeApp } from "./org-intake.ts";
import { orgMediaApp } from "./org-media.ts";
import { orgRetentionApp } from "./org-retention.ts";
import { orgSettingsApp } from "./org-settings.ts";
import { orgZccFlowKeyApp } from "./org-zcc-flow-key.ts";
import { orgZoomOAuthApp } from "./org-zoom-oauth.ts";
import { profilesApp } from "./profiles.ts";
import { repCoachingApp } from "./rep-coaching.ts";
import { searchApp } from "./search.ts";
import { userTokensApp } from "./user-tokens.ts";
import { usersApp } from "./users.ts";

/** `/api/v1`: one sub-app per resource, and the OpenAPI document generated from their schemas. */
export const apiV1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

apiV1.route("/operator", operatorApp);
apiV1.route("/me", meApp);
apiV1.route("/users", usersApp);
apiV1.route("/users", userTokensApp);
apiV1.route("/profiles", profilesApp);
apiV1.route("/reps", repCoachingApp);
apiV1.route("/accounts", accountsApp);
apiV1.route("/accounts", accountOverviewApp);
apiV1.route("/contacts", contactsApp);
apiV1.route("/conversations", conversationRoutingApp);
apiV1.route("/conversations", conversationsApp);
apiV1.route("/conversations", conversationMediaApp);
apiV1.route("/connections", connectionsApp);
apiV1.route("/operations", operationsApp);
apiV1.route("/deletions", deletionsApp);
apiV1.route("/search", searchApp);
apiV1.route("/org", orgIntakeApp);
apiV1.route("/org", orgSettingsApp);
apiV1.route("/org", orgCompetitorsApp);
apiV1.route("/org", orgZoomOAuthApp);
apiV1.route("/org", orgZccFlowKeyApp);
apiV1.route("/org", orgMediaApp);
apiV1.route("/emails", emailsApp);
apiV1.route("/org", orgEmailCaptureApp);
apiV1.route("/reports", attributionReportApp);
apiV1.route("/org", orgRetentionApp);
apiV1.route("/exports", exportsApp);
apiV1.route("/operator", operatorKeyRotationApp);
apiV1.route("/accounts", accountImportApp);

apiV1.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "A user's API token (sl_...)",
});
apiV1.openAPIRegistry.registerComponent("securitySchemes", "operatorAuth", {
  type: "http",
  scheme: "bearer",
  description: "The deployment's SIGHTLINE_OPERATOR_TOKEN",
});

apiV1.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: { title: "Sightline API", version: "1.0.0", description: "Account knowledge from customer conversations." },
  servers: [{ url: "/api/v1" }],
});
