import { describe, expect, it } from "vitest";
import { parseGmailDate } from "./gmail-date.ts";

const local = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m, d, h, min).toISOString();
const DEC_3 = local(2026, 11, 3, 14, 5);

describe("parseGmailDate", () => {
  it.each([
    ["en", "Thu, Nov 12, 2026, 9:41 AM", local(2026, 10, 12, 9, 41)],
    ["en", "Mon, Nov 18, 2013 at 11:20 AM", local(2013, 10, 18, 11, 20)],
    ["en", "Fri, Nov 13, 2026, 12:05 AM", local(2026, 10, 13, 0, 5)],
    ["en-GB", "2 Sept 2026, 19:31", local(2026, 8, 2, 19, 31)],
    ["fr", "3 déc. 2026, 14:05", DEC_3],
    ["fr", "jeu. 3 déc. 2026, 14:05", DEC_3],
    ["fr", "mar. 3 mars 2026, 14:05", local(2026, 2, 3, 14, 5)],
    ["de", "3. Dez. 2026, 14:05", DEC_3],
    ["de", "Do., 3. Dez. 2026, 14:05", DEC_3],
    ["ja", "2026年12月3日 14:05", DEC_3],
    ["ja", "2026年12月3日(木) 午後2:05", DEC_3],
    ["zh-CN", "2016年5月4日 上午10:08", local(2016, 4, 4, 10, 8)],
    ["zh-CN", "2016年5月4日 下午10:08", local(2016, 4, 4, 22, 8)],
    ["ko", "2026년 12월 3일 오후 2:05", DEC_3],
    ["es", "mar, 3 mar 2026, 14:05", local(2026, 2, 3, 14, 5)],
    ["es", "3 dic 2026, 2:05 p. m.", DEC_3],
    ["pt-BR", "qui., 3 de dez. de 2026 14:05", DEC_3],
    ["ru", "чт, 3 дек. 2026 г., 14:05", DEC_3],
    ["fi", "to 3.12.2026 klo 14.05", DEC_3],
    ["cs", "čt 3. 12. 2026 14:05", DEC_3],
    ["ar", "الخميس، ٣ ديسمبر ٢٠٢٦، ٢:٠٥ م", DEC_3],
    ["nl", "do 3 dec 2026, 14:05", DEC_3],
  ])("reads a %s title: %s", (locale, title, expected) => {
    expect(parseGmailDate(title, [locale])).toBe(expected);
  });

  it("reads back what Intl writes in many languages, with and without the weekday", () => {
    const when = new Date(2026, 11, 3, 14, 5);
    const locales = ["en-US", "en-GB", "fr", "de", "it", "es", "pt-BR", "nl", "sv", "pl", "ru", "uk", "tr"];
    const more = ["ja", "zh-CN", "zh-TW", "ko", "cs", "fi", "da", "nb", "hu", "el", "he", "id", "ar"];
    for (const locale of [...locales, ...more]) {
      const styles: Intl.DateTimeFormatOptions[] = [
        { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
        { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
        { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" },
      ];
      for (const style of styles) {
        const title = new Intl.DateTimeFormat(locale, style).format(when);
        expect({ locale, title, parsed: parseGmailDate(title, [locale]) }).toEqual({ locale, title, parsed: DEC_3 });
      }
    }
  });

  it("tries the page's language first, then the others given", () => {
    expect(parseGmailDate("3 déc. 2026, 14:05", ["de", "fr"])).toBe(DEC_3);
    // Day before month in German, month first in American English.
    expect(parseGmailDate("03.12.2026, 14:05", ["de"])).toBe(DEC_3);
    expect(parseGmailDate("12/3/2026, 2:05 PM", ["en-US"])).toBe(DEC_3);
  });

  it("is null rather than a guess: no year, no time, no month, an impossible day, not a date", () => {
    expect(parseGmailDate("Nov 12, 9:41 AM", ["en"])).toBeNull();
    expect(parseGmailDate("Thu, Nov 12, 2026", ["en"])).toBeNull();
    expect(parseGmailDate("12, 2026, 9:41 AM", ["en"])).toBeNull();
    expect(parseGmailDate("Feb 30, 2026, 9:41 AM", ["en"])).toBeNull();
    expect(parseGmailDate("yesterday", ["en"])).toBeNull();
    expect(parseGmailDate("", ["fr"])).toBeNull();
  });
});
