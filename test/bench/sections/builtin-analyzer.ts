// Built-in analysis of the real Zoom call (when the reference data is present).
import { analyzeBuiltin } from "../../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { loadZoomVttRough, realCallContext } from "../../quality/data.ts";
import { hasSharedData, SHARED_DATA_DIR } from "../../support/shared-data.ts";
import { report } from "../bench-context.ts";
import { measure } from "../stats.ts";

export async function benchBuiltinAnalyzer(): Promise<void> {
  if (!hasSharedData) {
    process.stdout.write(`[skipped] analyzer benchmark: no reference data at ${SHARED_DATA_DIR}\n`);
    return;
  }
  const transcript = loadZoomVttRough();
  const context = realCallContext(transcript);
  for (let i = 0; i < 5; i++) analyzeBuiltin(transcript, context);
  report(
    `builtin analyzer, real Zoom call (${transcript.segments.length} cues)`,
    await measure(30, () => analyzeBuiltin(transcript, context)),
  );
}
