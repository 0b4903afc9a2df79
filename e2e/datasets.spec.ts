import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, createUserAsAdmin, signIn, unique } from "./helpers";

// An editor imports a small ZIP CSV in the admin (upload with progress, columns picked from the header, zero-padding),
// sees the validation report, sees the dataset published to the CDN, downloads the CSV, then re-imports a CSV with a
// duplicate key and a short row and sees both line numbers with nothing published.
test("an editor imports a small CSV, sees the report and the dataset published, and downloads the CSV", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  const editor = { name: "Dataset editor", email: `${unique("dataset-editor")}@example.com`, role: "editor", password: "dataset-editor-password-123" };
  await createUserAsAdmin(admin, editor);
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, editor);
  const name = unique("zips").toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 40);

  await page.goto("/admin/datasets");
  await page.getByTestId("dataset-file").setInputFiles({ name: "zips.csv", mimeType: "text/csv", buffer: Buffer.from("zip,city,state\n43215,Columbus,OH\n  2134 ,Boston,MA\n15213,Pittsburgh,PA\n") });
  const options = page.getByTestId("import-options");
  await expect(options).toBeVisible();
  await options.getByLabel("Dataset name").fill(name);
  await options.getByLabel("Key column").selectOption("zip");
  await options.getByLabel("Zero-pad to width").fill("5");
  await options.getByRole("button", { name: "Import" }).click();

  const progress = page.getByTestId("import-progress");
  await expect(progress).toContainText("Published: 3 files uploaded", { timeout: 60_000 });
  await expect(progress.getByTestId("import-report")).toContainText("3 rows read, 3 accepted, 0 skipped; no problems.");

  const key = await page.request.get(`/cdn/datasets/${name}/02134.json`);
  expect(key.status()).toBe(200);
  expect(await key.json()).toEqual({ key: "02134", values: { city: "Boston", state: "MA" } });
  const manifest = await (await page.request.get(`/cdn/datasets/${name}/manifest.json`)).json();
  expect(manifest).toMatchObject({ schema: 1, name, keyCount: 3, columns: ["city", "state"], key: { column: "zip", padWidth: 5 }, layout: { type: "key" } });

  // The demo page (widgets/demo/zip-lookup.html) on another site, pointed at this Ballast's CDN and dataset: typing a
  // ZIP key by key fills City and State from the files just published.
  const demo = fs
    .readFileSync(path.join(process.cwd(), "widgets", "demo", "zip-lookup.html"), "utf8")
    .replaceAll("https://cdn.example.com", `${new URL(page.url()).origin}/cdn`)
    .replaceAll('data-ballast-lookup="zip-codes"', `data-ballast-lookup="${name}"`);
  const site = http.createServer((_request, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(demo));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  try {
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await reader.getByLabel(/ZIP/).pressSequentially("02134", { delay: 50 });
    await expect(reader.getByLabel(/^City/)).toHaveValue("Boston");
    await expect(reader.getByLabel(/^State/)).toHaveValue("MA");
  } finally {
    site.close();
  }

  await page.reload();
  const row = page.getByTestId(`dataset-${name}`);
  await expect(row.getByTestId("dataset-status")).toContainText("published");
  await expect(row).toContainText(editor.name);
  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString("utf8")).toBe("zip,city,state\r\n02134,Boston,MA\r\n15213,Pittsburgh,PA\r\n43215,Columbus,OH\r\n");

  // A file with a duplicate key and a short row: the report names both lines and nothing changes on the CDN.
  await page.getByTestId("dataset-file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("zip,city,state\n43215,Columbus,OH\n15213,Pittsburgh\n43215,Dublin,OH\n") });
  await expect(options).toBeVisible();
  await options.getByLabel("Dataset name").fill(name);
  await options.getByRole("button", { name: "Import" }).click();
  await expect(progress).toContainText("Not published", { timeout: 60_000 });
  const problems = progress.getByTestId("report-problem");
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText("2");
  await expect(problems.nth(1)).toContainText("3");
  await expect(problems.nth(2)).toContainText("4");
  expect(await (await page.request.get(`/cdn/datasets/${name}/manifest.json`)).json()).toMatchObject({ keyCount: 3 });
});
