import type { IngestJob } from "../queue/jobs.ts";
import { gongProvider } from "./gong/gong-provider.ts";
import type { Provider, ProviderName } from "./provider.ts";
import { zoomProvider } from "./zoom/zoom-provider.ts";
import { zoomContactCenterProvider } from "./zoom-contact-center/zcc-provider.ts";

/** Every conversation source the Worker has. Gong and Zoom Contact Center join here. */
export const PROVIDERS: readonly Provider[] = [zoomProvider, zoomContactCenterProvider, gongProvider];

export function providerNamed(name: ProviderName): Provider | undefined {
  return PROVIDERS.find((p) => p.name === name);
}

/** The provider whose stages run this job kind, if any (analysis, routing and Slack jobs are no provider's). */
export function providerForJob(kind: IngestJob["kind"]): Provider | undefined {
  return PROVIDERS.find((p) => (p.jobKinds as readonly string[]).includes(kind));
}

/** The provider that takes this event of Zoom's shared webhook (e.g. contact_center.*), if it is not Zoom meetings'. */
export function providerForZoomEvent(event: string): Provider | undefined {
  return PROVIDERS.find((p) => p.zoomWebhookEvents && event.startsWith(p.zoomWebhookEvents.prefix));
}
