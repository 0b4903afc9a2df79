"use client";
// Re-renders the page about every second while a publish is pending, so the status flips to "Published" by itself.
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";

export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  useEffect(() => {
    // One refresh at a time: a slow render must finish instead of being cancelled by the next tick.
    if (!pending || refreshing) return;
    const timer = setTimeout(() => startRefresh(() => router.refresh()), 1000);
    return () => clearTimeout(timer);
  }, [pending, refreshing, router]);
  return null;
}
