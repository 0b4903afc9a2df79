// The banners as readers last got them, read back from the publish target: what the admin shows while the database
// is unreachable. Null when nothing is published (or it cannot be read).
import { getPublisher } from "../publishing/get-publisher";
import { ZBannerSetHeadSchema, type TBannerSetHead } from "../render/render-banner-set";
import { BANNERS_HEAD_KEY } from "./constants";

export async function readPublishedBanners(): Promise<TBannerSetHead | null> {
  try {
    const stored = await getPublisher().get(BANNERS_HEAD_KEY);
    if (!stored) return null;
    const parsed = ZBannerSetHeadSchema.safeParse(JSON.parse(stored.body.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
