/**
 * Polls until `done(read())` holds: queue consumers and crons finish after the request that started
 * them. Fails with the last value seen, so a timeout says what state things were left in.
 */
export async function waitFor<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, ms = 45_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
