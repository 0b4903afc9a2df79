import type { NextConfig } from "next";
import { ADMIN_SECURITY_HEADERS } from "./lib/http/admin-security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "esbuild"],
  async headers() {
    return [{ source: "/((?!cdn/).*)", headers: [...ADMIN_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
