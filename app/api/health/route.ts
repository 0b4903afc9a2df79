// GET /api/health – liveness for the launcher and load balancers; touches nothing
export function GET() {
  return Response.json({ ok: true });
}
