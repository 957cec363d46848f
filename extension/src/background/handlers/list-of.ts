import type { Parser } from "../api-client.ts";

/** A parser of `{ [key]: T[] }`, every item checked with `item`: one malformed row fails the whole answer. */
export function listOf<K extends string, T>(key: K, item: Parser<T>): Parser<Record<K, T[]>> {
  return {
    safeParse(value) {
      const list = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      if (!Array.isArray(list)) return { success: false };
      const data: T[] = [];
      for (const entry of list) {
        const parsed = item.safeParse(entry);
        if (!parsed.success) return { success: false };
        data.push(parsed.data);
      }
      return { success: true, data: { [key]: data } as Record<K, T[]> };
    },
  };
}
