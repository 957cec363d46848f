import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Objects and bytes stored by local R2 (miniflare keeps each object's body as a file under v3/r2). */
export function r2Usage(persistDir: string): { objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && !e.name.endsWith(".sqlite") && !e.name.includes(".sqlite-")) {
        objects++;
        bytes += statSync(path).size;
      }
    }
  };
  walk(join(persistDir, "v3", "r2"));
  return { objects, bytes };
}
