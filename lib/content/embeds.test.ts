import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEmbedUrl } from "./embeds";

describe("parseEmbedUrl", () => {
  it.each([
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL1", "youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["https://www.youtube.com/shorts/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"],
    ["https://www.youtube.com/live/jfKfPfyJRdk", "youtube", "jfKfPfyJRdk", "https://www.youtube.com/watch?v=jfKfPfyJRdk"],
    ["https://x.com/jack/status/20", "x", "20", "https://x.com/jack/status/20"],
    ["https://twitter.com/NASA/status/1583214890542178304?s=20", "x", "1583214890542178304", "https://x.com/NASA/status/1583214890542178304"],
    ["https://mobile.twitter.com/jack/status/20/", "x", "20", "https://x.com/jack/status/20"],
    ["https://www.instagram.com/p/CxYz_12-AbC/", "instagram", "CxYz_12-AbC", "https://www.instagram.com/p/CxYz_12-AbC/"],
    ["https://instagram.com/reel/C0ffee12345", "instagram", "C0ffee12345", "https://www.instagram.com/reel/C0ffee12345/"],
    ["https://bsky.app/profile/Alice.bsky.social/post/3k2yihcrp6f2c", "bluesky", "at://alice.bsky.social/app.bsky.feed.post/3k2yihcrp6f2c", "https://bsky.app/profile/alice.bsky.social/post/3k2yihcrp6f2c"],
    ["https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l3qo2vutsw2b", "bluesky", "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l3qo2vutsw2b", "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l3qo2vutsw2b"],
  ])("accepts %s", (url, provider, id, canonicalUrl) => {
    expect(parseEmbedUrl(url)).toEqual({ provider, id, canonicalUrl });
  });

  it.each([
    ["plain http", "http://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a look-alike host", "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"],
    ["a host that only ends like YouTube", "https://evilyoutube.com/watch?v=dQw4w9WgXcQ"],
    ["another top-level domain", "https://youtube.co/watch?v=dQw4w9WgXcQ"],
    ["a trailing-dot host", "https://www.youtube.com./watch?v=dQw4w9WgXcQ"],
    ["credentials before the host", "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ"],
    ["credentials naming the host", "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a port", "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ"],
    ["the provider URL in a query", "https://evil.example/?u=https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a short video id", "https://youtu.be/dQw4w9WgXc"],
    ["a long video id", "https://www.youtube.com/watch?v=dQw4w9WgXcQQ"],
    ["an id with markup", 'https://www.youtube.com/watch?v=dQw4w9WgX"<'],
    ["a YouTube page that is not a video", "https://www.youtube.com/@channel"],
    ["a non-numeric status", "https://x.com/jack/status/abc"],
    ["an X user name that is too long", "https://x.com/abcdefghijklmnopq/status/20"],
    ["an X look-alike", "https://x.com.evil.example/jack/status/20"],
    ["an Instagram profile", "https://www.instagram.com/nasa/"],
    ["an Instagram story", "https://www.instagram.com/stories/nasa/123/"],
    ["the Bluesky PDS host", "https://bsky.social/profile/alice.bsky.social/post/3k2yihcrp6f2c"],
    ["a Bluesky record key that is not a TID", "https://bsky.app/profile/alice.bsky.social/post/hello"],
    ["a Bluesky actor that is not a handle", "https://bsky.app/profile/javascript:alert(1)/post/3k2yihcrp6f2c"],
    ["javascript:", "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["data:", "data:text/html,https://youtu.be/dQw4w9WgXcQ"],
    ["protocol-relative", "//www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["a leading space", " https://youtu.be/dQw4w9WgXcQ"],
    ["an embedded tab", "https://www.you\ttube.com/watch?v=dQw4w9WgXcQ"],
    ["backslashes", "https:\\\\www.youtube.com\\watch?v=dQw4w9WgXcQ"],
    ["nothing", ""],
    ["an over-long URL", `https://www.youtube.com/watch?v=dQw4w9WgXcQ&pad=${"a".repeat(2100)}`],
  ])("rejects %s", (_case, url) => {
    expect(parseEmbedUrl(url)).toBeNull();
  });

  it("imports nothing, so the browser editor can bundle it", () => {
    expect(readFileSync(new URL("./embeds.ts", import.meta.url), "utf8")).not.toMatch(/^\s*import\s|require\(/m);
  });
});
