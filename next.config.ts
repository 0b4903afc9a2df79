import type { NextConfig } from "next";
import { ADMIN_SECURITY_HEADERS } from "./lib/http/admin-security-headers";
import { MAX_ACTION_BODY_BYTES } from "./lib/http/request-limits";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "esbuild"],
  experimental: {
    // proxy.ts refuses larger action bodies from Content-Length with a 413; these are the backstops, and the proxy
    // never buffers more than an action may carry.
    serverActions: { bodySizeLimit: MAX_ACTION_BODY_BYTES },
    proxyClientMaxBodySize: MAX_ACTION_BODY_BYTES,
  },
  async headers() {
    return [{ source: "/((?!cdn/).*)", headers: [...ADMIN_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
