// The live blog as readers last saw it, read back from the publish target: what the admin shows while the
// database is unreachable.
import { ZLiveBlogHeadSchema, type TLiveBlogHead } from "../render/schemas";
import { getPublisher } from "../publishing/get-publisher";
import { liveBlogHeadKey } from "../publishing/publish-liveblog";
import { isValidSlug } from "./schemas";

export async function readPublishedLiveBlog(options: { slug: string }): Promise<TLiveBlogHead | null> {
  if (!isValidSlug(options.slug)) return null;
  const stored = await getPublisher().get(liveBlogHeadKey(options.slug));
  if (!stored) return null;
  const parsed = ZLiveBlogHeadSchema.safeParse(JSON.parse(stored.body.toString("utf8")));
  return parsed.success ? parsed.data : null;
}
