import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { NewPageForm } from "./new-page-form";

export const metadata = { title: "New page" };

export default async function NewPage() {
  await requirePageUser("page:edit");
  return (
    <>
      <p><Link href="/admin/pages">← Pages</Link></p>
      <h1>New page</h1>
      <NewPageForm />
    </>
  );
}
