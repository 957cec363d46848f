/**
 * A small stand-in for one person's browser in pipeline tests: it keeps its own cookies (per host
 * and port, honoring Path and Max-Age=0), follows redirects the way a top-level navigation does,
 * and says where a navigation came from with `Sec-Fetch-Site` as browsers do ("none" for what the
 * user or an extension opened, "cross-site" for a link on another site). Two instances are two
 * browsers: what one was given by a server the other never sends.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, Map<string, { value: string; path: string }>>();

  /** Puts a cookie in this browser for `origin` (e.g. a Zoom session it signed in to). */
  addCookie(origin: string, header: string, path = "/"): void {
    const [name, value] = header.split("=");
    if (name && value !== undefined) this.jarOf(new URL(origin)).set(name, { value, path });
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jarOf(new URL(origin)).get(name)?.value;
  }

  /**
   * Navigates to `url` and follows redirects; `stopBefore` ends the walk before a URL is requested
   * (the answer is then null) so a test can hand that URL to another browser.
   */
  async navigate(
    url: string,
    options: { from?: "user" | "other-site"; accept?: string; stopBefore?: (url: URL) => boolean } = {},
  ): Promise<{ response: Response | null; url: URL; visited: URL[] }> {
    const visited: URL[] = [];
    let next = new URL(url);
    let site = options.from === "other-site" ? "cross-site" : "none";
    for (let hop = 0; hop < 10; hop++) {
      if (options.stopBefore?.(next)) return { response: null, url: next, visited };
      visited.push(next);
      const response = await fetch(next, {
        redirect: "manual",
        headers: {
          accept: options.accept ?? "text/html,application/xhtml+xml,*/*;q=0.8",
          "sec-fetch-site": site,
          "sec-fetch-mode": "navigate",
          ...(this.cookieHeader(next) ? { cookie: this.cookieHeader(next) } : {}),
        },
      });
      this.store(next, response.headers.getSetCookie());
      const location = response.headers.get("location");
      if (response.status < 300 || response.status > 399 || !location) return { response, url: next, visited };
      await response.body?.cancel();
      const target = new URL(location, next);
      if (target.origin !== next.origin) site = "cross-site";
      next = target;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private jarOf(url: URL) {
    const jar = this.cookies.get(url.host) ?? new Map<string, { value: string; path: string }>();
    this.cookies.set(url.host, jar);
    return jar;
  }

  private cookieHeader(url: URL): string {
    return [...this.jarOf(url)]
      .filter(
        ([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }

  private store(url: URL, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr("path") ?? "/";
      if (attr("max-age") === "0" || !value) this.jarOf(url).delete(name);
      else this.jarOf(url).set(name, { value, path });
    }
  }
}
