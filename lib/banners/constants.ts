// The banner set's fixed identity and object keys (the migration creates its row).
export const MAIN_BANNER_SET_ID = "00000000-0000-4000-8000-0000000000b1";
export const BANNER_SET_KIND = "bannerset";
/** Every live and upcoming banner with its window, targeting and priority (short cache). */
export const BANNERS_HEAD_KEY = "banners/latest.json";
/** The emergency notice, written straight to the target by the admin even while Postgres is down (short cache). */
export const NOTICE_KEY = "banners/notice.json";
