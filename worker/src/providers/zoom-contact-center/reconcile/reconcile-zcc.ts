import type { Services } from "../../../platform/services.ts";

/** Nightly reconciliation of Contact Center engagements (see below). */
export async function reconcileZcc(_services: Services): Promise<void> {}
