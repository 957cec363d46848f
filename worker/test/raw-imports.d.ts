// Vite's ?raw imports (used by tests to read wrangler.toml).
declare module "*?raw" {
  const content: string;
  export default content;
}

// Vite's import.meta.glob (used by tests that read the sources of worker/src); vite/client's
// types are not a dependency of the worker.
interface ImportMeta {
  glob<T = unknown>(
    patterns: string | string[],
    options: { query?: string; import?: string; eager: true },
  ): Record<string, T>;
}
