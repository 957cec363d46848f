import type { Services } from "../platform/services.ts";

/** Deletes the keys that exist (R2 deletes up to 1,000 per call); returns how many there were. */
export async function deleteObjects(services: Services, keys: readonly string[]): Promise<number> {
  const existing: string[] = [];
  for (const key of keys) if (await services.blobs.head(key)) existing.push(key);
  for (let i = 0; i < existing.length; i += 1000) await services.blobs.delete(existing.slice(i, i + 1000));
  return existing.length;
}
