/**
 * Counts the rows D1 reports reading and writing (`meta.rows_read`, `meta.rows_written`: what
 * Cloudflare bills), for the benchmark's cost figures (docs/cost.md). Off unless the Worker runs
 * with BENCH_COUNT_D1_ROWS=true: services.ts then hands drizzle a counting D1Database, and the
 * request context reports the rows of each answer and of the isolate so far in headers.
 *
 * drizzle reads selects with `raw()`, which returns bare rows without `meta`: the counting
 * statement runs those as `SELECT * FROM (<query>)` through `all()`, which has `meta` (SQLite names
 * duplicate columns of the subquery apart, "id" and "id:1", so no column is lost) and gives the
 * rows back as arrays in column order. Other statements are counted as they are.
 */

export interface D1RowCounts {
  statements: number;
  rowsRead: number;
  rowsWritten: number;
}

export const zeroCounts = (): D1RowCounts => ({ statements: 0, rowsRead: 0, rowsWritten: 0 });

/** Everything counted in this isolate (requests, queue batches, cron runs) since it started. */
export const isolateD1Counts: D1RowCounts = zeroCounts();

function add(meta: Partial<D1Meta> | undefined, into: readonly D1RowCounts[]): void {
  for (const c of into) {
    c.statements++;
    c.rowsRead += meta?.rows_read ?? 0;
    c.rowsWritten += meta?.rows_written ?? 0;
  }
}

const SELECT = /^\s*(select|with)\b/i;

/** The real statement behind each counting one, for batch(). */
const innerOf = new WeakMap<object, D1PreparedStatement>();

function countingStatement(
  inner: D1PreparedStatement,
  query: string,
  prepare: (sql: string) => D1PreparedStatement,
  params: unknown[],
  into: readonly D1RowCounts[],
): D1PreparedStatement {
  const statement = {
    bind: (...values: unknown[]) => countingStatement(inner.bind(...values), query, prepare, values, into),
    async first<T>(column?: string): Promise<T | null> {
      const result = await inner.all<Record<string, unknown>>();
      add(result.meta, into);
      const row = result.results[0];
      if (!row) return null;
      return (column === undefined ? row : row[column]) as T;
    },
    async run<T>() {
      const result = await inner.run<T>();
      add(result.meta, into);
      return result;
    },
    async all<T>() {
      const result = await inner.all<T>();
      add(result.meta, into);
      return result;
    },
    async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
      if (!SELECT.test(query) || options?.columnNames) return inner.raw<T>(options as { columnNames?: false });
      const result = await prepare(`SELECT * FROM (${query})`)
        .bind(...params)
        .all<Record<string, unknown>>();
      add(result.meta, into);
      return result.results.map((row) => Object.values(row)) as T[];
    },
  };
  innerOf.set(statement, inner);
  return statement as unknown as D1PreparedStatement;
}

/** `d1` with every statement's rows added to each of `into` (and to isolateD1Counts). */
export function countingD1(d1: D1Database, into: D1RowCounts): D1Database {
  const targets = [into, isolateD1Counts];
  const prepare = (sql: string) => d1.prepare(sql);
  const counting = {
    prepare: (sql: string) => countingStatement(d1.prepare(sql), sql, prepare, [], targets),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await d1.batch<T>(statements.map((s) => innerOf.get(s) ?? s));
      for (const r of results) add(r.meta, targets);
      return results;
    },
    async exec(sql: string) {
      const result = await d1.exec(sql);
      targets.forEach((t) => {
        t.statements += result.count;
      });
      return result;
    },
    withSession: (constraint?: string) => d1.withSession(constraint),
    dump: () => d1.dump(),
  };
  return counting as unknown as D1Database;
}

/** "read=12, written=3, statements=4": the header the benchmark parses. */
export const d1CountsHeader = (c: D1RowCounts) =>
  `read=${c.rowsRead}, written=${c.rowsWritten}, statements=${c.statements}`;
