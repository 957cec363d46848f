// Vite's ?raw imports (used by tests to read wrangler.toml).
declare module "*?raw" {
  const content: string;
  export default content;
}
