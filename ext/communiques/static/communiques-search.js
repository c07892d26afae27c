// The archive's search page, on Pagefind's JavaScript API (pagefind.js).
//
// The index is this language's own (<site>/<lang>/pagefind/, built by
// `python -m communiques.tools.site`), in bundles searched as one
// (communiques-search-bundles.js). The page's texts come from the extension's
// catalog, as JSON in #communiques-search-config. The URL carries the query,
// the filters and the order (?q=…&person=…&sort=date-desc), so a search can
// be shared and survives reloads; the sidebar's search box sends ?q=… here.
//
// Nothing from the index is inserted as HTML: titles and metadata go in as
// text, excerpts are split on Pagefind's <mark> highlights and each piece is
// inserted as text.

import { loadBundles } from "./communiques-search-bundles.js";

const RESULTS_PER_PAGE = 20;
// Entity pages (people, organisations, agreements, topics) matching the
// search are listed apart, above the releases: a few are enough to offer the
// right one, and "show all" lists the others. The count shown is always that
// of the list it heads.
const ENTITIES_SHOWN = 5;
const DEBOUNCE_MS = 250;
// A filter lists its most frequent values first; the others are a click, or
// a few letters typed in its own box, away (at 10,000 releases a person
// filter has hundreds of values).
const VALUES_SHOWN = 8;
const MATCHES_SHOWN = 50;
// Query parameters that are not filters (furo's search box adds the last two).
const RESERVED = new Set(["q", "sort", "from", "to", "check_keywords", "area"]);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

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
const allEntitiesButton = results.querySelector(".search-all-entities");
const fromInput = document.getElementById("search-from");
const toInput = document.getElementById("search-to");

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

const number = (count) => count.toLocaleString(config.language);

// Letters alone, without accents or case: what "filter as you type" compares.
const folded = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(config.language);

// -- state <-> URL --------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key, value] of params) {
    if (!RESERVED.has(key) && filterKeys.includes(key) && value) {
      (filters[key] ||= []).includes(value) || filters[key].push(value);
    }
  }
  const day = (key) => (ISO_DAY.test(params.get(key) || "") ? params.get(key) : "");
  return { query: params.get("q") || "", sort: params.get("sort") || "", filters, from: day("from"), to: day("to") };
}

function currentState() {
  const filters = {};
  for (const [key, values] of Object.entries(selected)) {
    if (values.size) filters[key] = [...values];
  }
  const day = (box) => (ISO_DAY.test(box.value) ? box.value : "");
  return { query: input.value.trim(), sort: sortSelect.value, filters, from: day(fromInput), to: day(toInput) };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const key of filterKeys) {
    for (const value of state.filters[key] || []) params.append(key, value);
  }
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.sort) params.set("sort", state.sort);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// -- Pagefind ---------------------------------------------------------------------------

let pagefind = null;
let allFilters = {};

async function loadPagefind() {
  return loadBundles(siteRoot, { baseUrl: siteRoot.pathname, excerptLength: 30 });
}

// A date range as Pagefind filters: the years it covers whole through the
// year filter, the days of the years it covers in part through the day
// filter (Pagefind has no range filter). Null when the range is empty.
function dateFilter(from, to) {
  const first = from ? new Date(`${from}T00:00:00Z`) : null;
  const last = to ? new Date(`${to}T00:00:00Z`) : null;
  if (!first && !last) return undefined;
  const low = first || new Date(Date.UTC(Math.min(...knownYears(), last.getUTCFullYear()), 0, 1));
  const high = last || new Date(Date.UTC(Math.max(...knownYears(), low.getUTCFullYear()), 11, 31));
  if (low > high) return null;
  const years = [];
  const days = [];
  for (let year = low.getUTCFullYear(); year <= high.getUTCFullYear(); year++) {
    const start = new Date(Date.UTC(year, 0, 1));
    const end = new Date(Date.UTC(year, 11, 31));
    if (low <= start && end <= high) {
      years.push(String(year));
      continue;
    }
    for (let day = new Date(Math.max(start, low)); day <= end && day <= high; day.setUTCDate(day.getUTCDate() + 1)) {
      days.push(day.toISOString().slice(0, 10));
    }
  }
  const parts = [];
  if (years.length) parts.push({ year: { any: years } });
  if (days.length) parts.push({ [config.day_filter]: { any: days } });
  return parts.length === 1 ? parts[0] : { any: parts };
}

// The years of the archive (from its filters once loaded, else this one's).
function knownYears() {
  const years = Object.keys(allFilters.year || {}).map(Number).filter(Boolean);
  return years.length ? years : [new Date().getUTCFullYear()];
}

function pagefindOptions(state) {
  const options = {};
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) {
    if (values.length) filters[key] = { any: values };
  }
  const range = dateFilter(state.from, state.to);
  if (range === null) return null;
  // A compound filter beside the others (Pagefind ands them).
  if (range) filters.all = [range];
  if (Object.keys(filters).length) options.filters = filters;
  if (state.sort) {
    const [key, direction] = state.sort.split("-");
    options.sort = { [key]: direction };
  }
  return options;
}

// -- rendering --------------------------------------------------------------------------

// The selected values of each filter, whether or not their checkbox is shown.
const selected = {};
// Each filter's group: its values in order (most frequent first; years newest
// first), the rows made so far, what the reader typed in its box.
const groups = {};

function orderedValues(key) {
  const counts = allFilters[key] || {};
  const values = Object.keys(counts);
  if (key === "year") return values.sort((a, b) => b.localeCompare(a));
  return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b, config.language));
}

// The filters are built once, so that focus stays on a checkbox while the
// results change; each search only updates their counts. Only the values
// shown have a checkbox: the most frequent, those selected, and those that
// match what the reader typed in the filter's own box.
function buildFilters() {
  filterGroups.replaceChildren();
  for (const { key, label } of config.filters) {
    const values = orderedValues(key);
    if (!values.length) continue;
    const group = document.createElement("fieldset");
    group.className = "search-filter";
    group.dataset.filter = key;
    const legend = document.createElement("legend");
    legend.textContent = label;
    group.append(legend);
    const state = { key, values, rows: new Map(), text: "", expanded: false, list: null, more: null, box: null };
    if (values.length > VALUES_SHOWN) {
      const boxId = `search-filter-${key}-find`;
      const find = document.createElement("label");
      find.className = "search-filter-find";
      find.htmlFor = boxId;
      find.textContent = format(ui.filter_values, { filter: label });
      const box = document.createElement("input");
      box.type = "search";
      box.id = boxId;
      box.autocomplete = "off";
      box.addEventListener("input", () => {
        state.text = folded(box.value.trim());
        showValues(state);
      });
      group.append(find, box);
      state.box = box;
    }
    state.list = document.createElement("div");
    state.list.className = "search-filter-values";
    group.append(state.list);
    if (values.length > VALUES_SHOWN) {
      state.more = document.createElement("button");
      state.more.type = "button";
      state.more.className = "search-filter-more";
      state.more.addEventListener("click", () => {
        state.expanded = !state.expanded;
        showValues(state);
      });
      group.append(state.more);
    }
    groups[key] = state;
    showValues(state);
    filterGroups.append(group);
  }
  filtersBox.dataset.loaded = "true";
}

function valueRow(state, value) {
  let row = state.rows.get(value);
  if (row) return row;
  const id = `search-filter-${state.key}-${state.rows.size}`;
  row = document.createElement("div");
  row.className = "search-filter-value";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = id;
  box.name = state.key;
  box.value = value;
  box.checked = Boolean(selected[state.key]?.has(value));
  const text = document.createElement("label");
  text.htmlFor = id;
  const name = document.createElement("span");
  name.className = "search-filter-name";
  name.textContent = value;
  const count = document.createElement("span");
  count.className = "search-filter-count";
  text.append(name, " ", count);
  row.append(box, text);
  state.rows.set(value, row);
  setCount(state.key, row);
  return row;
}

function showValues(state) {
  const chosen = selected[state.key] || new Set();
  let shown;
  if (state.text) {
    shown = state.values.filter((value) => folded(value).includes(state.text)).slice(0, MATCHES_SHOWN);
  } else {
    shown = state.expanded ? state.values : state.values.slice(0, VALUES_SHOWN);
  }
  // Selected values always show, first when they would otherwise be hidden.
  const hidden = [...chosen].filter((value) => !shown.includes(value));
  const rows = [...hidden, ...shown].map((value) => valueRow(state, value));
  if (rows.length) {
    state.list.replaceChildren(...rows);
  } else {
    const none = document.createElement("p");
    none.className = "search-filter-none";
    none.textContent = ui.no_values;
    state.list.replaceChildren(none);
  }
  if (state.more) {
    const rest = state.values.length - VALUES_SHOWN;
    state.more.hidden = Boolean(state.text) || rest <= 0;
    state.more.textContent = state.expanded ? ui.fewer_values : format(ui.more_values, { count: number(rest) });
    state.more.setAttribute("aria-expanded", String(state.expanded));
  }
}

// The filter lists are loaded when the reader unfolds them (or when the
// address chose filters): a search alone does not need them, and at 5,000
// releases they are a third of what a first search would download.
let filtersLoaded = null;

function loadFilters() {
  filtersLoaded ||= (async () => {
    allFilters = await pagefind.filters();
    // Selected filters the index no longer has still show, so they can be removed.
    for (const [key, values] of Object.entries(selected)) {
      for (const value of values) ((allFilters[key] ||= {})[value] ??= 0);
    }
    buildFilters();
  })();
  return filtersLoaded;
}

// Counts of the current results, or of the whole index when there are none.
let currentCounts = null;

function setCount(key, row) {
  const box = row.querySelector("input");
  const scope = (currentCounts ? currentCounts[key] : allFilters[key]) || {};
  const count = scope[box.value] || 0;
  row.querySelector(".search-filter-count").textContent = `(${number(count)})`;
  row.classList.toggle("search-filter-empty", count === 0 && !box.checked);
}

function updateFilters(counts, state) {
  currentCounts = counts;
  for (const group of Object.values(groups)) {
    for (const row of group.rows.values()) setCount(group.key, row);
  }
  const dated = Boolean(state.from || state.to);
  clearButton.hidden = !dated && !Object.values(state.filters).some((values) => values.length);
}

// Pagefind marks whole tokens: « (PMIA), » or « l’intelligence ». Only the
// word is highlighted: punctuation around it, and a French elision before
// it (l’, d’, qu’…), stay plain text.
const MARK_EDGES = /^((?:[^\p{L}\p{N}]*(?:(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu)['’](?=[\p{L}\p{N}]))?)*)(.*?)([^\p{L}\p{N}]*)$/isu;

function markedWord(text) {
  const [, before, word, after] = MARK_EDGES.exec(text) || ["", "", text, ""];
  return word ? [before, word, after] : ["", text, ""];
}

function excerptNodes(excerpt) {
  // Pagefind escapes < and > in the text and marks hits with <mark>…</mark>.
  const decode = (text) => toPrintedForm(text.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  const nodes = [];
  const text = (value) => value && nodes.push(document.createTextNode(value));
  excerpt.split("<mark>").forEach((chunk, index) => {
    let rest = chunk;
    if (index > 0) {
      const end = chunk.indexOf("</mark>");
      const [before, word, after] = markedWord(decode(end === -1 ? chunk : chunk.slice(0, end)));
      text(before);
      const mark = document.createElement("mark");
      mark.textContent = word;
      nodes.push(mark);
      text(after);
      rest = end === -1 ? "" : chunk.slice(end + "</mark>".length);
    }
    text(rest && decode(rest));
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
  // The kind is a filter (a release's type, an entity page's kind): metadata would be searched too.
  const details = [(data.filters.type || data.filters.kind || [])[0], data.meta.date].filter(Boolean);
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
let releaseTotal = 0;
let entitiesPending = [];
let entityTotal = 0;

// "shown of count" beside a section's heading while some are not shown yet.
function sectionCount(section, shown, count) {
  section.querySelector(".search-section-count").textContent =
    shown < count ? `(${format(ui.section_count, { shown: number(shown), count: number(count) })})` : `(${number(count)})`;
}

async function showMore(mine = generation) {
  const batch = pending.splice(0, RESULTS_PER_PAGE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  releaseList.append(...data.map((one) => resultItem(one)));
  moreButton.hidden = pending.length === 0;
  moreButton.textContent = pending.length > RESULTS_PER_PAGE ? ui.more : format(ui.all_releases, { count: number(releaseTotal) });
  sectionCount(releaseSection, releaseList.children.length, releaseTotal);
}

// "Show all" loads the rest in batches, each shown as it arrives: at 10,000
// releases a word such as « ministre » names hundreds of records.
const ENTITY_BATCH = 50;

async function showEntities(mine = generation, count = ENTITIES_SHOWN) {
  let left = count;
  while (left > 0 && entitiesPending.length) {
    const batch = entitiesPending.splice(0, Math.min(left, ENTITY_BATCH));
    left -= batch.length;
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return;
    entityList.append(...data.map((one) => resultItem(one, { excerpt: false })));
    sectionCount(entitySection, entityList.children.length, entityTotal);
  }
  entitySection.hidden = entityTotal === 0;
  allEntitiesButton.hidden = entitiesPending.length === 0;
  allEntitiesButton.textContent = format(ui.all_entities, { count: number(entityTotal) });
  sectionCount(entitySection, entityList.children.length, entityTotal);
}

// -- searching --------------------------------------------------------------------------

function hasCriteria(state) {
  return Boolean(state.query || state.from || state.to) || Object.values(state.filters).some((values) => values.length);
}

function clearResults() {
  pending = [];
  entitiesPending = [];
  allEntitiesButton.hidden = true;
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
  const dated = Boolean(state.from || state.to);
  if (dated && !filtersLoaded) await loadFilters(); // the archive's years bound an open range
  if (mine !== generation) return;
  const term = state.query ? toIndexForm(state.query) : null;
  const options = pagefindOptions(state);
  if (options === null) {
    // The range ends before it starts: nothing can match.
    clearResults();
    status.textContent = `${ui.none_filtered} ${ui.none_hint}`;
    setBusy(false);
    return;
  }
  const only = (record) => ({ ...options, filters: { ...options.filters, [config.record_filter]: record } });
  const releases = immediate
    ? await pagefind.search(term, only("release"))
    : await pagefind.debouncedSearch(term, only("release"), DEBOUNCE_MS);
  if (releases === null || mine !== generation) return; // a newer search superseded this one
  // Entity pages have no date: sorting by date, or a date range, lists releases only.
  const entities = state.sort || dated ? null : await pagefind.search(term, only("entity"));
  if (mine !== generation) return;
  const count = releases.results.length + (entities ? entities.results.length : 0);
  if (count === 0) {
    const none = state.query ? format(ui.none, { query: state.query }) : ui.none_filtered;
    status.textContent = `${none} ${ui.none_hint}`;
  } else {
    const template = plural.select(count) === "one" ? ui.count_one : ui.count_other;
    status.textContent = format(template, { count: number(count) });
    if (entities && entities.results.length && releases.results.length) {
      const counted = (kind, n) => format(ui[`${kind}_${plural.select(n) === "one" ? "one" : "other"}`], { count: number(n) });
      status.textContent += ` (${counted("releases", releases.results.length)}, ${counted("entities", entities.results.length)})`;
    }
    if (state.sort) status.textContent += ` ${ui.sort_note}`;
    else if (dated) status.textContent += ` ${ui.date_note}`;
  }
  updateFilters(mergeCounts(releases, entities), state);
  clearResults();
  pending = releases.results.slice();
  releaseTotal = pending.length;
  entitiesPending = entities ? entities.results.slice() : [];
  entityTotal = entitiesPending.length;
  releaseSection.hidden = pending.length === 0;
  await Promise.all([showMore(mine), showEntities(mine)]);
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
  fromInput.value = state.from;
  toInput.value = state.to;
  sortSelect.value = [...sortSelect.options].some((o) => o.value === state.sort) ? state.sort : "";
  for (const [key, values] of Object.entries(state.filters)) selected[key] = new Set(values);
  const filtered = Boolean(state.from || state.to) || Object.values(state.filters).some((values) => values.length);
  try {
    pagefind = await loadPagefind();
    if (filtered) await loadFilters();
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
    loadFilters().then(
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
  filterGroups.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type !== "checkbox") return;
    const values = (selected[box.name] ||= new Set());
    if (box.checked) values.add(box.value);
    else values.delete(box.value);
    run({ immediate: true });
  });
  for (const box of [fromInput, toInput]) box.addEventListener("change", () => run({ immediate: true }));
  clearButton.addEventListener("click", () => {
    for (const box of filterGroups.querySelectorAll("input[type=checkbox]:checked")) box.checked = false;
    for (const values of Object.values(selected)) values.clear();
    fromInput.value = toInput.value = "";
    for (const group of Object.values(groups)) showValues(group);
    run({ immediate: true });
    input.focus();
  });
  moreButton.addEventListener("click", () => showMore());
  allEntitiesButton.addEventListener("click", () => {
    // The first new record takes the focus (the button goes once all are shown).
    const first = entityList.children.length;
    const mine = generation;
    showEntities(mine, ENTITY_BATCH).then(() => {
      entityList.children[first]?.querySelector("a")?.focus();
      if (entitiesPending.length) showEntities(mine, Infinity);
    });
  });
  await run({ immediate: true });
  if (state.query || !hasCriteria(state)) input.focus();
}

start();
