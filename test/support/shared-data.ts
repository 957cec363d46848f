import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";

/**
 * Real reference data (../shared/data beside the repository, or SIGHTLINE_SHARED_DATA) is not part
 * of a user's clone. Tests over it run when it is there (it is in CI) and say that they skipped
 * when it is not. Never copy these files into the repository.
 */
export const SHARED_DATA_DIR = resolve(process.env.SIGHTLINE_SHARED_DATA ?? join(REPO_ROOT, "../shared/data"));
export const hasSharedData = existsSync(SHARED_DATA_DIR);

export function describeWithSharedData(name: string, body: () => void) {
  if (!hasSharedData) {
    process.stdout.write(`[skipped] "${name}": no reference data at ${SHARED_DATA_DIR}\n`);
  }
  describe.skipIf(!hasSharedData)(`${name} (real data: ${SHARED_DATA_DIR})`, body);
}

export const sharedDataPath = (...parts: string[]) => join(SHARED_DATA_DIR, ...parts);
