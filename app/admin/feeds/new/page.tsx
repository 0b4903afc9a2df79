import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { FeedForm } from "../feed-form";

export const metadata = { title: "New feed" };

export default async function NewFeedPage() {
  await requirePageUser("feed:edit");
  return (
    <>
      <p><Link href="/admin/feeds">← Feeds</Link></p>
      <h1>New feed</h1>
      <FeedForm />
    </>
  );
}
