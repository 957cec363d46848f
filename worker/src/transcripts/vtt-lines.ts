/**
 * Finds line ends in a string whose lines end with LF, CRLF or a lone CR, using the engine's
 * `indexOf` (much faster than a character loop) and remembering the next CR and LF so that no
 * character is scanned twice. Positions asked for must not go backwards.
 */
export class VttLines {
  private readonly src: string;
  private nextLf = -2;
  private nextCr = -2;

  constructor(src: string) {
    this.src = src;
  }

  /** Index of the line break ending the line that starts at `pos`, or the string's length. */
  end(pos: number): number {
    if (this.nextLf !== -1 && this.nextLf < pos) this.nextLf = this.src.indexOf("\n", pos);
    if (this.nextCr !== -1 && this.nextCr < pos) this.nextCr = this.src.indexOf("\r", pos);
    const lf = this.nextLf < 0 ? this.src.length : this.nextLf;
    const cr = this.nextCr < 0 ? this.src.length : this.nextCr;
    return Math.min(lf, cr);
  }

  /** Where the next line starts after the line break at `end` (CRLF counts as one break). */
  next(end: number): number {
    return this.src.charCodeAt(end) === 13 && this.src.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
}
