// The search page (/search/, `search: true`): searches the site's Pagefind index, in the
// page's language, as the visitor types, with the filters by type and tag. Loaded by this
// page alone; the index and Pagefind's scripts load only when it runs. Without JavaScript
// the page keeps its links to the blog and the tags.
(function () {
  var form = document.querySelector("form[data-pagefind-bundle]");
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var typeSelect = form.querySelector('select[name="type"]');
  var tagSelect = form.querySelector('select[name="tag"]');
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var types = JSON.parse(form.dataset.types || "{}");
  var bundle = form.dataset.pagefindBundle;
  var pagefind = null;
  var latest = 0;
  // Results shown: each is one fragment file to fetch.
  var SHOWN = 10;

  form.hidden = false;
  document.querySelector(".search-fallback").hidden = true;

  function say(template, query) {
    status.textContent = template.replace("{query}", query);
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  // Pagefind's excerpt is text with <mark> around the words found: shown as text and
  // marks only, never as markup of its own.
  function excerpt(html) {
    var p = document.createElement("p");
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = n.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(n.textContent));
      }
    });
    return p;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: "/" }).then(function () {
          pf.init();
          return pf.filters().then(function (filters) {
            var wantType = typeSelect.value, wantTag = tagSelect.value;
            Object.keys(filters.type || {}).forEach(function (t) {
              option(typeSelect, t, types[t] || t);
            });
            Object.keys(filters.tag || {}).sort().forEach(function (t) {
              option(tagSelect, t, t);
            });
            typeSelect.value = wantType;
            tagSelect.value = wantTag;
            return pf;
          });
        });
      });
    }
    return pagefind;
  }

  function search() {
    var query = input.value.trim();
    var filters = {};
    if (typeSelect.value) filters.type = typeSelect.value;
    if (tagSelect.value) filters.tag = tagSelect.value;
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (typeSelect.value) params.set("type", typeSelect.value);
    if (tagSelect.value) params.set("tag", tagSelect.value);
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    var mine = ++latest;
    if (!query && !filters.type && !filters.tag) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    say(form.dataset.loading, query);
    load()
      .then(function (pf) {
        return pf.search(query || null, { filters: filters });
      })
      .then(function (found) {
        return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
      })
      .then(function (pages) {
        if (mine !== latest) return;
        list.replaceChildren();
        pages.forEach(function (page) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = page.url;
          a.textContent = (page.meta && page.meta.title) || page.url;
          var h = document.createElement("h2");
          h.appendChild(a);
          li.appendChild(h);
          li.appendChild(excerpt(page.excerpt || ""));
          list.appendChild(li);
        });
        say(pages.length ? form.dataset.results : form.dataset.none, query);
      })
      .catch(function () {
        if (mine === latest) status.textContent = form.dataset.failed;
      });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  typeSelect.addEventListener("change", search);
  tagSelect.addEventListener("change", search);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search();
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (params.get("type") || params.get("tag")) {
    load().then(function () {
      typeSelect.value = params.get("type") || "";
      tagSelect.value = params.get("tag") || "";
      search();
    });
  } else if (input.value) {
    search();
  }
})();
