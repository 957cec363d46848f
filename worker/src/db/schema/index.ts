export * from "./accounts.ts";
export * from "./coaching.ts";
export * from "./conversations.ts";
export * from "./gong.ts";
export * from "./insight-rollups.ts";
export * from "./operations.ts";
export * from "./organizations.ts";
export * from "./zcc.ts";
