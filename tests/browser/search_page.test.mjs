// Browser test of the newsindex search page, in Debian's headless Chromium.
//
// Loads the page served at NEWSINDEX_URL, searches, checks that results are grouped by story
// with language badges and that one story has versions in several languages, opens that
// story, checks the versions side by side (and stacked at phone width), opens the aligned
// paragraphs view from the keyboard (rows labelled in words, stacked at phone width), and keeps
// screenshots in NEWSINDEX_ARTIFACTS. Exits non-zero with a message on the first failure.
//
//   NEWSINDEX_URL=http://127.0.0.1:7878 node search_page.test.mjs
//
// Environment:
//   NEWSINDEX_URL          server base URL (default http://127.0.0.1:7878)
//   NEWSINDEX_ARTIFACTS    screenshot directory (default tests/browser/artifacts)
//   NEWSINDEX_QUERY        query to type (default "Tamarin")
//   NEWSINDEX_RESULT_LANGS languages that must all appear among the results (default vi,fr,en)
//   NEWSINDEX_STORY_LANGS  languages one story group must have together (default: any two)
//   NEWSINDEX_STORY_IDS    article ids that group must hold (default: none in particular)
//   CHROMIUM               browser executable (default /usr/bin/chromium)

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.NEWSINDEX_URL || "http://127.0.0.1:7878").replace(/\/+$/, "");
const ARTIFACTS = path.resolve(process.env.NEWSINDEX_ARTIFACTS || path.join(here, "artifacts"));
const QUERY = process.env.NEWSINDEX_QUERY || "Tamarin";
const list = (raw) => (raw || "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
const RESULT_LANGS = list(process.env.NEWSINDEX_RESULT_LANGS ?? "vi,fr,en");
const STORY_LANGS = list(process.env.NEWSINDEX_STORY_LANGS);
const STORY_IDS = (process.env.NEWSINDEX_STORY_IDS || "").split(",").map((s) => s.trim()).filter(Boolean);
const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 15000;

class CheckError extends Error {}

function expect(condition, message) {
  if (!condition) throw new CheckError(message);
}

/** Waits until the page has rendered the current URL, and checks how that went. */
async function settled(page, want = "ready") {
  await page.waitForFunction(() => document.body.dataset.rendered === location.hash && document.body.dataset.state !== "loading");
  const state = await page.evaluate(() => document.body.dataset.state);
  expect(state === want, `the page settled as "${state}", expected "${want}": ` + (await page.locator("#status").textContent()));
}

const steps = [];
let current = "start";
function step(name) {
  current = name;
  steps.push(name);
  console.log("• " + name);
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), "newsindex-chromium-"));
  const problems = [];
  // Set while the test provokes an API error on purpose.
  let expectingHttpError = false;
  let context;
  let page;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
    });
    page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);

    // Any script error, console error (CSP violations land here) or request that leaves the
    // server fails the test: the page must work offline and cleanly.
    page.on("pageerror", (err) => problems.push("page error: " + err.message));
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      if (expectingHttpError && msg.text().includes("Failed to load resource")) return;
      problems.push("console error: " + msg.text());
    });
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(BASE + "/") && !url.startsWith("data:")) {
        problems.push("request outside the server: " + url);
      }
    });
    page.on("response", (response) => {
      // The test itself provokes no API error; a 4xx/5xx here is a page bug.
      if (response.status() >= 400 && !expectingHttpError) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });

    step("load the page");
    const loaded = await page.goto(BASE + "/", { waitUntil: "load" });
    expect(loaded && loaded.ok(), `GET ${BASE}/ answered ${loaded && loaded.status()}`);
    expect((loaded.headers()["content-type"] || "").startsWith("text/html"), "the page is not served as text/html");
    const charset = await page.evaluate(() => document.characterSet);
    expect(charset === "UTF-8", `document charset is ${charset}, expected UTF-8`);
    await page.locator("#q").waitFor({ state: "visible" });
    await settled(page);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    expect(focused === "q", `the search box should have focus on an empty page, not #${focused}`);

    step(`type "${QUERY}" and press Enter`);
    await page.locator("#q").fill(QUERY);
    await page.keyboard.press("Enter");
    await page.waitForFunction((q) => new URLSearchParams(location.hash.slice(1)).get("q") === q, QUERY);
    await settled(page);
    const status = (await page.locator("#status").textContent()) || "";
    expect(/\d+ articles? in \d+ stor/.test(status), `status line should count articles and stories, got "${status}"`);

    step("results are grouped by story with language badges");
    const groups = await page.$$eval("#results > li.story", (items) =>
      items.map((item) => ({
        story: item.dataset.story,
        langs: item.dataset.langs.split(",").filter(Boolean),
        headBadges: [...item.querySelectorAll(".story-head .badge")].map((b) => b.textContent.trim()),
        hits: [...item.querySelectorAll(".hit")].map((hit) => ({
          id: hit.dataset.id,
          lang: hit.dataset.lang,
          badge: (hit.querySelector(".badge") || {}).textContent,
          titleLang: (hit.querySelector(".title") || {}).lang,
          title: (hit.querySelector(".title") || {}).textContent,
          snippetLang: (hit.querySelector(".snippet") || {}).lang,
          marks: [...hit.querySelectorAll(".snippet mark")].map((m) => m.textContent),
          snippetHtml: (hit.querySelector(".snippet") || {}).innerHTML || "",
        })),
      })),
    );
    expect(groups.length > 0, "no story group in the results");
    for (const group of groups) {
      expect(group.hits.length > 0, `story ${group.story} is shown without articles`);
      const expected = [...new Set(group.hits.map((h) => h.lang))].map((l) => (l === "other" ? "··" : l.toUpperCase()));
      expect(
        JSON.stringify(group.headBadges) === JSON.stringify(expected),
        `story ${group.story}: header badges ${group.headBadges} do not match its articles' languages ${expected}`,
      );
      for (const hit of group.hits) {
        expect(hit.badge && hit.badge.trim().toLowerCase() === hit.lang, `article ${hit.id}: badge "${hit.badge}" does not match language ${hit.lang}`);
        expect(hit.titleLang === hit.lang, `article ${hit.id}: title has lang="${hit.titleLang}", expected ${hit.lang}`);
        expect(!hit.snippetLang || hit.snippetLang === hit.lang, `article ${hit.id}: snippet has lang="${hit.snippetLang}"`);
        // Snippets may hold <mark> and text only: any other tag means unescaped input.
        const tags = (hit.snippetHtml.match(/<\/?([a-z0-9-]+)/gi) || []).map((t) => t.replace(/[</]/g, "").toLowerCase());
        expect(tags.every((t) => t === "mark"), `article ${hit.id}: snippet contains markup other than <mark>: ${tags}`);
      }
    }
    const resultLangs = new Set(groups.flatMap((g) => g.hits.map((h) => h.lang)));
    for (const lang of RESULT_LANGS) {
      expect(resultLangs.has(lang), `no ${lang.toUpperCase()} article among the results for "${QUERY}" (found ${[...resultLangs]})`);
    }
    const firstWord = QUERY.split(/\s+/)[0].toLowerCase();
    const marked = groups.flatMap((g) => g.hits.flatMap((h) => h.marks)).map((m) => m.toLowerCase());
    expect(marked.length > 0, "no highlighted match (<mark>) in any snippet");
    if (QUERY.split(/\s+/).length === 1) {
      expect(marked.some((m) => m.includes(firstWord)), `no snippet highlights "${firstWord}" (marks: ${marked.slice(0, 5)})`);
    }
    const multi = groups.find((g) =>
      new Set(g.hits.map((h) => h.lang)).size >= 2 &&
      STORY_LANGS.every((l) => g.hits.some((h) => h.lang === l)) &&
      STORY_IDS.every((id) => g.hits.some((h) => h.id === id)),
    );
    const want = (STORY_LANGS.length ? STORY_LANGS.map((l) => l.toUpperCase()).join(" and ") : "two or more languages") +
      (STORY_IDS.length ? ` holding ${STORY_IDS.join(" and ")}` : "");
    expect(
      multi,
      `no story groups versions in ${want} for "${QUERY}"; groups: ` +
        groups.map((g) => `${g.story}[${g.hits.map((h) => h.lang).join(",")}]`).join(" "),
    );
    console.log(`  story ${multi.story}: ${multi.hits.map((h) => `${h.lang.toUpperCase()} ${h.id}`).join(", ")}`);

    step("facets and the coverage chart");
    const facetTitles = await page.$$eval("#facets .facet h2", (hs) => hs.map((h) => h.textContent));
    for (const title of ["Language", "Outlet", "Month"]) {
      expect(facetTitles.includes(title), `facet "${title}" missing (have ${facetTitles})`);
    }
    const langFacet = await page.$$eval("#facets .facet:first-child .facet-item", (items) =>
      items.map((i) => [i.querySelector(".badge").dataset.lang, Number(i.querySelector(".facet-count").textContent)]),
    );
    const matchedTotal = Number((status.match(/(\d+) articles?/) || [])[1]);
    const facetTotal = langFacet.reduce((sum, [, n]) => sum + n, 0);
    expect(
      langFacet.length > 0 && langFacet.every(([, n]) => n > 0) && facetTotal === matchedTotal,
      `language facet counts ${JSON.stringify(langFacet)} do not add up to the ${matchedTotal} matching articles`,
    );
    await page.locator("#chart svg.coverage").waitFor({ state: "visible" });
    const barLangs = await page.$$eval("#chart svg.coverage rect.bar", (bars) => [...new Set(bars.map((b) => b.dataset.lang))]);
    // The chart counts the matching articles, as the language facet does.
    for (const [lang] of langFacet) {
      expect(barLangs.includes(lang), `the coverage chart has no ${lang.toUpperCase()} bar (has ${barLangs})`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "search-desktop.png"), fullPage: true });

    step("keyboard: Tab reaches the result links with a visible focus");
    await page.locator("#q").focus();
    let reached = null;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || !a.closest("#results")) return null;
        const style = getComputedStyle(a);
        return { text: a.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth };
      });
    }
    expect(reached, "40 presses of Tab from the search box never reached a result");
    expect(reached.outline !== "none" && reached.width !== "0px", `the focused result link has no visible outline (${JSON.stringify(reached)})`);

    step("language chip filters the results");
    await page.locator('.chip[data-lang="' + multi.hits[0].lang + '"]').click();
    const only = multi.hits[0].lang;
    await page.waitForFunction((l) => new URLSearchParams(location.hash.slice(1)).get("lang") === l, only);
    await settled(page);
    const filtered = await page.$$eval("#results .hit", (hits) => hits.map((h) => h.dataset.lang));
    expect(filtered.length > 0 && filtered.every((l) => l === only), `with the ${only.toUpperCase()} chip on, results are in ${filtered}`);
    const pressed = await page.getAttribute('.chip[data-lang="' + only + '"]', "aria-pressed");
    expect(pressed === "true", `the ${only.toUpperCase()} chip is not marked pressed (aria-pressed=${pressed})`);
    await page.locator('.chip[data-lang="' + only + '"]').click();
    await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(1)).get("lang"));
    await settled(page);

    step("the search survives a reload (state in the URL)");
    await page.reload({ waitUntil: "load" });
    await settled(page);
    const restored = await page.locator("#q").inputValue();
    expect(restored === QUERY, `after reload the search box holds "${restored}", expected "${QUERY}"`);

    step(`open story ${multi.story}`);
    const storyItem = page.locator(`#results > li.story[data-story="${multi.story}"]`);
    await storyItem.locator("a.open-story").click();
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).has("story"));
    await settled(page);
    expect(await page.locator("#story-view").isVisible(), "the story view is not shown");
    const versions = await page.$$eval("#versions article.version", (items) =>
      items.map((v) => ({
        id: v.dataset.id,
        lang: v.getAttribute("lang"),
        column: v.closest(".lang-column") && v.closest(".lang-column").dataset.lang,
        badge: (v.querySelector(".badge") || {}).textContent,
        title: (v.querySelector("h2") || {}).textContent,
        paragraphs: v.querySelectorAll(".body p").length,
      })),
    );
    for (const hit of multi.hits) {
      expect(versions.some((v) => v.id === hit.id), `article ${hit.id} of the story is missing from the story view`);
    }
    for (const v of versions) {
      expect(v.paragraphs > 0, `version ${v.id} shows no text`);
      expect(v.column === v.lang, `version ${v.id} (lang="${v.lang}") sits in the ${v.column} column`);
      expect(v.badge && v.badge.toLowerCase() === v.lang, `version ${v.id}: badge "${v.badge}" but lang="${v.lang}"`);
    }
    const columns = await page.$$eval("#versions > .lang-column", (cols) =>
      cols.map((c) => ({ lang: c.dataset.lang, x: Math.round(c.getBoundingClientRect().x), y: Math.round(c.getBoundingClientRect().y) })),
    );
    const columnLangs = columns.map((c) => c.lang);
    expect(columns.length >= 2 && new Set(columnLangs).size === columns.length, `expected one column per language, got ${columnLangs}`);
    const storyLangs = [...new Set(multi.hits.map((h) => h.lang))];
    expect(storyLangs.every((l) => columnLangs.includes(l)), `columns ${columnLangs} do not cover the story's languages ${storyLangs}`);
    const shown = columns.slice(0, 3);
    expect(
      new Set(shown.map((c) => c.y)).size === 1 && new Set(shown.map((c) => c.x)).size === shown.length,
      `language columns are not side by side at 1280 px: ${JSON.stringify(columns)}`,
    );
    console.log(`  columns: ${columnLangs.map((l) => l.toUpperCase()).join(" | ")}`);
    const heading = await page.evaluate(() => document.activeElement && document.activeElement.id);
    expect(heading === "story-title", `focus should move to the story title, not #${heading}`);
    await page.screenshot({ path: path.join(ARTIFACTS, "story-desktop.png"), fullPage: true });
    const storyUrl = page.url();

    step("the aligned view, opened from the keyboard");
    const alignedLink = page.locator('#view-switch a[data-view="aligned"]');
    await alignedLink.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("view") === "aligned");
    await settled(page);
    expect(await page.locator("#aligned").isVisible(), "the aligned view is not shown");
    expect(!(await page.locator("#versions").isVisible()), "the side-by-side versions stay visible in the aligned view");
    const table = await page.$eval("#aligned table", (t) => ({
      columns: t.querySelectorAll("thead th").length,
      rows: [...t.querySelectorAll("tbody tr")].map((r) => ({
        status: r.dataset.status,
        differs: r.dataset.differs === "true",
        label: (r.querySelector(".row-label") || {}).textContent || "",
        tabindex: r.getAttribute("tabindex"),
        cells: r.querySelectorAll("td").length,
        x: [...r.querySelectorAll("td")].map((td) => Math.round(td.getBoundingClientRect().x)),
      })),
    }));
    // Translations and copies are aligned; independent reports of the same event are not.
    const compared = table.columns - 1;
    expect(compared >= 2 && compared <= versions.length, `the aligned table has ${compared} versions; the story has ${versions.length}`);
    expect(table.rows.length > 0, "the aligned table has no rows");
    expect(table.rows.some((r) => r.status === "all"), "no row is in every version");
    for (const r of table.rows) {
      expect(r.cells === compared, `an aligned row has ${r.cells} cells for ${compared} versions`);
      expect(r.label.length > 0, "an aligned row has no text label");
      const notable = r.status !== "all" || r.differs;
      expect(notable === (r.tabindex === "0"), `row "${r.label}": reachable with Tab ${r.tabindex === "0"}, notable ${notable}`);
      expect(r.status === "all" ? r.label === "In every version" : /^(Missing in|Only in) /.test(r.label), `row label "${r.label}" does not say its status ${r.status}`);
    }
    expect(new Set(table.rows[0].x).size === compared, `aligned cells are not side by side at 1280 px: ${table.rows[0].x}`);
    const notableRows = table.rows.filter((r) => r.tabindex === "0").length;
    if (notableRows) {
      let reached = false;
      for (let i = 0; i < 8 && !reached; i += 1) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement && document.activeElement.matches("#aligned tr.arow"));
      }
      expect(reached, "Tab does not reach the first row with a difference");
    }
    console.log(`  aligned: ${table.rows.length} rows, ${notableRows} with a difference`);
    await page.screenshot({ path: path.join(ARTIFACTS, "aligned-desktop.png"), fullPage: true });
    const alignedUrl = page.url();
    await page.locator('#view-switch a[data-view="versions"]').click();
    await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(1)).has("view"));
    await settled(page);
    expect(await page.locator("#versions").isVisible(), "the side-by-side view does not come back");

    step("Escape goes back to the results");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(1)).has("story"));
    await settled(page);
    expect(await page.locator("#search-view").isVisible(), "Escape did not bring the results back");

    step("phone width: one column, nothing wider than the screen");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(storyUrl, { waitUntil: "load" });
    await settled(page);
    const stacked = await page.$$eval("#versions > .lang-column", (items) =>
      items.map((v) => ({ x: Math.round(v.getBoundingClientRect().x), y: Math.round(v.getBoundingClientRect().y) })),
    );
    expect(
      stacked.length >= 2 && new Set(stacked.map((s) => s.x)).size === 1 && stacked.every((s, i) => i === 0 || s.y > stacked[i - 1].y),
      `language columns are not stacked at 390 px: ${JSON.stringify(stacked)}`,
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the story page is ${overflow} px wider than a 390 px screen`);
    await page.screenshot({ path: path.join(ARTIFACTS, "story-phone.png") });
    await page.screenshot({ path: path.join(ARTIFACTS, "story-phone-full.png"), fullPage: true });
    step("phone width: aligned rows stack, each cell under its version's label");
    await page.goto(alignedUrl, { waitUntil: "load" });
    await settled(page);
    const phoneCells = await page.$$eval("#aligned tbody tr:first-child td", (tds) =>
      tds.map((td) => ({ x: Math.round(td.getBoundingClientRect().x), y: Math.round(td.getBoundingClientRect().y), label: getComputedStyle(td, "::before").content })),
    );
    expect(
      phoneCells.length >= 2 && new Set(phoneCells.map((c) => c.x)).size === 1 && phoneCells.every((c, i) => i === 0 || c.y > phoneCells[i - 1].y),
      `aligned cells are not stacked at 390 px: ${JSON.stringify(phoneCells)}`,
    );
    expect(phoneCells.every((c) => c.label && c.label !== "none"), "stacked cells do not show their version's label");
    const alignedOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(alignedOverflow <= 0, `the aligned view is ${alignedOverflow} px wider than a 390 px screen`);
    await page.screenshot({ path: path.join(ARTIFACTS, "aligned-phone.png"), fullPage: true });
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(1)).has("story"));
    await settled(page);
    const searchOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(searchOverflow <= 0, `the results page is ${searchOverflow} px wider than a 390 px screen`);
    await page.screenshot({ path: path.join(ARTIFACTS, "search-phone.png"), fullPage: true });

    step("a query error is shown, not thrown");
    expectingHttpError = true;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator("#q").fill('"unclosed');
    await page.keyboard.press("Enter");
    await settled(page, "error");
    const error = (await page.locator("#status").textContent()) || "";
    expect(/quote/i.test(error), `the error for an unclosed quote should say so, got "${error}"`);

    expect(problems.length === 0, "problems while the page ran:\n  " + problems.join("\n  "));
    console.log(`ok: ${steps.length} steps passed; screenshots in ${ARTIFACTS}`);
  } catch (err) {
    if (page) {
      await page.screenshot({ path: path.join(ARTIFACTS, "failure.png"), fullPage: true }).catch(() => {});
    }
    const detail = err instanceof CheckError ? err.message : err.stack || String(err);
    console.error(`FAIL at step "${current}": ${detail}`);
    if (problems.length) console.error("also seen:\n  " + problems.join("\n  "));
    console.error(`(screenshot: ${path.join(ARTIFACTS, "failure.png")})`);
    process.exitCode = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
