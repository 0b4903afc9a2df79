// `npm test`: every check in one run — migrations in sync, typecheck, lint, the AWS stacks (cdk synth + cdk-nag),
// build, unit + integration tests (real Postgres), Playwright e2e (Chromium) — ending with one summary line "N passed, M failed".
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { childEnv, readEnv } from "../lib/env";
import { nextCli, prismaCli, projectRoot } from "../lib/process/project-paths";

type StepResult = { name: string; passed: number; failed: number; seconds: number };
type TVitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { name: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
};

// CI keeps only the log's tail, so failing tests are repeated next to the summary.
function failedVitestTests(report: TVitestReport | undefined): string[] {
  const failed: string[] = [];
  for (const file of report?.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const firstLine = (test.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300);
      failed.push(`${path.relative(projectRoot, file.name)} › ${test.fullName}\n      ${firstLine}`);
    }
  }
  return failed;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = projectRoot): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

async function main() {
  const results: StepResult[] = [];
  const failures: string[] = [];
  const resultsDir = path.join(projectRoot, "test-results");
  fs.mkdirSync(resultsDir, { recursive: true });

  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let databaseUrl = readEnv().DATABASE_URL;
  if (!databaseUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-test-pg-"));
    fs.chmodSync(tempDir, 0o755);
    console.log(`\n▶ Starting an embedded Postgres for the tests in ${tempDir}`);
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, log: (message) => console.log(`[postgres] ${message}`) });
    databaseUrl = embedded.url;
  }
  const env = childEnv({ DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: undefined });

  const check = async (name: string, command: string, args: string[], stepEnv = env, cwd = projectRoot) => {
    console.log(`\n▶ ${name}`);
    const started = Date.now();
    const code = await run(command, args, stepEnv, cwd);
    results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, seconds: (Date.now() - started) / 1000 });
    return code === 0;
  };

  try {
    await check("migrations match prisma/schema.prisma", process.execPath, [
      prismaCli, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code",
    ]);
    await check("typecheck (tsc --noEmit)", process.execPath, [path.join(projectRoot, "node_modules/typescript/bin/tsc"), "--noEmit"]);
    await check("lint (eslint)", process.execPath, [path.join(projectRoot, "node_modules/eslint/bin/eslint.js"), "--max-warnings=0", "."]);
    // The AWS stacks, synthesised by the real CDK CLI with no network (no notices, telemetry or look-ups); cdk-nag's
    // AWS Solutions rules run inside the synth, so an unacknowledged finding fails this step.
    const cdkOut = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-cdk-out-"));
    await check(
      "infrastructure (cdk synth, offline, cdk-nag)",
      process.execPath,
      [path.join(projectRoot, "node_modules/aws-cdk/bin/cdk"), "synth", "--no-notices", "--no-version-reporting", "--quiet", "--output", cdkOut],
      { ...env, CDK_DISABLE_CLI_TELEMETRY: "1", CDK_DISABLE_VERSION_CHECK: "1" },
      path.join(projectRoot, "infra"),
    );
    fs.rmSync(cdkOut, { recursive: true, force: true });
    // The e2e tests publish the built widget file, so it is built as `npm run build` does, before the admin.
    const widgetBuilt = await check("widget build (widgets/dist)", process.execPath, ["--import", "tsx", path.join(projectRoot, "widgets", "build-widget.ts")]);
    const adminBuilt = await check("production build (next build)", process.execPath, [nextCli, "build"], { ...env, NODE_ENV: "production" });
    const built = widgetBuilt && adminBuilt;

    console.log("\n▶ unit and integration tests (vitest, real Postgres)");
    let started = Date.now();
    const vitestJson = path.join(resultsDir, "vitest.json");
    fs.rmSync(vitestJson, { force: true });
    const vitestCode = await run(process.execPath, [path.join(projectRoot, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], env);
    const vitest = readJson<TVitestReport>(vitestJson);
    failures.push(...failedVitestTests(vitest));
    results.push({
      name: "vitest",
      passed: vitest?.numPassedTests ?? 0,
      failed: vitest ? vitest.numFailedTests + (vitestCode !== 0 && vitest.numFailedTests === 0 ? 1 : 0) : 1,
      seconds: (Date.now() - started) / 1000,
    });

    if (built) {
      console.log("\n▶ end-to-end tests (Playwright, headless Chromium)");
      started = Date.now();
      const playwrightJson = path.join(resultsDir, "e2e.json");
      fs.rmSync(playwrightJson, { force: true });
      const playwrightCode = await run(process.execPath, [path.join(projectRoot, "node_modules/@playwright/test/cli.js"), "test"], env);
      const stats = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(playwrightJson)?.stats;
      results.push({
        name: "playwright",
        passed: stats?.expected ?? 0,
        failed: stats ? stats.unexpected + stats.flaky + (playwrightCode !== 0 && stats.unexpected === 0 ? 1 : 0) : 1,
        seconds: (Date.now() - started) / 1000,
      });
    } else {
      results.push({ name: "playwright (skipped: build failed)", passed: 0, failed: 1, seconds: 0 });
    }
  } finally {
    await embedded?.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }

  if (failures.length > 0) {
    console.log("\nFailed tests");
    for (const failure of failures) console.log(`  ✗ ${failure}`);
  }
  console.log("\nSummary");
  for (const result of results) {
    console.log(`  ${result.failed === 0 ? "ok  " : "FAIL"}  ${result.name}: ${result.passed} passed, ${result.failed} failed (${result.seconds.toFixed(1)} s)`);
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

void main();
