export * from "./accounts/normalize-name.ts";
export * from "./accounts/salesforce-id.ts";
export * from "./api/accounts.ts";
export * from "./api/common.ts";
export * from "./api/errors.ts";
export * from "./api/orgs.ts";
export * from "./domains/free-mail.ts";
export * from "./domains/normalize-domain.ts";
