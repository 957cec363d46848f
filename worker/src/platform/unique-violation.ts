/**
 * True when a write failed on a UNIQUE constraint (D1's message, possibly wrapped by drizzle as the
 * cause). Checks run before writes, so this means another request took the value in between: the
 * caller checks again, which now names the field and its owner in a 409.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++)
    if (e.message.includes("UNIQUE constraint failed")) return true;
  return false;
}

/** Runs `write`; on a UNIQUE violation runs `recheck` (which throws the 409) and else rethrows. */
export async function writeOrConflict<T>(write: () => Promise<T>, recheck: () => Promise<unknown>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await recheck();
    throw err;
  }
}
