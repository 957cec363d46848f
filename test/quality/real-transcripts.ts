import type { Transcript } from "@sightline/shared";
import type { AnalysisContext } from "../../worker/src/analysis/analyzer.ts";
import { loadQmsum, loadZoomChat, loadZoomVttRough, realCallContext } from "./data.ts";
import { qmsumTranscript } from "./topic-eval.ts";

export interface RealTranscript {
  name: string;
  transcript: Transcript;
  context: AnalysisContext;
}

/**
 * Every real transcript in ../shared/data, read in place: the two Zoom VTTs (with speakers), the
 * closed-caption VTT (no speakers), the Zoom chat export and the 20 QMSum product meetings. None is
 * a sales call, so each gets the stand-in sides of `realCallContext` (first speaker "ours").
 */
export function loadRealTranscripts(): RealTranscript[] {
  const named: [string, Transcript][] = [
    ["zoom meeting001 (75 min webinar)", loadZoomVttRough("meeting001_transcript.vtt")],
    ["zoom GMT20240124 transcript (class)", loadZoomVttRough("GMT20240124-202901_Recording.transcript.vtt")],
    ["zoom GMT20240124 closed captions", loadZoomVttRough("GMT20240124-202901_Recording.cc.vtt")],
    ["zoom meeting003 chat", loadZoomChat()],
    ...loadQmsum().map((m): [string, Transcript] => [`qmsum ${m.name}`, qmsumTranscript(m)]),
  ];
  return named.map(([name, transcript]) => ({ name, transcript, context: realCallContext(transcript) }));
}
