// The language's search index as one: every Pagefind bundle its list names, searched together.
//
// The index is split in bundles so that a new release re-indexes only the
// current one (communiques.search.shards): <lang>/pagefind/ holds every page
// but past years' releases, <lang>/pagefind/archive/<years>/ those, and
// <lang>/pagefind/shards.json lists them, newest first. Each bundle is its own
// copy of pagefind.js (a module keeps one index), imported from its folder.
//
// Results are merged as Pagefind's own mergeIndex does (by relevance), except
// when sorted: Pagefind's merge would sort them by relevance again, but the
// bundles hold consecutive years, so each one's sorted results are put end
// to end, newest bundle first (or last, oldest first). Filter counts add up.
//
// One rule of Pagefind's would differ from a single index's: a word that is
// in no page of a bundle is left out of the query there (so that a typo does
// not empty the results), and "l'économie" would then list, from a bundle
// without "économie", every page with "l". So a bundle that lacks a word of
// the query which another bundle has answers nothing, as a single index
// would have (its pages do not have the word).

export async function loadBundles(siteRoot, options) {
  const root = new URL("pagefind/", siteRoot);
  const listed = await bundleList(root);
  const folders = listed.map(({ path }) => new URL(path, root));
  const modules = await Promise.all(folders.map((folder) => pagefindOf(folder, options)));
  return new Bundles(modules, folders, options);
}

// A bundle's pagefind.js, ready. A *second* copy (a module keeps one index,
// and the filters it has loaded) is imported from the first one's source,
// which the browser has in its cache: nothing more is downloaded.
async function pagefindOf(folder, options, { second = false } = {}) {
  let url = new URL("pagefind.js", folder).href;
  if (second) {
    const source = await (await fetch(url)).text();
    url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  }
  const module = await import(url);
  await module.options({ ...options, basePath: folder.pathname });
  await module.init();
  return module;
}

// The bundles the list names; the current bundle alone if there is no list
// (an index built before bundles were split).
async function bundleList(root) {
  try {
    const response = await fetch(new URL("shards.json", root));
    if (response.ok) {
      const { bundles } = await response.json();
      if (Array.isArray(bundles) && bundles.length) return bundles;
    }
  } catch (error) {
    console.warn("communiques: no list of search bundles, searching the current one", error);
  }
  return [{ path: "" }];
}

const NOTHING = { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
// A filter the index does not have: no page passes it.
const NO_PAGE_FILTER = "communiques-no-page";

class Bundles {
  constructor(modules, folders, options) {
    this.modules = modules;
    this.folders = folders;
    this.options = options;
    this.probes = null;
    this.latest = 0;
  }

  async search(term, options = {}) {
    const answers = await Promise.all(this.modules.map((module) => module.search(term, options)));
    // After the search, so that the second copies find its files in the browser's cache.
    const lacking = answers.some((answer) => answer.results.length) ? await this.lacking(term) : [];
    const kept = answers.map((answer, i) => (lacking[i] ? NOTHING : answer));
    return merged(kept, options.sort);
  }

  // For each bundle, whether it lacks a word of *term* that another bundle has.
  //
  // A word is looked up in a second copy of each bundle's pagefind.js that
  // never loads the filters, with a filter no page has: Pagefind then counts
  // the pages with the word (unfilteredResultCount) and scores none. In the
  // copy the search page uses, once the reader has unfolded the filters,
  // every search counts every filter's values: seconds at 10,000 releases.
  async lacking(term) {
    const none = this.modules.map(() => false);
    const words = term ? [...new Set(term.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))] : [];
    // One word that a bundle lacks already finds nothing there.
    if (this.modules.length < 2 || words.length < 2) return none;
    this.probes ||= Promise.all(this.folders.map((folder) => pagefindOf(folder, this.options, { second: true })));
    const probes = await this.probes;
    const has = async (probe, word) =>
      (await probe.search(word, { filters: { [NO_PAGE_FILTER]: "none" } })).unfilteredResultCount > 0;
    const found = await Promise.all(probes.map((probe) => Promise.all(words.map((word) => has(probe, word)))));
    const somewhere = words.map((_, j) => found.some((bundle) => bundle[j]));
    return found.map((bundle) => words.some((_, j) => somewhere[j] && !bundle[j]));
  }

  // Like Pagefind's debouncedSearch: null when a newer call came in the meantime.
  async debouncedSearch(term, options, wait) {
    const mine = ++this.latest;
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (mine !== this.latest) return null;
    const answer = await this.search(term, options);
    return mine === this.latest ? answer : null;
  }

  async filters() {
    return addedCounts(await Promise.all(this.modules.map((module) => module.filters())));
  }
}

function merged(answers, sort) {
  const key = sort && Object.keys(sort)[0];
  let results;
  if (key) {
    const ordered = sort[key] === "asc" ? [...answers].reverse() : answers;
    results = ordered.flatMap((answer) => answer.results);
  } else {
    results = answers.flatMap((answer) => answer.results).sort((a, b) => b.score - a.score);
  }
  return {
    results,
    unfilteredResultCount: answers.reduce((sum, answer) => sum + answer.unfilteredResultCount, 0),
    filters: addedCounts(answers.map((answer) => answer.filters)),
    totalFilters: addedCounts(answers.map((answer) => answer.totalFilters)),
  };
}

// {filter: {value: count}} of several bundles, added up.
function addedCounts(all) {
  const sum = {};
  for (const counts of all) {
    for (const [key, values] of Object.entries(counts || {})) {
      sum[key] ||= {};
      for (const [value, count] of Object.entries(values)) sum[key][value] = (sum[key][value] || 0) + count;
    }
  }
  return sum;
}
