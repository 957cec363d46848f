/**
 * A Zoom-like WebVTT file of at least `minChars` characters for tests and benchmarks, mixing every
 * quirk the reader handles: CRLF, numbered and unnumbered cues, missing blank lines, `-->` in text,
 * NOTE blocks, multi-line text, label prefixes that are not speakers, and hours past 100 at the end.
 */
export function syntheticZoomVtt(minChars: number): { vtt: string; cues: number } {
  const speakers = ["Dr. Melissa Ko", "Paul McCartney (Wings)", "José Núñez-O'Brien"];
  const lines = [
    "so I think the renewal is on track for next quarter",
    "we need the security review before legal signs --> then procurement",
    "Action item: call back the CFO about pricing",
    "right, and the integration with Salesforce works well",
  ];
  const parts: string[] = ["\uFEFFWEBVTT\r\n\r\n"];
  let chars = parts[0]?.length ?? 0;
  let cues = 0;
  let ms = 0;
  const eol = "\r\n";
  while (chars < minChars) {
    const i = cues;
    // After 10,000 cues, jump to hour 100 once so times stay increasing.
    if (i === 10_000) ms = 100 * 3600 * 1000;
    const start = ms;
    const end = ms + 800 + (i % 7) * 300;
    ms = end + 150;
    const speaker = speakers[Math.floor(i / 3) % speakers.length];
    const line = lines[i % lines.length] ?? "";
    let block = "";
    if (i % 500 === 250) block += `NOTE checkpoint ${i}${eol}${eol}`;
    if (i % 2 === 0) block += `${i + 1}${eol}`;
    block += `${timestamp(start)} --> ${timestamp(end)}${eol}`;
    block += line.startsWith("Action item") || i % 11 === 5 ? line : `${speaker}: ${line}`;
    if (i % 13 === 0) block += `${eol}second line of cue ${i + 1}`;
    // Every 9th cue has no blank line after it.
    block += i % 9 === 4 ? eol : `${eol}${eol}`;
    parts.push(block);
    chars += block.length;
    cues++;
  }
  return { vtt: parts.join(""), cues };
}

function timestamp(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
