import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { BannerForm } from "../banner-form";
import "../banners.css";

export const metadata = { title: "New banner" };

export default async function NewBannerPage() {
  await requirePageUser("banner:edit");
  return (
    <>
      <p><Link href="/admin/banners">← Banners</Link></p>
      <h1>New banner</h1>
      <BannerForm />
    </>
  );
}
