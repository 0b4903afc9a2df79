// The public shape of window.Ballast.banners (shared by the entry's bootstrap and the banners file).
export type TLocation = { state?: string | null; zip?: string | null };

export type TBannersApi = {
  version: string;
  /** Fills a slot: a `[data-ballast-banners]` element, or a script tag with that attribute (a container goes before it). */
  init(element: Element): void;
  /** Remembers the reader's state and/or ZIP for this and later visits; a key left out keeps its value, null clears it. */
  setLocation(location: TLocation): void;
  /** Polls the banners and the notice now. */
  refresh(): void;
};
