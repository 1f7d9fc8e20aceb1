// The search of the built example site in a real browser (Debian's
// Chromium, driven by playwright-core). The site is built twice with
// `vitrine build`, at the root and under the sub-path /hub/, and served by
// a plain static file server written here (not `vitrine serve`): /hub/…
// from the second build, everything else from the first. The reader types
// real queries: a plural form, a word without its accents, a partner's
// name; `?q=` opens with results; the header's field leads to them; axe
// finds no violation with results shown; without the script, the page
// says search needs it. A third build, under /beaucoup/, adds generated
// articles whose postings of one word are known, to check the client reads
// the compact postings (counts, weights, order) as the build wrote them.
//
// Run: `node --test search.test.mjs` in tests/browser/ after `cargo build`
// (or through `cargo test --test browser`). VITRINE_BIN overrides the binary.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.VITRINE_BIN || path.join(repo, "target/debug/vitrine");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WAIT = 15_000;
const SUB = "/hub/";
const MANY = "/beaucoup/";

const ARTICLE_CONVENTION =
  "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/// 200 generated articles, one a day from 2015 (older than the example's):
/// some say « xylophone » a known number of times, in their title too for
/// some. Gaps between them vary from one article to a hundred, so that the
/// postings take one, two and three characters.
const GENERATED = Array.from({ length: 200 }, (_, n) => {
  const date = new Date(Date.UTC(2015, 0, 1 + n)).toISOString().slice(0, 10);
  const has = n < 25 || [30, 60, 100, 160, 199].includes(n);
  const count = has ? (n % 12) + 1 : 0;
  const titled = has && n % 5 === 0;
  const title = titled ? `Xylophone essai ${n}` : `Essai ${n}`;
  const body = `Texte de l’essai ${n}.` + " Un xylophone.".repeat(count);
  return { n, date, count, titled, title, source: `---\ntitre: "${title}"\ndate: ${date}\n---\n\n${body}\n` };
});

let work;
let profile;
let server;
let origin;
let context;
const outputs = {};

/// A static file server: /hub/… from the sub-path build, /beaucoup/… from
/// the generated site's, the rest from the root build; a folder gives its
/// index.html.
function serve(request, response) {
  const { pathname } = new URL(request.url, "http://127.0.0.1");
  const [dir, rest] = pathname.startsWith(SUB)
    ? [outputs.sub, pathname.slice(SUB.length)]
    : pathname.startsWith(MANY)
      ? [outputs.many, pathname.slice(MANY.length)]
      : [outputs.root, pathname.slice(1)];
  let file = path.resolve(dir, decodeURIComponent(rest));
  if (!file.startsWith(dir)) file = null;
  else if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, "index.html");
  if (!file || !fs.existsSync(file)) {
    response.writeHead(404, { "Content-Type": TYPES[".html"] });
    return response.end(fs.readFileSync(path.join(dir, "404.html")));
  }
  const type = TYPES[path.extname(file)] ?? "application/octet-stream";
  response.writeHead(200, { "Content-Type": type, "X-Content-Type-Options": "nosniff" });
  response.end(fs.readFileSync(file));
}

function build(args) {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vitrine build failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-search-site-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-search-profile-"));
  const root = path.join(work, "site");
  for (const dir of ["content", "themes"]) {
    fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  }
  server = http.createServer(serve);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  outputs.root = path.join(work, "public");
  outputs.sub = path.join(work, "public-hub");
  await build(["build", "--root", root, "--output", outputs.root, "--base-url", origin + "/"]);
  await build(["build", "--root", root, "--output", outputs.sub, "--base-url", origin + SUB]);
  const many = path.join(work, "beaucoup");
  fs.cpSync(root, many, { recursive: true });
  for (const article of GENERATED) {
    fs.writeFileSync(path.join(many, "content/actualites", `essai-${article.n}.md`), article.source);
  }
  outputs.many = path.join(work, "public-beaucoup");
  await build(["build", "--root", many, "--output", outputs.many, "--base-url", origin + MANY]);
  context = await launchChromium(profile);
  context.setDefaultTimeout(WAIT);
  context.setDefaultNavigationTimeout(WAIT);
});

after(async () => {
  await context?.close().catch(() => {});
  server?.closeAllConnections?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  for (const dir of [work, profile]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/// A page that records every request leaving this server, and failures.
async function open(url) {
  const page = await context.newPage();
  page.foreign = [];
  page.failed = [];
  page.on("request", (r) => {
    if (new URL(r.url()).origin !== origin) page.foreign.push(r.url());
  });
  page.on("response", (r) => {
    if (r.status() >= 400) page.failed.push(`${r.url()}: ${r.status()}`);
  });
  page.on("pageerror", (e) => page.failed.push(`script error: ${e.message}`));
  await page.goto(url, { waitUntil: "load" });
  return page;
}

/// Types `query` key by key, as a reader does, and waits for the count.
async function type(page, query) {
  await page.fill("#recherche-champ", "");
  await page.locator("#recherche-champ").pressSequentially(query, { delay: 20 });
  return announced(page, query);
}

/// Waits for the announced count of `query`; returns it and the results.
async function announced(page, query) {
  const status = page.locator("#recherche-etat");
  await page.waitForFunction(
    (q) => document.getElementById("recherche-etat").textContent.includes(`« ${q} »`),
    query,
  );
  const text = await status.textContent();
  const results = await page.$$eval("#recherche-resultats .resultat", (items) =>
    items.map((li) => ({
      href: li.querySelector("a").getAttribute("href"),
      title: li.querySelector("a").textContent,
      meta: li.querySelector(".resultat__meta").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
  return { text, results };
}

function paths(results, prefix = "/") {
  return results.map((r) => {
    assert.ok(r.href.startsWith(prefix), `${r.href} under ${prefix}`);
    return "/" + r.href.slice(prefix.length);
  });
}

test("a plural form finds the singular", async () => {
  const page = await open(origin + "/recherche/");
  const { text, results } = await type(page, "laboratoires");
  assert.match(text, /^\d+ résultats pour « laboratoires »\.$/);
  const found = paths(results);
  // This article only says « Laboratoire », in the singular.
  assert.ok(found.includes(ARTICLE_CONVENTION), found.join("\n"));
  assert.ok(found.includes("/actualites/lissi-et-icmpe-deux-laboratoires-de-lupec-au-service-des-thematiques-du-territoire/")
    || found.some((p) => p.includes("laboratoires")), found.join("\n"));
  const marks = results.flatMap((r) => r.marks.map((m) => m.toLowerCase()));
  assert.ok(marks.includes("laboratoire"), `highlighted: ${marks}`);
  const convention = results.find((r) => r.href === ARTICLE_CONVENTION);
  assert.match(convention.meta, /\d{4}/, "the article shows its date");
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.failed, []);
  await page.close();
});

test("a word typed without its accents finds it with them", async () => {
  const page = await open(origin + "/recherche/");
  const { results } = await type(page, "creteil");
  const found = paths(results);
  // « À propos » writes « Créteil » with its accent only.
  assert.ok(found.includes("/a-propos/"), found.join("\n"));
  assert.ok(results.some((r) => r.marks.includes("Créteil")), JSON.stringify(results));
  await page.close();
});

test("a partner's name finds its page and the articles citing it; filters narrow", async () => {
  const page = await open(origin + "/recherche/");
  const { results } = await type(page, "Georges Melies");
  const found = paths(results);
  assert.ok(found.includes("/partenaires/ecole-georges-melies/"), found.join("\n"));
  assert.ok(found.includes(ARTICLE_CONVENTION), found.join("\n"));
  const partner = results.find((r) => r.href === "/partenaires/ecole-georges-melies/");
  assert.match(partner.meta, /Partenaire/);

  // Filtering by rubric keeps articles of that rubric only.
  const rubric = await page.$eval("#filtre-rubrique option:nth-child(2)", (o) => o.value);
  await page.selectOption("#filtre-rubrique", rubric);
  await page.waitForFunction(() => new URL(location.href).searchParams.has("rubrique"));
  const filtered = await announced(page, "Georges Melies");
  assert.ok(filtered.results.length < results.length, `${filtered.results.length} < ${results.length}`);
  for (const r of filtered.results) assert.match(r.meta, new RegExp(rubric));
  await page.close();
});

test("?q= opens with results, the count is announced and results are reachable by keyboard", async () => {
  const page = await open(origin + "/recherche/?q=innovation");
  const { text, results } = await announced(page, "innovation");
  assert.ok(results.length > 1, text);
  assert.equal(await page.inputValue("#recherche-champ"), "innovation");
  const live = await page.$eval("#recherche-etat", (e) => [e.getAttribute("role"), e.getAttribute("aria-live")]);
  assert.deepEqual(live, ["status", "polite"]);
  await page.focus("#recherche-champ");
  let reached = null;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement.closest(".resultat") && document.activeElement.getAttribute("href"));
  }
  assert.equal(reached, results[0].href, "Tab from the field reaches the first result");
  await page.keyboard.press("Enter");
  await page.waitForURL(origin + results[0].href);
  await page.close();
});

test("the header's field leads to the results", async () => {
  const page = await open(origin + "/");
  const landmark = page.getByRole("search", { name: "Rechercher sur le site" });
  await landmark.getByLabel("Rechercher sur le site").fill("créteil");
  await landmark.getByLabel("Rechercher sur le site").press("Enter");
  await page.waitForURL(/\/recherche\/\?q=cr%C3%A9teil$/);
  const { results } = await announced(page, "créteil");
  assert.ok(paths(results).includes("/a-propos/"));
  await page.close();
});

test("under a sub-path, everything stays below it", async () => {
  const page = await open(origin + SUB + "recherche/?q=laboratoires");
  const { results } = await announced(page, "laboratoires");
  const found = paths(results, SUB);
  assert.ok(found.includes(ARTICLE_CONVENTION), found.join("\n"));
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.failed, []);
  const response = await page.goto(origin + results[0].href);
  assert.equal(response.status(), 200, results[0].href);
  await page.close();
});

test("axe finds no violation on the search page with results", async () => {
  const page = await open(origin + "/recherche/?q=innovation");
  await announced(page, "innovation");
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
  assert.deepEqual(violations, []);
  await page.close();
});

test("without its script, the page says search needs JavaScript", async () => {
  const page = await context.newPage();
  await page.route("**/recherche.js", (route) => route.abort());
  await page.goto(origin + "/recherche/?q=innovation", { waitUntil: "load" });
  const message = page.locator("#recherche-sans-js");
  assert.ok(await message.isVisible());
  assert.match(await message.textContent(), /JavaScript/);
  assert.equal(
    await message.locator("a").getAttribute("href"),
    "/plan-du-site/",
    "the message points to the site map",
  );
  await page.close();
});

test("a word on many pages: every one found, ordered by weight then date", async () => {
  // As src/search/mod.rs weighs a page: its count in the text (the title
  // is in the text too), at most 9, and 10 more when in the title.
  const expected = GENERATED.filter((a) => a.count > 0)
    .map((a) => ({ ...a, weight: Math.min(a.count + (a.titled ? 1 : 0), 9) + (a.titled ? 10 : 0) }))
    .sort((a, b) => b.weight - a.weight || b.n - a.n)
    .map((a) => a.title);
  assert.equal(expected.length, 30);
  const page = await open(origin + MANY + "recherche/?q=xylophone");
  const first = await announced(page, "xylophone");
  assert.equal(first.text, "30 résultats pour « xylophone ».");
  assert.deepEqual(first.results.map((r) => r.title), expected.slice(0, 20));
  await page.click("#recherche-plus");
  await page.waitForFunction(() => document.querySelectorAll("#recherche-resultats .resultat").length === 30);
  const all = await page.$$eval("#recherche-resultats .resultat", (items) =>
    items.map((li) => [li.querySelector("a").textContent, li.querySelector(".resultat__meta").textContent]));
  assert.deepEqual(all.map(([title]) => title), expected);
  // The client writes the dates as the site does (src/french.rs).
  const dates = {
    0: "1er janvier 2015", 24: "25 janvier 2015", 30: "31 janvier 2015", 60: "2 mars 2015",
    100: "11 avril 2015", 160: "10 juin 2015", 199: "19 juillet 2015",
  };
  for (const [n, date] of Object.entries(dates)) {
    const shown = all.find(([title]) => title.endsWith(` ${n}`));
    assert.equal(shown?.[1], `Actualité · ${date}`, `article ${n}`);
  }
  assert.deepEqual(page.failed, []);
  await page.close();
});
