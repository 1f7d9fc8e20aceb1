// End-to-end test of `vitrine serve` in a real browser (Debian's Chromium,
// driven by playwright-core; no browser is downloaded). It starts the
// command on a temp copy of the example site, opens an article, edits its
// Markdown and watches the page follow without any action in it: new text,
// an error overlay for broken front matter, the overlay gone once fixed, and
// style sheets refreshed in place.
//
// Run: `node --test preview.test.mjs` in tests/browser/ after `cargo build`
// (or through `cargo test --test browser`). VITRINE_BIN overrides the binary.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.VITRINE_BIN || path.join(repo, "target/debug/vitrine");
const WAIT = 15_000;

let site;
let profile;
let server;
let serverOutput = "";
let origin;
let context;
let page;
const foreignRequests = [];

/// Starts `vitrine serve` on a free port; resolves with the printed URL.
function startServer(root) {
  server = spawn(binary, ["serve", "--root", root, "--port", "0", "--bind", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stderr.on("data", (chunk) => (serverOutput += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${serverOutput}`)), 30_000);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`vitrine serve exited (${code}):\n${serverOutput}`));
    });
    createInterface({ input: server.stdout }).on("line", (line) => {
      serverOutput += line + "\n";
      const match = line.match(/Aperçu du site : (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]).origin);
      }
    });
  });
}

/// Ctrl-C, then a kill if the server has not stopped after five seconds.
function stopServer() {
  if (!server || server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      resolve();
    }, 5_000);
    server.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill("SIGINT");
  });
}

const MARKER = "Phrase témoin du test de bout en bout";

/// The first article's file, with a marker sentence added before the server
/// starts (its URL is found by the marker: slugs may differ from file names).
function markFirstArticle() {
  const dir = path.join(site, "content/actualites");
  const name = fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort()[0];
  const file = path.join(dir, name);
  fs.appendFileSync(file, `\n\n${MARKER}.\n`);
  return { file, relative: `content/actualites/${name}` };
}

/// The page of the marked article, among the sitemap's news pages.
async function findMarkedPage() {
  const sitemap = await (await fetch(`${origin}/sitemap.xml`)).text();
  const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map((m) => new URL(m[1]).pathname)
    .filter((p) => /^\/actualites\/[^/]+\/$/.test(p));
  for (const url of urls) {
    if ((await (await fetch(origin + url)).text()).includes(MARKER)) return url;
  }
  throw new Error(`no page holds the marker among ${urls.join(", ")}`);
}

let article;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-e2e-site-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-e2e-profile-"));
  for (const dir of ["content", "themes"]) {
    fs.cpSync(path.join(repo, dir), path.join(site, dir), { recursive: true });
  }
  article = markFirstArticle();
  origin = await startServer(site);
  article.url = await findMarkedPage();
  context = await launchChromium(profile);
  context.setDefaultTimeout(WAIT);
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== origin) foreignRequests.push(request.url());
  });
});

after(async () => {
  await context?.close().catch(() => {});
  await stopServer();
  for (const dir of [site, profile]) {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the page follows edits, shows build errors and clears them", { timeout: 90_000 }, async () => {
  const original = fs.readFileSync(article.file, "utf8");
  const response = await page.goto(origin + article.url);
  assert.equal(response.status(), 200, serverOutput);
  assert.equal(await page.locator("#vitrine-erreur").count(), 0);

  // 1. New text appears without any action in the page.
  const sentence = "Nouvelle phrase ajoutée pendant le test de bout en bout";
  fs.writeFileSync(article.file, `${original}\n\n${sentence}.\n`);
  await page.locator("main").getByText(sentence).waitFor();

  // 2. Broken front matter: the overlay names the file; the page keeps the
  // last good version under it.
  const broken = original.replace("---\n", "---\noups: : deux-points en trop\n") + `\n\n${sentence}.\n`;
  fs.writeFileSync(article.file, broken);
  const overlay = page.locator("#vitrine-erreur");
  await overlay.waitFor({ state: "visible" });
  assert.equal(await overlay.getAttribute("role"), "alert");
  const report = await overlay.innerText();
  assert.ok(report.includes(article.relative), report);
  assert.ok(await page.locator("main").getByText(sentence).isVisible());

  // 3. Fixed: the overlay goes away, the fixed text is shown.
  const fixed = "Texte corrigé après une erreur de syntaxe";
  fs.writeFileSync(article.file, `${original}\n\n${fixed}.\n`);
  await overlay.waitFor({ state: "detached" });
  await page.locator("main").getByText(fixed).waitFor();
});

test("a style sheet change restyles the page without reloading it", { timeout: 60_000 }, async () => {
  await page.evaluate(() => {
    window.vitrineMarqueur = "même page";
  });
  const css = path.join(site, "themes/hub/static/style.css");
  fs.appendFileSync(css, "\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(
    () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)",
    null,
    { timeout: WAIT },
  );
  assert.equal(await page.evaluate(() => window.vitrineMarqueur), "même page");
});

test("pages load nothing from other hosts", () => {
  assert.deepEqual(foreignRequests, []);
});
