// Vitest stand-in for `server-only`, whose real module throws outside a React Server Components build.
export {};
