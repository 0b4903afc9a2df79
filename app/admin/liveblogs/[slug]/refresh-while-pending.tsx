"use client";
// Re-renders the page every second while a publish is pending, so the status flips to "Published" by itself.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [pending, router]);
  return null;
}
