// The search page's client, written by vitrine beside the page
// (/recherche/recherche.js). It reads the index files of /recherche/index/
// (see src/search/mod.rs), from the same site only, and fetches the key
// chunks of the reader's words and the documents of the results shown.
"use strict";

(function () {
  var form = document.getElementById("recherche");
  if (!form || !window.fetch) return;
  var field = document.getElementById("recherche-champ");
  var state = document.getElementById("recherche-etat");
  var list = document.getElementById("recherche-resultats");
  var more = document.getElementById("recherche-plus");
  var filters = document.getElementById("recherche-filtres");
  var folder = form.getAttribute("data-index");
  var root = form.getAttribute("data-racine");
  var FILTERS = ["rubrique", "partenaire", "thematique"];
  var SHOWN = 20;
  // The index files' format this client reads (FORMAT in src/search/mod.rs).
  var FORMAT = 2;

  // As src/search/words.rs: accents folded, the same stop words.
  var FOLDS = {
    "à": "a", "â": "a", "ä": "a", "á": "a", "ã": "a", "å": "a", "ç": "c",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "î": "i", "ï": "i", "í": "i",
    "ì": "i", "ô": "o", "ö": "o", "ó": "o", "ò": "o", "õ": "o", "ù": "u",
    "û": "u", "ü": "u", "ú": "u", "ÿ": "y", "ý": "y", "ñ": "n", "œ": "oe",
    "æ": "ae"
  };
  var STOP = new Set(("a au aux avec c ce ces d dans de des du elle en est et etre " +
    "eux il ils j je l la le les leur leurs lui m ma mais me mes n ne nous on ou " +
    "par pas pour qu que qui s sa se ses son sur t ta un une vos votre y").split(" "));
  // What a French word may add to its stem (the index keys stems, the
  // reader types words): « laboratoires » is the key « laboratoir » + « es ».
  var ENDINGS = new Set(("s x e es ee ees er ers ez ent ant ants ante antes ai ais ait " +
    "aient ions iez ons al ale ales aux eur eurs euse euses ive ives if ifs ique " +
    "iques isme ismes iste istes ite ites ion ement ements ment ments ation ations " +
    "ateur ateurs atrice atrices ance ances ence ences elle elles el els ienne " +
    "iennes ien iens ne nes ir ie ies is it ue ues u us i").split(" "));
  ENDINGS.add("");

  function fold(word) {
    return Array.from(word.toLowerCase(), function (c) { return FOLDS[c] || c; }).join("");
  }
  function words(text) {
    return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function prefix(key) {
    return Array.from(key + "___").slice(0, 3).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_";
    }).join("");
  }
  // As bucket_of in src/search/mod.rs: FNV-1a (32 bits) of the prefix.
  function bucketOf(key) {
    var text = prefix(key);
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return hash % meta.buckets;
  }
  // As format_date in src/french.rs, long style: « 1er mars 2026 ».
  var MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(" ");
  function frenchDate(iso) {
    var parts = iso.split("-").map(Number);
    return parts[2] + (parts[2] === 1 ? "er " : " ") + MONTHS[parts[1] - 1] + " " + parts[0];
  }

  // Documents written as gaps: each the difference to the one before (the
  // first: to -1), less one.
  function undelta(gaps) {
    var doc = -1;
    return gaps.map(function (gap) { doc += gap + 1; return doc; });
  }

  // As src/search/compact.rs: numbers written with the characters from
  // "!" to "~" but the quote and the backslash; the first 64 end a number,
  // the other 28 come before its last digit (bijective base 28).
  var DIGIT = [];
  for (var code = 33, value = 0; code < 127; code++) {
    if (code !== 34 && code !== 92) DIGIT[code] = value++;
  }
  function decode(text) {
    var numbers = [];
    var before = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d < 64) {
        numbers.push(before * 64 + d);
        before = 0;
      } else {
        before = before * 28 + d - 63;
      }
    }
    return numbers;
  }

  var meta = null;
  var cache = new Map();
  function load(name) {
    if (!cache.has(name)) {
      var url = folder + name + ".json?v=" + meta.version;
      cache.set(name, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }));
    }
    return cache.get(name);
  }

  // The reader's terms: folded words, stop words left out; the last one
  // also stands for the words it begins, while the reader types it.
  function terms(query) {
    var found = words(query).map(fold).filter(function (w) {
      return !STOP.has(w) && (w.length > 1 || /^\d+$/.test(w));
    });
    var typing = /[\p{L}\p{N}]$/u.test(query);
    return found.map(function (word, i) {
      return { word: word, prefix: typing && i === found.length - 1 && word.length > 2 };
    });
  }
  function matches(key, term) {
    if (key === term.word) return true;
    if (key.length > 2 && term.word.startsWith(key) && ENDINGS.has(term.word.slice(key.length))) {
      return true;
    }
    return term.prefix && key.startsWith(term.word);
  }

  // Documents holding one term → their weight.
  async function postings(term) {
    var docs = new Map();
    var chunk = await load("t-" + bucketOf(term.word));
    Object.keys(chunk).forEach(function (key) {
      if (!matches(key, term)) return;
      // Each posting: (difference to the previous document, the first
      // to -1, less one) × the highest weight + the weight less one.
      var doc = -1;
      decode(chunk[key]).forEach(function (posting) {
        doc += Math.floor(posting / meta.weights) + 1;
        var weight = posting % meta.weights + 1;
        docs.set(doc, Math.max(docs.get(doc) || 0, weight));
      });
    });
    return docs;
  }

  function allowed() {
    var sets = [];
    FILTERS.forEach(function (name) {
      var select = document.getElementById("filtre-" + name);
      if (!select.value) return;
      var value = meta.filtres[name].find(function (v) { return v[0] === select.value; });
      sets.push(new Set(value ? undelta(decode(value[1])) : []));
    });
    return function (doc) { return sets.every(function (s) { return s.has(doc); }); };
  }

  async function search(query) {
    var wanted = terms(query);
    if (!wanted.length) return { terms: wanted, docs: [] };
    var lists = await Promise.all(wanted.map(postings));
    var keep = allowed();
    var scores = [];
    lists[0].forEach(function (weight, doc) {
      var score = weight;
      for (var i = 1; i < lists.length; i++) {
        if (!lists[i].has(doc)) return;
        score += lists[i].get(doc);
      }
      if (keep(doc)) scores.push([doc, score]);
    });
    scores.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { terms: wanted, docs: scores.map(function (s) { return s[0]; }) };
  }

  async function documents(ids) {
    var files = await Promise.all(ids.map(function (id) {
      return load("d-" + Math.floor(id / meta.fragment));
    }));
    return ids.map(function (id, i) { return files[i][id % meta.fragment]; });
  }

  // Whether two folded words are forms of one: a common start of three
  // letters or more, each followed by an ending (« etudiante », « etudiants »).
  function sameWord(a, b) {
    for (var i = Math.min(a.length, b.length); i > 2; i--) {
      if (a.slice(0, i) !== b.slice(0, i)) continue;
      if (ENDINGS.has(a.slice(i)) && ENDINGS.has(b.slice(i))) return true;
    }
    return a === b;
  }
  function highlighted(token, wanted) {
    var folded = fold(token);
    return wanted.some(function (term) {
      return sameWord(folded, term.word) || (term.prefix && folded.startsWith(term.word));
    });
  }

  // Some 30 words of `text` around the first one found, as nodes.
  function excerpt(text, wanted) {
    var tokens = [];
    var re = /[\p{L}\p{N}]+/gu;
    var m;
    while ((m = re.exec(text))) tokens.push([m.index, m[0]]);
    var first = tokens.findIndex(function (t) { return highlighted(t[1], wanted); });
    var from = Math.max(0, first - 10);
    var to = Math.min(tokens.length, from + 32);
    var out = document.createDocumentFragment();
    if (!tokens.length) return out;
    var start = tokens[from][0];
    var end = to < tokens.length ? tokens[to][0] : text.length;
    if (from > 0) out.appendChild(document.createTextNode("… "));
    var at = start;
    tokens.slice(from, to).forEach(function (t) {
      if (!highlighted(t[1], wanted)) return;
      out.appendChild(document.createTextNode(text.slice(at, t[0])));
      var mark = document.createElement("mark");
      mark.textContent = t[1];
      out.appendChild(mark);
      at = t[0] + t[1].length;
    });
    out.appendChild(document.createTextNode(text.slice(at, end).trimEnd()));
    if (end < text.length) out.appendChild(document.createTextNode(" …"));
    return out;
  }

  function item(doc, wanted) {
    var li = document.createElement("li");
    li.className = "resultat";
    var title = document.createElement("h2");
    title.className = "resultat__titre";
    var link = document.createElement("a");
    link.href = root + doc[0].replace(/^\//, "");
    link.textContent = doc[1];
    title.appendChild(link);
    var about = document.createElement("p");
    about.className = "resultat__meta";
    var label = document.createElement("span");
    label.className = "rubrique";
    label.textContent = meta.labels[doc[3]];
    about.appendChild(label);
    if (doc[2]) {
      about.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.setAttribute("datetime", doc[2]);
      time.textContent = frenchDate(doc[2]);
      about.appendChild(time);
    }
    var text = document.createElement("p");
    text.className = "resultat__extrait";
    text.appendChild(excerpt(doc[4], wanted));
    li.append(title, about, text);
    return li;
  }

  var current = { terms: [], docs: [] };
  var shown = 0;
  var run = 0;

  async function show(count, focus) {
    var ids = current.docs.slice(shown, shown + count);
    var docs = await documents(ids);
    var first = null;
    docs.forEach(function (doc) {
      var li = item(doc, current.terms);
      first = first || li.querySelector("a");
      list.appendChild(li);
    });
    shown += ids.length;
    more.hidden = shown >= current.docs.length;
    if (focus && first) first.focus();
  }

  function announce(query, count) {
    if (!query.trim()) {
      state.textContent = "";
      return;
    }
    var quoted = "« " + query.trim() + " »";
    state.textContent = count === 0 ? "Aucun résultat pour " + quoted + "."
      : count === 1 ? "1 résultat pour " + quoted + "."
        : count.toLocaleString("fr-FR") + " résultats pour " + quoted + ".";
  }

  function remember() {
    var params = new URLSearchParams();
    if (field.value) params.set("q", field.value);
    FILTERS.forEach(function (name) {
      var value = document.getElementById("filtre-" + name).value;
      if (value) params.set(name, value);
    });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  async function update() {
    var mine = ++run;
    var query = field.value;
    remember();
    try {
      var found = await search(query);
      if (mine !== run) return;
      current = found;
      shown = 0;
      list.textContent = "";
      await show(SHOWN, false);
      if (mine !== run) return;
      announce(query, found.docs.length);
      form.setAttribute("data-etat", "pret");
    } catch (e) {
      if (mine === run) state.textContent = "La recherche n’a pas pu charger son index. Réessayez plus tard.";
    }
  }

  function fill(name) {
    var select = document.getElementById("filtre-" + name);
    var values = meta.filtres[name];
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v[0];
      option.textContent = v[0];
      select.appendChild(option);
    });
    select.closest(".recherche__filtre").hidden = values.length === 0;
    select.addEventListener("change", update);
  }

  var timer = 0;
  async function start() {
    var missing = document.getElementById("recherche-sans-js");
    if (missing) missing.hidden = true;
    var response = await fetch(folder + "meta.json", { cache: "no-cache" });
    meta = await response.json();
    if (meta.format !== FORMAT) throw new Error("format " + meta.format);
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(fill);
    FILTERS.forEach(function (name) {
      var value = params.get(name);
      if (value) document.getElementById("filtre-" + name).value = value;
    });
    filters.hidden = false;
    field.value = params.get("q") || field.value;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      update();
    });
    more.addEventListener("click", function () { show(SHOWN, true); });
    await update();
  }

  start().catch(function () {
    state.textContent = "La recherche n’a pas pu charger son index. Réessayez plus tard.";
  });
})();
