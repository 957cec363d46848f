import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * The e2e layer needs a real Chromium. On a fresh Debian machine (run as root) it is installed
 * from Debian's packages, as the README promises; elsewhere the error says what to install.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    process.stdout.write("Chromium is missing: installing Debian's chromium package for the e2e layer...\n");
    const install = () =>
      spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium", "fonts-liberation"], {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      }).status === 0;
    if (!install()) {
      spawnSync("apt-get", ["update"], { stdio: "inherit" });
      install();
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    "The e2e layer needs Chromium and none was found. Install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.",
  );
}
