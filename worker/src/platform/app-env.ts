import type { Role } from "@sightline/shared";
import type { Services } from "./services.ts";

/** Who is calling, resolved from a verified API token. The organization comes only from here. */
export interface Principal {
  userId: string;
  organizationId: string;
  role: Role;
  tokenId: string;
}

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    services: Services;
    principal: Principal;
  };
}
