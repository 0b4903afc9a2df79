import { requirePageUser } from "@/lib/auth/current-user";
import { NewLiveBlogForm } from "./new-liveblog-form";

export const metadata = { title: "New live blog" };

export default async function NewLiveBlogPage() {
  await requirePageUser("liveblog:create");
  return (
    <>
      <h1>New live blog</h1>
      <NewLiveBlogForm />
    </>
  );
}
