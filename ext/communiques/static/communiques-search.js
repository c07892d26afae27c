// The archive's search page, on Pagefind's JavaScript API (pagefind.js).
//
// The index is this language's own (<site>/<lang>/pagefind/, built by
// `python -m communiques.site`). The page's texts come from the extension's
// catalog, as JSON in #communiques-search-config. The URL carries the query,
// the filters and the order (?q=…&person=…&sort=date-desc), so a search can
// be shared and survives reloads; the sidebar's search box sends ?q=… here.
//
// Nothing from the index is inserted as HTML: titles and metadata go in as
// text, excerpts are split on Pagefind's <mark> highlights and each piece is
// inserted as text.

const RESULTS_PER_PAGE = 20;
// Entity pages (people, organisations, agreements) matching the search are
// listed apart, above the releases: a few are enough to offer the right one.
const ENTITIES_SHOWN = 5;
const DEBOUNCE_MS = 250;
// Query parameters that are not filters (furo's search box adds the last two).
const RESERVED = new Set(["q", "sort", "check_keywords", "area"]);

const config = JSON.parse(document.getElementById("communiques-search-config").textContent);
const ui = config.labels;
const plural = new Intl.PluralRules(config.language);
const filterKeys = config.filters.map((f) => f.key);

const form = document.querySelector("#communiques-search .search-form");
const input = document.getElementById("search-query");
const sortSelect = document.getElementById("search-sort");
const filtersBox = form.querySelector(".search-filters");
const filterGroups = form.querySelector(".search-filter-groups");
const clearButton = form.querySelector(".search-clear");
const status = document.querySelector("#communiques-search .search-status[role=status]");
const results = document.getElementById("search-results");
const entitySection = results.querySelector(".search-entities");
const entityList = results.querySelector(".search-entity-list");
const releaseSection = results.querySelector(".search-releases");
const releaseList = results.querySelector(".search-release-list");
const moreButton = results.querySelector(".search-more");

// The site's root for this language, e.g. /fr/ (Sphinx writes the way there
// on <html data-content_root>): Pagefind's URLs are relative to it.
const siteRoot = new URL(document.documentElement.dataset.content_root || "./", location.href);

// The indexer reads typographic apostrophes as straight ones, so that
// l’économie is found by « économie » (communiques.search_index); do the same
// to what the reader types. Excerpts come back with straight ones: give
// them back their typographic form, as Sphinx printed the pages.
const toIndexForm = (text) => text.replace(/\u2019/g, "'");
const toPrintedForm = (text) => text.replace(/'/g, "\u2019");

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// -- state <-> URL --------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key, value] of params) {
    if (!RESERVED.has(key) && filterKeys.includes(key) && value) {
      (filters[key] ||= []).includes(value) || filters[key].push(value);
    }
  }
  return { query: params.get("q") || "", sort: params.get("sort") || "", filters };
}

function currentState() {
  const filters = {};
  for (const box of filterGroups.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return { query: input.value.trim(), sort: sortSelect.value, filters };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const key of filterKeys) {
    for (const value of state.filters[key] || []) params.append(key, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// -- Pagefind ---------------------------------------------------------------------------

let pagefind = null;
let allFilters = {};

async function loadPagefind() {
  const bundle = new URL("pagefind/", siteRoot);
  const module = await import(new URL("pagefind.js", bundle).href);
  await module.options({ baseUrl: siteRoot.pathname, bundlePath: bundle.pathname, excerptLength: 30 });
  await module.init();
  return module;
}

function pagefindOptions(state) {
  const options = {};
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) {
    if (values.length) filters[key] = { any: values };
  }
  if (Object.keys(filters).length) options.filters = filters;
  if (state.sort) {
    const [key, direction] = state.sort.split("-");
    options.sort = { [key]: direction };
  }
  return options;
}

// -- rendering --------------------------------------------------------------------------

// The filters are built once, so that focus stays on a checkbox while the
// results change; each search only updates their counts.
function buildFilters(state) {
  filterGroups.replaceChildren();
  for (const { key, label } of config.filters) {
    const values = Object.keys(allFilters[key] || {});
    if (!values.length) continue;
    const selected = state.filters[key] || [];
    values.sort((a, b) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b, config.language)));
    const group = document.createElement("fieldset");
    group.className = "search-filter";
    group.dataset.filter = key;
    const legend = document.createElement("legend");
    legend.textContent = label;
    group.append(legend);
    values.forEach((value, index) => {
      const id = `search-filter-${key}-${index}`;
      const row = document.createElement("div");
      row.className = "search-filter-value";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = key;
      box.value = value;
      box.checked = selected.includes(value);
      const text = document.createElement("label");
      text.htmlFor = id;
      text.textContent = value;
      const number = document.createElement("span");
      number.className = "search-filter-count";
      text.append(" ", number);
      row.append(box, text);
      group.append(row);
    });
    filterGroups.append(group);
  }
  filtersBox.dataset.loaded = "true";
}

// The filter lists are loaded when the reader unfolds them (or when the
// address chose filters): a search alone does not need them, and at 5,000
// releases they are a third of what a first search would download.
let filtersLoaded = null;

function loadFilters(state) {
  filtersLoaded ||= (async () => {
    allFilters = await pagefind.filters();
    // Selected filters the index no longer has still show, so they can be removed.
    for (const [key, values] of Object.entries(state.filters)) {
      for (const value of values) ((allFilters[key] ||= {})[value] ??= 0);
    }
    buildFilters(state);
  })();
  return filtersLoaded;
}

// Counts of the current results, or of the whole index when there are none.
function updateFilters(counts, state) {
  for (const box of filterGroups.querySelectorAll("input[type=checkbox]")) {
    const scope = (counts ? counts[box.name] : allFilters[box.name]) || {};
    const count = scope[box.value] || 0;
    box.nextElementSibling.querySelector(".search-filter-count").textContent = `(${count.toLocaleString(config.language)})`;
    box.parentElement.classList.toggle("search-filter-empty", count === 0 && !box.checked);
  }
  clearButton.hidden = !Object.values(state.filters).some((values) => values.length);
}

function excerptNodes(excerpt) {
  // Pagefind escapes < and > in the text and marks hits with <mark>…</mark>.
  const decode = (text) => toPrintedForm(text.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  const nodes = [];
  excerpt.split("<mark>").forEach((chunk, index) => {
    let rest = chunk;
    if (index > 0) {
      const end = chunk.indexOf("</mark>");
      const mark = document.createElement("mark");
      mark.textContent = decode(end === -1 ? chunk : chunk.slice(0, end));
      nodes.push(mark);
      rest = end === -1 ? "" : chunk.slice(end + "</mark>".length);
    }
    if (rest) nodes.push(document.createTextNode(decode(rest)));
  });
  return nodes;
}

function resultItem(data, { excerpt = true } = {}) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.className = "search-result-link";
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  // The kind is the "type" filter: metadata would be searched too.
  const details = [(data.filters.type || [])[0], data.meta.date].filter(Boolean);
  if (details.length) {
    const line = document.createElement("p");
    line.className = "search-result-meta";
    line.textContent = details.join(" · ");
    item.append(line);
  }
  if (data.meta.issuer) {
    const issuer = document.createElement("p");
    issuer.className = "search-result-issuer";
    issuer.textContent = `${ui.issued_by} ${data.meta.issuer}`;
    item.append(issuer);
  }
  if (excerpt) {
    const text = document.createElement("p");
    text.className = "search-result-excerpt";
    text.append(...excerptNodes(data.excerpt || ""));
    item.append(text);
  }
  return item;
}

let pending = [];

async function showMore(mine = generation) {
  const batch = pending.splice(0, RESULTS_PER_PAGE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  releaseList.append(...data.map((one) => resultItem(one)));
  moreButton.hidden = pending.length === 0;
}

async function showEntities(found, mine) {
  const data = await Promise.all(found.slice(0, ENTITIES_SHOWN).map((result) => result.data()));
  if (mine !== generation) return;
  entityList.replaceChildren(...data.map((one) => resultItem(one, { excerpt: false })));
  entitySection.hidden = data.length === 0;
}

// -- searching --------------------------------------------------------------------------

function hasCriteria(state) {
  return Boolean(state.query) || Object.values(state.filters).some((values) => values.length);
}

function clearResults() {
  pending = [];
  entityList.replaceChildren();
  releaseList.replaceChildren();
  entitySection.hidden = true;
  releaseSection.hidden = true;
  moreButton.hidden = true;
}

function mergeCounts(...searches) {
  const merged = {};
  for (const search of searches) {
    for (const [key, values] of Object.entries(search?.filters || {})) {
      merged[key] ||= {};
      for (const [value, count] of Object.entries(values)) {
        merged[key][value] = (merged[key][value] || 0) + count;
      }
    }
  }
  return merged;
}

// Busy from the reader's action until its results are shown (a superseded
// search leaves that to the newer one).
function setBusy(busy) {
  results.setAttribute("aria-busy", String(busy));
}

// Each action starts a new generation; a search that finishes after a newer
// one started (typing, then ticking a filter) shows nothing.
let generation = 0;

async function run(options = {}) {
  const mine = ++generation;
  try {
    await search(mine, options);
  } catch (error) {
    // A file of the index that failed to load: say so, and let the reader retry.
    if (mine !== generation) return;
    status.textContent = ui.failed;
    setBusy(false);
    console.error(error);
  }
}

async function search(mine, { immediate = false } = {}) {
  setBusy(true);
  const state = currentState();
  writeState(state);
  if (!hasCriteria(state)) {
    clearResults();
    status.textContent = ui.empty;
    updateFilters(null, state);
    setBusy(false);
    return;
  }
  status.textContent = ui.loading;
  const term = state.query ? toIndexForm(state.query) : null;
  const options = pagefindOptions(state);
  const only = (record) => ({ ...options, filters: { ...options.filters, [config.record_filter]: record } });
  const releases = immediate
    ? await pagefind.search(term, only("release"))
    : await pagefind.debouncedSearch(term, only("release"), DEBOUNCE_MS);
  if (releases === null || mine !== generation) return; // a newer search superseded this one
  // Entity pages have no date: sorting by date lists releases only.
  const entities = state.sort ? null : await pagefind.search(term, only("entity"));
  if (mine !== generation) return;
  const count = releases.results.length + (entities ? entities.results.length : 0);
  if (count === 0) {
    const none = state.query ? format(ui.none, { query: state.query }) : ui.none_filtered;
    status.textContent = `${none} ${ui.none_hint}`;
  } else {
    const template = plural.select(count) === "one" ? ui.count_one : ui.count_other;
    status.textContent = format(template, { count: count.toLocaleString(config.language) });
    if (state.sort) status.textContent += ` ${ui.sort_note}`;
  }
  updateFilters(mergeCounts(releases, entities), state);
  clearResults();
  pending = releases.results.slice();
  releaseSection.hidden = pending.length === 0;
  await Promise.all([showMore(mine), showEntities(entities ? entities.results : [], mine)]);
  if (mine === generation) setBusy(false);
}

// -- keyboard ---------------------------------------------------------------------------

function resultLinks() {
  return Array.from(results.querySelectorAll("a.search-result-link"));
}

input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown") {
    const first = resultLinks()[0];
    if (first) {
      event.preventDefault();
      first.focus();
    }
  }
});

results.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Escape") return;
  const links = resultLinks();
  const index = links.indexOf(document.activeElement);
  if (index === -1) return;
  event.preventDefault();
  if (event.key === "Escape" || (event.key === "ArrowUp" && index === 0)) {
    input.focus();
  } else if (event.key === "ArrowUp") {
    links[index - 1].focus();
  } else if (index + 1 < links.length) {
    links[index + 1].focus();
  } else if (!moreButton.hidden) {
    showMore().then(() => resultLinks()[index + 1]?.focus());
  }
});

// -- start ------------------------------------------------------------------------------

async function start() {
  const state = readState();
  input.value = state.query;
  sortSelect.value = [...sortSelect.options].some((o) => o.value === state.sort) ? state.sort : "";
  const filtered = Object.values(state.filters).some((values) => values.length);
  try {
    pagefind = await loadPagefind();
    if (filtered) await loadFilters(state);
  } catch (error) {
    status.textContent = ui.unavailable;
    setBusy(false);
    console.error(error);
    return;
  }
  // Folded, so that the results show first, unless the address chose filters.
  filtersBox.open = filtered;
  filtersBox.hidden = false;
  filtersBox.addEventListener("toggle", () => {
    if (!filtersBox.open || filtersBox.dataset.loaded) return;
    setBusy(true);
    loadFilters(currentState()).then(
      () => run({ immediate: true }),
      (error) => {
        status.textContent = ui.failed;
        setBusy(false);
        console.error(error);
      },
    );
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run({ immediate: true });
  });
  input.addEventListener("input", () => run());
  sortSelect.addEventListener("change", () => run({ immediate: true }));
  filterGroups.addEventListener("change", () => run({ immediate: true }));
  clearButton.addEventListener("click", () => {
    for (const box of filterGroups.querySelectorAll("input[type=checkbox]:checked")) box.checked = false;
    run({ immediate: true });
    input.focus();
  });
  moreButton.addEventListener("click", () => showMore());
  await run({ immediate: true });
  if (state.query || !hasCriteria(state)) input.focus();
}

start();
