// newsindex search page: plain JavaScript, no build step, no network access beyond this
// server. The state (query, filters, page, open story) lives in the location hash so that a
// search can be shared, bookmarked and reloaded.
"use strict";

(function () {
  const LANGS = ["vi", "fr", "en"];
  const LANG_NAMES = { vi: "Tiếng Việt", fr: "Français", en: "English", other: "Other" };
  const PAGE_SIZE = 10;

  const $ = (id) => document.getElementById(id);

  // ---- small DOM helpers -------------------------------------------------------------

  /** Creates an element with attributes and children; strings become text nodes (escaped). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function langCode(lang) {
    return LANGS.includes(lang) ? lang : "other";
  }

  /** A VI / FR / EN badge. */
  function badge(lang) {
    const code = langCode(lang);
    return el("span", {
      class: "badge lang-" + code,
      title: LANG_NAMES[code],
      "data-lang": code,
    }, code === "other" ? "··" : code.toUpperCase());
  }

  /**
   * A snippet as DOM nodes: its text, with the matches the server reports (half-open ranges
   * of Unicode code point offsets) in <mark>. Text nodes only: nothing in an article can
   * become markup or script.
   */
  function snippetNodes(text, highlights) {
    const chars = Array.from(text);
    const out = [];
    let cursor = 0;
    for (const [from, to] of highlights || []) {
      if (from < cursor || to <= from || to > chars.length) continue;
      if (from > cursor) out.push(document.createTextNode(chars.slice(cursor, from).join("")));
      out.push(el("mark", {}, chars.slice(from, to).join("")));
      cursor = to;
    }
    if (cursor < chars.length) out.push(document.createTextNode(chars.slice(cursor).join("")));
    return out;
  }

  // ---- state in the hash -------------------------------------------------------------

  function readState() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const langs = (params.get("lang") || "").split(",").filter((l) => LANGS.includes(l));
    const page = Math.max(0, parseInt(params.get("page") || "0", 10) || 0);
    return {
      q: params.get("q") || "",
      langs,
      since: params.get("since") || "",
      until: params.get("until") || "",
      source: params.get("source") || "",
      sort: params.get("sort") === "date" ? "date" : "relevance",
      page,
      story: params.get("story"),
      article: params.get("article"),
      view: params.get("view") === "aligned" ? "aligned" : "",
    };
  }

  function hashOf(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.langs && state.langs.length) params.set("lang", state.langs.join(","));
    if (state.since) params.set("since", state.since);
    if (state.until) params.set("until", state.until);
    if (state.source) params.set("source", state.source);
    if (state.sort && state.sort !== "relevance") params.set("sort", state.sort);
    if (state.page) params.set("page", String(state.page));
    if (state.story !== null && state.story !== undefined) params.set("story", state.story);
    if (state.article) params.set("article", state.article);
    if (state.view && (state.story || state.article)) params.set("view", state.view);
    return "#" + params.toString();
  }

  function go(changes) {
    const next = Object.assign(readState(), { story: null, article: null, view: "" }, changes);
    const hash = hashOf(next);
    if (hash === location.hash || (hash === "#" && !location.hash)) render();
    else location.hash = hash;
  }

  /** The search parameters of the API for a state. */
  function apiParams(state) {
    const params = new URLSearchParams();
    params.set("q", state.q);
    if (state.langs.length) params.set("lang", state.langs.join(","));
    if (state.since) params.set("since", state.since);
    if (state.until) params.set("until", state.until);
    if (state.source) params.set("source", state.source);
    return params;
  }

  // ---- API -----------------------------------------------------------------------------

  class ApiError extends Error {}

  let inflight = null;
  async function api(path, signal) {
    let response;
    try {
      response = await fetch(path, { signal, headers: { Accept: "application/json" } });
    } catch (err) {
      if (err.name === "AbortError") throw err;
      throw new ApiError("The server cannot be reached. Is newsindex serve still running?");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      let message = (body && body.error) || "The server answered " + response.status + ".";
      if (body && body.column) message += " (at character " + body.column + ")";
      throw new ApiError(message);
    }
    return body;
  }

  // ---- the search form ---------------------------------------------------------------

  function syncForm(state) {
    if (document.activeElement !== $("q")) $("q").value = state.q;
    $("since").value = state.since;
    $("until").value = state.until;
    $("sort").value = state.sort;
    for (const chip of document.querySelectorAll(".chip[data-lang]")) {
      chip.setAttribute("aria-pressed", String(state.langs.includes(chip.dataset.lang)));
    }
    const source = $("source-filter");
    source.replaceChildren();
    source.hidden = !state.source;
    if (state.source) {
      source.append(
        "Outlet: ",
        el("strong", {}, state.source),
        " ",
        el("button", {
          type: "button",
          class: "link-button",
          "aria-label": "Remove the outlet filter " + state.source,
          onclick: () => go({ source: "", page: 0 }),
        }, "✕ remove"),
      );
    }
  }

  function formState() {
    const langs = [...document.querySelectorAll(".chip[aria-pressed=true]")].map((c) => c.dataset.lang);
    return {
      q: $("q").value.trim(),
      langs,
      since: $("since").value,
      until: $("until").value,
      sort: $("sort").value,
      source: readState().source,
      page: 0,
    };
  }

  function setStatus(text, kind) {
    const status = $("status");
    status.textContent = text;
    status.className = "status" + (kind ? " " + kind : "");
  }

  // ---- results -----------------------------------------------------------------------

  function storyHash(state, story, id) {
    const next = Object.assign({}, state, { story: story || null, article: null });
    if (!story) next.article = id;
    else if (id) next.article = id;
    return hashOf(next);
  }

  function renderHit(state, hit) {
    const lang = langCode(hit.lang);
    const meta = [];
    // A page that states only its month carries `month` (YYYY-MM), a valid <time> value too.
    const published = hit.date || hit.month;
    if (published) meta.push(el("time", { datetime: published }, published));
    if (hit.source) meta.push(el("span", { class: "outlet" }, hit.source));
    if (!hit.matched) meta.push(el("span", { class: "via", title: "Shown because it is a version of this story" }, "other version"));
    const copies = hit.copies || [];
    if (copies.length) {
      const label = copies.length === 1 ? "1 copy" : copies.length + " copies";
      meta.push(el("span", { class: "copies", title: "The same text at other addresses: " + copies.join(", ") }, "+ " + label));
    }
    const joined = [];
    meta.forEach((m, i) => {
      if (i) joined.push(" · ");
      joined.push(m);
    });
    return el("li", { class: "hit", "data-lang": lang, "data-id": hit.id },
      el("div", { class: "hit-head" },
        badge(lang),
        el("a", { class: "title", href: storyHash(state, hit.story, hit.id), lang }, hit.title || hit.id),
      ),
      el("p", { class: "meta" }, joined),
      hit.snippet ? el("p", { class: "snippet", lang }, snippetNodes(hit.snippet, hit.highlights)) : null,
    );
  }

  function renderResults(state, response) {
    const list = $("results");
    list.replaceChildren();
    const byId = new Map(response.hits.map((h) => [h.id, h]));
    response.stories.forEach((group, index) => {
      const hits = group.ids.map((id) => byId.get(id)).filter(Boolean);
      if (!hits.length) return;
      const langs = [...new Set(hits.map((h) => langCode(h.lang)))];
      const lead = hits[0];
      const many = hits.length > 1;
      const head = el("div", { class: "story-head" },
        el("span", { class: "rank" }, String(response.offset + index + 1)),
        el("span", { class: "badges", "aria-label": "Languages: " + langs.map((l) => LANG_NAMES[l]).join(", ") },
          langs.map(badge)),
        el("span", { class: "count" }, many ? hits.length + " versions" : "1 article"),
        el("a", {
          class: "open-story button",
          href: storyHash(state, group.story, lead.id),
          "aria-label": (many ? "Compare the " + hits.length + " versions of: " : "Read: ") + (lead.title || lead.id),
        }, many ? "Compare versions" : "Read"),
      );
      list.append(el("li", {
        class: "story" + (many ? " multi" : ""),
        "data-story": group.story,
        "data-langs": langs.join(","),
      }, head, el("ul", { class: "hits" }, hits.map((h) => renderHit(state, h)))));
    });
  }

  function renderPager(state, response) {
    const pager = $("pager");
    pager.replaceChildren();
    const pages = Math.ceil(response.total_stories / PAGE_SIZE);
    if (pages <= 1) return;
    const link = (page, label, rel) =>
      el("a", { class: "button", href: hashOf(Object.assign({}, state, { page, story: null, article: null })), rel }, label);
    if (state.page > 0) pager.append(link(state.page - 1, "← Previous", "prev"));
    pager.append(el("span", { class: "page" }, "Page " + (state.page + 1) + " of " + pages));
    if (state.page + 1 < pages) pager.append(link(state.page + 1, "Next →", "next"));
  }

  function facetList(title, entries, current, onPick, describe) {
    if (!entries.length) return null;
    return el("section", { class: "facet" },
      el("h2", {}, title),
      el("ul", {}, entries.map(([key, count]) =>
        el("li", {},
          el("button", {
            type: "button",
            class: "facet-item",
            "aria-pressed": String(current(key)),
            onclick: () => onPick(key),
          },
          describe ? describe(key) : el("span", { class: "facet-key" }, key),
          el("span", { class: "facet-count" }, String(count))),
        ))));
  }

  function monthRange(key) {
    const [y, m] = key.split("-").map((n) => parseInt(n, 10));
    if (!y || !m) return null;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { since: key + "-01", until: key + "-" + String(last).padStart(2, "0") };
  }

  function renderFacets(state, facets) {
    const aside = $("facets");
    aside.replaceChildren();
    const langEntries = Object.entries(facets.lang || {}).sort((a, b) => b[1] - a[1]);
    const sourceEntries = Object.entries(facets.source || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12);
    const monthEntries = Object.entries(facets.month || {}).sort((a, b) => b[0].localeCompare(a[0])).slice(0, 18);
    const sections = [
      facetList("Language", langEntries,
        (key) => state.langs.includes(key),
        (key) => {
          const langs = state.langs.includes(key) ? state.langs.filter((l) => l !== key) : [...state.langs, key];
          go(Object.assign({}, state, { langs: langs.filter((l) => LANGS.includes(l)), page: 0 }));
        },
        (key) => el("span", { class: "facet-key" }, badge(key), " ", el("span", { lang: key }, LANG_NAMES[langCode(key)]))),
      facetList("Outlet", sourceEntries,
        (key) => state.source === key,
        (key) => go(Object.assign({}, state, { source: state.source === key ? "" : key, page: 0 }))),
      facetList("Month", monthEntries,
        (key) => { const r = monthRange(key); return !!r && state.since === r.since && state.until === r.until; },
        (key) => {
          const r = monthRange(key);
          if (!r) return;
          const same = state.since === r.since && state.until === r.until;
          go(Object.assign({}, state, same ? { since: "", until: "" } : r, { page: 0 }));
        }),
    ].filter(Boolean);
    aside.append(...sections);
    aside.hidden = sections.length === 0;
  }

  // ---- coverage chart ----------------------------------------------------------------

  /** Month keys from first to last with the gaps filled, so time is read at an even pace. */
  function filledMonths(keys) {
    const months = keys.filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
    if (months.length < 2) return months;
    const [y0, m0] = months[0].split("-").map(Number);
    const [y1, m1] = months[months.length - 1].split("-").map(Number);
    const span = (y1 - y0) * 12 + (m1 - m0);
    if (span > 240) return months;
    const out = [];
    for (let i = 0; i <= span; i++) {
      const y = y0 + Math.floor((m0 - 1 + i) / 12);
      const m = ((m0 - 1 + i) % 12) + 1;
      out.push(y + "-" + String(m).padStart(2, "0"));
    }
    return out;
  }

  let lastHistogram = null;
  function renderChart(histogram) {
    lastHistogram = histogram;
    const figure = $("chart");
    const body = $("chart-body");
    body.replaceChildren();
    $("chart-legend").replaceChildren();
    const counts = new Map();
    let undated = 0;
    for (const bucket of histogram.buckets) {
      if (bucket.key === "(undated)") undated += bucket.total;
      else counts.set(bucket.key, bucket.langs);
    }
    const keys = histogram.interval === "month" ? filledMonths([...counts.keys()]) : [...counts.keys()].sort();
    if (!keys.length) {
      figure.hidden = true;
      return;
    }
    figure.hidden = false;
    const present = LANGS.filter((l) => keys.some((k) => (counts.get(k) || {})[l]));
    const langs = present.length ? present : LANGS;
    const max = Math.max(1, ...keys.flatMap((k) => langs.map((l) => (counts.get(k) || {})[l] || 0)));
    // Drawn at the size it is shown, so that labels keep a readable size on a phone.
    const width = Math.round(Math.max(300, Math.min(960, body.clientWidth || 640)));
    const height = width < 500 ? 160 : 190, left = 30, right = 8, top = 10, bottom = 34;
    const plotW = width - left - right, plotH = height - top - bottom;
    const slot = plotW / keys.length;
    const barW = Math.max(1, Math.min(18, (slot * 0.8) / langs.length));
    const y = (v) => top + plotH - (v / max) * plotH;
    const parts = [];
    // Grid lines at round values.
    const step = Math.max(1, Math.ceil(max / 4));
    for (let v = 0; v <= max; v += step) {
      parts.push(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "grid" }));
      parts.push(svg("text", { x: left - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }, String(v)));
    }
    const labelEvery = Math.max(1, Math.ceil(keys.length / Math.max(2, Math.floor(plotW / 70))));
    keys.forEach((key, i) => {
      const x0 = left + i * slot + (slot - barW * langs.length) / 2;
      const row = counts.get(key) || {};
      langs.forEach((lang, j) => {
        const v = row[lang] || 0;
        if (!v) return;
        parts.push(svg("rect", {
          x: x0 + j * barW, y: y(v), width: Math.max(1, barW - 1), height: top + plotH - y(v),
          class: "bar lang-" + lang, "data-key": key, "data-lang": lang,
        }, svg("title", {}, key + " · " + LANG_NAMES[lang] + ": " + v)));
      });
      if (i % labelEvery === 0) {
        parts.push(svg("text", { x: left + i * slot + slot / 2, y: height - bottom + 16, class: "tick", "text-anchor": "middle" }, key));
      }
    });
    const summary = langs.map((l) => LANG_NAMES[l] + " " + keys.reduce((s, k) => s + ((counts.get(k) || {})[l] || 0), 0)).join(", ");
    const chart = svg("svg", {
      viewBox: "0 0 " + width + " " + height, role: "img", class: "coverage",
      "aria-label": "Articles per " + histogram.interval + " and language: " + summary,
      preserveAspectRatio: "xMidYMid meet",
    }, parts);
    body.append(chart);
    $("chart-legend").append(...langs.map((l) => el("span", { class: "legend-item" }, el("span", { class: "swatch lang-" + l }), LANG_NAMES[l])));
    if (undated) $("chart-legend").append(el("span", { class: "legend-item muted" }, undated + " undated"));
  }

  // ---- views ---------------------------------------------------------------------------

  async function renderSearch(state, signal) {
    $("search-view").hidden = false;
    $("story-view").hidden = true;
    document.title = (state.q ? state.q + " · " : "") + "newsindex";
    const params = apiParams(state);
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String(state.page * PAGE_SIZE));
    params.set("sort", state.sort);
    setStatus("Searching…", "busy");
    try {
      const [response, histogram] = await Promise.all([
        api("/api/search?" + params, signal),
        api("/api/histogram?" + apiParams(state) + "&by=month", signal),
      ]);
      const stories = response.total_stories;
      const what = state.q ? "for “" + state.q + "”" : "in the index";
      setStatus(response.total === 0
        ? "No article " + what + ". Try fewer words, or remove a filter."
        : response.total + " article" + (response.total === 1 ? "" : "s") + " in " + stories + " stor" + (stories === 1 ? "y " : "ies ") + what + ".");
      for (const warning of response.warnings || []) $("status").append(el("span", { class: "warning" }, " " + warning));
      renderResults(state, response);
      renderPager(state, response);
      renderFacets(state, response.facets);
      renderChart(histogram);
      return "ready";
    } catch (err) {
      if (err.name === "AbortError") return "aborted";
      $("results").replaceChildren();
      $("pager").replaceChildren();
      $("facets").hidden = true;
      $("chart").hidden = true;
      setStatus(err instanceof ApiError ? err.message : "Something went wrong: " + err, "error");
      return "error";
    }
  }

  function paragraphs(text, lang) {
    return String(text || "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
      .map((p) => el("p", { lang }, p));
  }

  function renderVersion(article, focused) {
    const lang = langCode(article.lang);
    const meta = [];
    const published = article.date || article.month;
    if (published) meta.push(el("time", { datetime: published }, published));
    if (article.source) meta.push(el("span", { class: "outlet" }, article.source));
    if (article.url) meta.push(el("a", { href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original ↗"));
    const joined = [];
    meta.forEach((m, i) => {
      if (i) joined.push(" · ");
      joined.push(m);
    });
    return el("article", {
      class: "version" + (focused ? " focused" : ""), lang, "data-lang": lang, "data-id": article.id,
      "aria-labelledby": "v-" + article.id,
    },
    el("header", {},
      el("div", { class: "version-lang" }, badge(lang), " ", LANG_NAMES[lang]),
      el("h2", { id: "v-" + article.id }, article.title || article.id),
      el("p", { class: "meta", lang: "en" }, joined)),
    el("div", { class: "body" }, paragraphs(article.text, lang)));
  }

  // ---- aligned paragraphs ------------------------------------------------------------------

  /** The two views of a story (versions side by side, paragraphs aligned), as links. */
  function renderViewSwitch(state, aligned) {
    const link = (view, label, current) => el("a", {
      href: hashOf(Object.assign({}, state, { view })),
      class: "view-link" + (current ? " current" : ""),
      "aria-current": current ? "page" : null,
      "data-view": view || "versions",
    }, label);
    $("view-switch").replaceChildren(
      link("", "Versions side by side", !aligned), " ",
      link("aligned", "Aligned paragraphs: what each version dropped, added or changed", aligned));
    $("view-switch").hidden = false;
  }

  /** What a row says, in words: colour alone never carries it. */
  function rowLabel(row, names) {
    const missing = row.cells.map((c, k) => (c.length ? null : names[k])).filter(Boolean);
    if (row.status === "dropped") return "Missing in " + missing.join(", ");
    if (row.status === "added") return "Only in " + row.cells.map((c, k) => (c.length ? names[k] : null)).filter(Boolean).join(", ");
    return "In every version";
  }

  /** The versions of a story as a table: one row per aligned paragraph group, one column per version. */
  function renderAligned(comparison) {
    const versions = comparison.versions;
    const names = versions.map((v, k) => langCode(v.lang).toUpperCase() + (versions.filter((w) => w.lang === v.lang).length > 1 ? " " + (k + 1) : ""));
    const counts = { dropped: 0, added: 0, differs: 0 };
    const body = comparison.rows.map((row, n) => {
      if (row.status !== "all") counts[row.status] += 1;
      if (row.differences.length) counts.differs += 1;
      const label = rowLabel(row, names);
      const diffs = row.differences.map((d) => el("li", {},
        "Differs (" + d.kind + "): ",
        d.values.map((v, k) => (row.cells[k].length ? names[k] + " " + (v === null ? "none" : v) : null)).filter(Boolean).join(" · ")));
      const notable = row.status !== "all" || row.differences.length > 0;
      const cls = "arow status-" + row.status + (row.differences.length ? " differs" : "");
      return el("tr", { class: cls, "data-status": row.status, "data-differs": String(row.differences.length > 0), tabindex: notable ? "0" : null },
        el("th", { scope: "row", class: "row-head" },
          el("span", { class: "row-number" }, "Row " + (n + 1)), " ",
          el("span", { class: "row-label" }, label),
          diffs.length ? el("ul", { class: "diffs" }, diffs) : null),
        versions.map((v, k) => {
          const lang = langCode(v.lang);
          const cell = row.cells[k];
          return el("td", { "data-label": names[k], lang, class: cell.length ? "" : "absent" },
            cell.length ? cell.map((p) => el("p", {}, v.paragraphs[p] || "")) : el("p", { class: "missing", lang: "en" }, "(not in this version)"));
        }));
    });
    const summary = comparison.rows.length + " rows: " + counts.dropped + " missing in some version, " + counts.added +
      " only in another version, " + counts.differs + " with figures that differ. Rows with a difference can be reached with Tab. " +
      "Translations and copies are aligned; independent reports of the same event are not.";
    const table = el("table", { class: "align-table" },
      el("caption", { class: "visually-hidden" }, "Paragraphs of each version, aligned"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Row"),
        versions.map((v, k) => el("th", { scope: "col", lang: langCode(v.lang) },
          badge(langCode(v.lang)), " ", names[k], ": ", v.title || v.id)))),
      el("tbody", {}, body));
    $("aligned").replaceChildren(
      el("p", { class: "align-summary", id: "align-summary" }, summary),
      el("p", { class: "legend-rows" },
        el("span", { class: "key status-dropped" }, "Missing in some version"), " ",
        el("span", { class: "key status-added" }, "Only in another version"), " ",
        el("span", { class: "key differs" }, "Figures differ")),
      el("div", { class: "table-wrap" }, table));
    $("aligned").hidden = false;
  }

  async function renderStory(state, signal) {
    $("search-view").hidden = true;
    $("story-view").hidden = false;
    $("back").href = hashOf(Object.assign({}, state, { story: null, article: null, view: "" }));
    $("back").hidden = false;
    const versions = $("versions");
    versions.replaceChildren();
    $("aligned").replaceChildren();
    $("aligned").hidden = true;
    $("view-switch").hidden = true;
    $("story-title").textContent = "Loading…";
    $("story-meta").textContent = "";
    $("links").hidden = true;
    try {
      let articles, links = [];
      if (state.story) {
        const story = await api("/api/stories/" + encodeURIComponent(state.story), signal);
        articles = story.articles;
        links = story.links || [];
      } else {
        articles = [await api("/api/articles/" + encodeURIComponent(state.article), signal)];
      }
      const order = (a) => { const i = LANGS.indexOf(a.lang); return i < 0 ? LANGS.length : i; };
      // Languages in a fixed order; in each, the article asked for first, then by date.
      const first = (a) => (a.id === state.article ? 0 : 1);
      articles.sort((a, b) => order(a) - order(b) || first(a) - first(b) || String(a.date || "").localeCompare(String(b.date || "")));
      const focused = articles.find((a) => a.id === state.article) || articles[0];
      const aligned = state.view === "aligned" && state.story && articles.length > 1;
      if (state.story && articles.length > 1) renderViewSwitch(state, aligned);
      const title = $("story-title");
      title.textContent = focused.title || focused.id;
      title.setAttribute("lang", langCode(focused.lang));
      const langs = [...new Set(articles.map((a) => langCode(a.lang)))];
      $("story-meta").replaceChildren(
        el("span", { class: "badges" }, langs.map(badge)), " ",
        articles.length === 1 ? "One article; no other language version is linked to it." : articles.length + " versions in " + langs.map((l) => LANG_NAMES[l]).join(", ") + ", side by side.");
      document.title = (focused.title || focused.id) + " · newsindex";
      if (aligned) {
        const comparison = await api("/api/stories/" + encodeURIComponent(state.story) + "/compare?article=" +
          encodeURIComponent(focused.id), signal);
        renderAligned(comparison);
      }
      // One column per language; several versions in one language stack in its column.
      versions.hidden = aligned;
      versions.dataset.columns = String(langs.length);
      if (!aligned) versions.append(...langs.map((lang) => el("section", {
        class: "lang-column", "data-lang": lang, lang, "aria-label": LANG_NAMES[lang],
      }, articles.filter((a) => langCode(a.lang) === lang)
        .map((a) => renderVersion(a, articles.length > 1 && a.id === state.article)))));
      if (links.length) {
        const titles = new Map(articles.map((a) => [a.id, a]));
        const name = (id) => { const a = titles.get(id); return a ? langCode(a.lang).toUpperCase() + " " + id : id; };
        $("links-list").replaceChildren(...links.map((link) =>
          el("li", {},
            el("strong", {}, name(link.a) + " ↔ " + name(link.b)), ": ",
            String(link.relation).replace(/_/g, " "),
            typeof link.score === "number" ? " (score " + link.score.toFixed(2) + ")" : "",
            (link.evidence || []).length ? el("ul", {}, link.evidence.map((e) => el("li", {}, e))) : null)));
        $("links").hidden = false;
      }
      title.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      return "ready";
    } catch (err) {
      if (err.name === "AbortError") return "aborted";
      $("story-title").textContent = "Story not available";
      $("story-meta").textContent = err instanceof ApiError ? err.message : String(err);
      return "error";
    }
  }

  /** Marks the view as settled on the current hash (tests and scripts wait for this). */
  function settle(result, hash) {
    if (hash !== location.hash) return;
    document.body.dataset.state = result;
    document.body.dataset.rendered = hash;
    document.body.removeAttribute("aria-busy");
  }

  function render() {
    const state = readState();
    const hash = location.hash;
    document.body.dataset.state = "loading";
    document.body.setAttribute("aria-busy", "true");
    syncForm(state);
    if (inflight) inflight.abort();
    inflight = new AbortController();
    const view = state.story || state.article ? renderStory(state, inflight.signal) : renderSearch(state, inflight.signal);
    view.then((result) => settle(result, hash), () => settle("error", hash));
  }

  // ---- wiring --------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    $("search").addEventListener("submit", (event) => {
      event.preventDefault();
      go(formState());
    });
    for (const chip of document.querySelectorAll(".chip[data-lang]")) {
      chip.addEventListener("click", () => {
        chip.setAttribute("aria-pressed", String(chip.getAttribute("aria-pressed") !== "true"));
        go(formState());
      });
    }
    for (const id of ["since", "until", "sort"]) $(id).addEventListener("change", () => go(formState()));
    document.addEventListener("keydown", (event) => {
      const inField = /^(INPUT|SELECT|TEXTAREA)$/.test((event.target && event.target.tagName) || "");
      if (event.key === "Escape" && !$("story-view").hidden) {
        location.hash = $("back").getAttribute("href");
      } else if (event.key === "/" && !inField) {
        event.preventDefault();
        $("q").focus();
        $("q").select();
      }
    });
    window.addEventListener("hashchange", render);
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        if (lastHistogram && !$("search-view").hidden && !$("chart").hidden) renderChart(lastHistogram);
      }, 150);
    });
    render();
    if (!readState().q && !readState().story && !readState().article) $("q").focus();
  });
})();
