/**
 * The storage.local key the background bumps on every sign-in and sign-out. It holds only a counter
 * (no token, no user), so every surface, content scripts included, may read it and reload.
 */
export const SESSION_CHANGED_KEY = "sessionChangedAt";
