/* Site search with Pagefind's JS API: "/" or Ctrl-K opens it, arrows move, Enter opens the
   selected result; results land on the heading or step that matched; filters by connector, guide
   type and auth method (the ones the page's data-facets names: the site has them). Loaded as a module relative to the page, so a subpath deploy works. The
   index is one Pagefind bundle; after incremental builds pagefind/index.json names a small delta
   bundle of the pages edited since, merged in, and the ids of their old entries, dropped. Under
   `hubdocs serve` a page reloads before the index has caught up with the edit: the server's
   events say so ("search": "updating"), the status line too, and the index is loaded anew
   once it is ready. */
const root = new URL("../", import.meta.url); // assets/search.js -> the site's root
const FILTERS = [["connector", "Connector"], ["type", "Guide type"], ["auth", "Auth method"]];
const SHOWN = 10;
let pagefind = null;
let masked = new Set(); // entries of the base bundle that the delta replaces
let dialog, input, list, status, selects;
let asked = 0; // the latest query: older answers are dropped
let active = -1;
let updating = false; // hubdocs serve: the index is behind the pages

async function start() {
  const listed = await fetch(new URL("pagefind/index.json", root), { cache: "no-cache" });
  if (!listed.ok) { throw new Error(`search index: ${listed.status}`); }
  const index = await listed.json();
  const pf = await import(new URL("pagefind/pagefind.js", root).href);
  const opts = { baseUrl: root.pathname, excerptLength: 18 };
  await pf.options(opts);
  await pf.init();
  if (index.delta) {
    await pf.mergeIndex(new URL(`pagefind/${index.delta}/`, root).pathname, opts);
    masked = new Set(index.mask || []);
  }
  return pf;
}

function load() {
  if (!pagefind) {
    pagefind = start();
    pagefind.catch(() => { pagefind = null; }); // a failed load is tried again on the next search
  }
  return pagefind;
}

/* An excerpt is text with <mark> around the matched words: built as nodes, never parsed as HTML. */
function excerpt(text) {
  const out = document.createElement("span");
  out.className = "hd-search-excerpt";
  const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">"); // what Pagefind escapes
  let marked = false;
  for (const part of String(text || "").split(/(<\/?mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (!part) { continue; }
    if (marked) {
      const m = document.createElement("mark");
      m.textContent = decode(part);
      out.appendChild(m);
    } else {
      out.appendChild(document.createTextNode(decode(part)));
    }
  }
  return out;
}

function link(href, title, text, cls) {
  const a = document.createElement("a");
  a.href = href;
  a.className = cls;
  const strong = document.createElement("strong");
  strong.textContent = title;
  a.appendChild(strong);
  a.appendChild(excerpt(text));
  return a;
}

function chosenFilters() {
  const filters = {};
  for (const s of selects) { if (s.value) { filters[s.name] = s.value; } }
  return filters;
}

function links() { return Array.from(list.querySelectorAll("a")); }

function select(i) {
  const all = links();
  if (!all.length) { active = -1; return; }
  active = (i + all.length) % all.length;
  all.forEach((a, n) => {
    a.classList.toggle("hd-search-active", n === active);
    if (n === active) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
  });
  all[active].scrollIntoView({ block: "nearest" });
}

async function run() {
  const query = input.value.trim();
  const mine = ++asked;
  const filters = chosenFilters();
  if (!query && !Object.keys(filters).length) { list.textContent = ""; status.textContent = note(""); active = -1; return; }
  const pf = await load();
  const found = pf ? await pf.search(query || null, { filters }) : { results: [] };
  if (mine !== asked || !found) { return; }
  const results = found.results.filter((r) => !masked.has(r.id));
  const pages = await Promise.all(results.slice(0, SHOWN).map((r) => r.data()));
  if (mine !== asked) { return; }
  list.textContent = "";
  for (const page of pages) {
    const li = document.createElement("li");
    const title = (page.meta && page.meta.title) || page.url;
    const href = page.meta && page.meta.url ? new URL(page.meta.url.replace(/^\/+/, ""), root).pathname : page.url;
    li.appendChild(link(href, title, page.excerpt, "hd-search-page"));
    const subs = (page.sub_results || [])
      .filter((s) => s.url.indexOf("#") > 0 && s.locations && s.locations.length)
      .map((s, i) => ({ s, i, w: (s.weighted_locations || []).reduce((t, l) => t + l.balanced_score, 0) }))
      .sort((a, b) => b.w - a.w || a.i - b.i)
      .slice(0, 3)
      .map((x) => x.s);
    if (subs.length) {
      const ul = document.createElement("ul");
      ul.className = "hd-search-subs";
      for (const sub of subs) {
        const item = document.createElement("li");
        item.appendChild(link(href + sub.url.slice(sub.url.indexOf("#")), sub.title, sub.excerpt, "hd-search-sub"));
        ul.appendChild(item);
      }
      li.appendChild(ul);
    }
    list.appendChild(li);
  }
  const n = results.length;
  status.textContent = note(n === 0 ? "No results" : (n > SHOWN ? `${SHOWN} of ${n} results` : `${n} result${n === 1 ? "" : "s"}`));
  active = -1;
  if (n) { select(0); }
}

async function fillFilters() {
  const pf = await load();
  const all = pf ? await pf.filters() : {};
  for (const s of selects) {
    if (s.options.length > 1) { continue; }
    for (const value of Object.keys(all[s.name] || {}).sort((a, b) => a.localeCompare(b))) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = `${value} (${all[s.name][value]})`;
      s.appendChild(o);
    }
  }
}

function fail() { status.textContent = "Search is unavailable."; }

function note(text) {
  return updating ? `${text ? text + " — " : ""}the search index is updating…` : text;
}

/* hubdocs serve only: its live-reload script passes on the server's events (one connection). */
function follow() {
  window.addEventListener("hubdocs:build", (ev) => {
    const now = ev.detail.search === "updating";
    if (updating && !now) {
      if (pagefind) { pagefind.then((pf) => pf && pf.destroy && pf.destroy(), () => {}); }
      pagefind = null; // loaded anew, with the new delta
      masked = new Set();
    }
    updating = now;
    if (dialog.open) { run().catch(fail); }
  });
}

function open() {
  if (!dialog.open) { dialog.showModal(); }
  input.focus();
  input.select();
  load().then(() => run(), fail);
}

function init() {
  dialog = document.querySelector(".hd-search");
  const button = document.querySelector(".hd-search-open");
  if (!dialog || !button) { return; }
  input = dialog.querySelector(".hd-search-input");
  list = dialog.querySelector(".hd-search-results");
  status = dialog.querySelector(".hd-search-status");
  const bar = dialog.querySelector(".hd-search-filters");
  selects = [];
  const facets = new Set((bar.getAttribute("data-facets") || "").split(/\s+/).filter(Boolean));
  bar.hidden = !facets.size; // a site without guides has no connector, type or auth to pick
  for (const [name, label] of FILTERS) {
    if (!facets.has(name)) { continue; }
    const s = document.createElement("select");
    s.name = name;
    s.setAttribute("aria-label", label);
    const any = document.createElement("option");
    any.value = "";
    any.textContent = `Any ${label.toLowerCase()}`;
    s.appendChild(any);
    s.addEventListener("focus", () => { fillFilters().catch(fail); }, { once: true });
    s.addEventListener("change", () => { run().catch(fail); });
    bar.appendChild(s);
    selects.push(s);
  }
  button.hidden = false;
  follow();
  button.addEventListener("click", open);
  input.addEventListener("input", () => { run().catch(fail); });
  dialog.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (ev.target && ev.target.tagName === "SELECT") { return; }
      ev.preventDefault();
      select(active + (ev.key === "ArrowDown" ? 1 : -1));
    } else if (ev.key === "Enter" && ev.target === input) {
      ev.preventDefault();
      const chosen = links()[active >= 0 ? active : 0];
      if (chosen) { dialog.close(); window.location.href = chosen.href; }
    }
  });
  dialog.addEventListener("click", (ev) => { if (ev.target === dialog) { dialog.close(); } });
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test((t && t.tagName) || "") || (t && t.isContentEditable);
    const key = ev.key || "";
    if ((key === "/" && !typing) || (key.toLowerCase() === "k" && (ev.ctrlKey || ev.metaKey))) {
      ev.preventDefault();
      open();
    }
  });
}

init(); // a module runs once the document is parsed
