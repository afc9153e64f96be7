// shuyu review: the page.  Plain JavaScript, no build step, no outside files.
// Every text of the documents is put on the page with textContent, never as HTML.
"use strict";

(() => {
  const BASE = location.pathname.replace(/[^/]*$/, ""); // "/TOKEN/"
  const PAGE = 100; // beads per page
  const TERM_PAGE = 50; // terms per page
  const STATUSES = ["preferred", "admitted", "deprecated", "superseded", "forbidden"];

  const S = {
    view: "align", summary: null,
    start: 0, total: 0, beads: [], current: 0, split: null, cursor: null,
    terms: null, termIdx: 0, termPage: 0, filter: "all", search: "",
  };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ helpers

  async function api(path, body) {
    const opts = body === undefined ? {} :
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    let res;
    try {
      res = await fetch(BASE + path, opts);
    } catch (e) {
      throw new Error("the review server does not answer: is shuyu review still running?");
    }
    let data;
    try { data = await res.json(); } catch (e) { data = { error: `the server answered ${res.status}` }; }
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  let toastTimer = null;
  function toast(message, bad) {
    const t = $("toast");
    t.textContent = message;
    t.className = bad ? "bad" : "";
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, bad ? 6000 : 2500);
  }

  function saved(ok, message) {
    const s = $("saved");
    if (ok) {
      s.textContent = "✓ saved " + new Date().toLocaleTimeString();
      s.title = "every edit is in " + (S.summary ? S.summary.review_file : "the review file");
      s.className = "ok";
    } else {
      s.textContent = message;
      s.className = "bad";
    }
  }

  // one request after the other, in the order the keys were pressed
  let chain = Promise.resolve();
  function queue(fn) {
    chain = chain.then(fn).catch((e) => {
      toast(e.message, true);
      if (/does not answer/.test(e.message)) saved(false, "not saved: the review server has stopped");
    });
    return chain;
  }

  const fmt = (n) => Number(n).toLocaleString("en");
  const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

  function marked(text, spans) {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [a, b] of spans || []) {
      if (a > at) frag.append(document.createTextNode(text.slice(at, a)));
      frag.append(el("mark", "", text.slice(a, b)));
      at = b;
    }
    if (at < text.length) frag.append(document.createTextNode(text.slice(at)));
    return frag;
  }

  // ------------------------------------------------------------------ summary

  function renderSummary() {
    const s = S.summary;
    if (!s) return;
    $("title").textContent = s.title;
    document.title = `shuyu review — ${s.title}`;
    $("count-align").textContent = `(${fmt(s.beads)})`;
    $("count-terms").textContent = `(${fmt(s.terms)})`;
    const parts = [`${fmt(s.reviewed)} of ${fmt(s.beads)} beads reviewed`];
    if (s.low) parts.push(`${fmt(s.low)} low-confidence left`);
    if (s.terms) parts.push(`${fmt(s.accepted)} accepted, ${fmt(s.rejected)} rejected of ${fmt(s.terms)} terms`);
    $("progress").textContent = parts.join(" · ");
    headHeight();
    $("b-undo").disabled = !s.undo.align;
    $("b-redo").disabled = !s.redo.align;
    $("t-undo").disabled = !s.undo.terms;
    $("t-redo").disabled = !s.redo.terms;
  }

  // ------------------------------------------------------------------ alignment view

  const pageStart = (i) => Math.floor(i / PAGE) * PAGE;

  async function loadPage(start, focus) {
    const data = await api(`api/beads?start=${start}&count=${PAGE}`);
    S.start = pageStart(data.start);
    if (S.start !== data.start) return loadPage(S.start, focus);
    S.total = data.total;
    S.beads = data.beads;
    if (focus !== undefined) S.current = clamp(focus, 0, S.total - 1);
    S.current = clamp(S.current, S.start, S.start + S.beads.length - 1);
    renderBeads();
  }

  function sentences(cell, list, side) {
    list.forEach(([index, text, para, heading], k) => {
      const s = el("span", "sent" + (heading ? " heading" : ""));
      s.dataset.side = side;
      s.dataset.k = String(k);
      if (para) s.append(el("span", "para", heading ? "H" : "¶"));
      s.append(document.createTextNode(text));
      s.title = `${side === "en" ? "English" : "Chinese"} sentence ${index + 1}` +
        (heading ? " (heading)" : para ? " (starts a paragraph)" : "");
      cell.append(s);
    });
    if (!list.length) cell.append(el("span", "none", "— nothing —"));
  }

  function beadRow(b) {
    const tr = el("tr");
    tr.dataset.n = String(b.n);
    const cls = [];
    if (b.low && !b.status) cls.push("low");
    if (b.status) cls.push(b.status);
    if (b.n === S.current) cls.push("current");
    const para = (b.en.length && b.en[0][2]) || (b.zh.length && b.zh[0][2]);
    if (para) cls.push("para-start");
    tr.className = cls.join(" ");
    const num = el("td", "num", b.n + 1);
    if (b.status === "confirmed") num.append(el("span", "mark-ok", "✓"));
    if (b.status === "edited") num.append(el("span", "mark-edit", "✎"));
    const en = el("td", "en");
    en.lang = "en";
    sentences(en, b.en, "en");
    const zh = el("td", "zh");
    zh.lang = "zh";
    sentences(zh, b.zh, "zh");
    const kind = el("td", "kind", b.kind);
    const conf = el("td", "conf");
    const bar = el("span", "bar");
    const fill = el("span", "fill");
    fill.style.width = `${Math.round(b.confidence * 100)}%`;
    bar.append(fill);
    conf.append(el("span", "value", b.confidence.toFixed(3)), bar);
    if (b.status) conf.append(el("span", "state", b.status));
    else if (b.low) conf.append(el("span", "state low-label", "check"));
    tr.append(num, en, zh, kind, conf);
    tr.addEventListener("click", (ev) => {
      if (ev.target.closest(".split-row")) return;
      if (S.split && S.split.n !== b.n) S.split = null;
      select(b.n);
    });
    return tr;
  }

  function splitRow(b) {
    const tr = el("tr", "split-row");
    const td = el("td");
    td.colSpan = 5;
    td.append(el("div", "split-title", `Split bead ${b.n + 1}: the second bead starts at…`));
    const box = el("div", "split-sides");
    for (const side of ["en", "zh"]) {
      const list = b[side];
      const fs = el("fieldset", "split-" + side);
      fs.append(el("legend", "", side === "en" ? "English (↑ ↓)" : "Chinese (Shift + ↑ ↓)"));
      for (let k = 0; k <= list.length; k++) {
        const label = el("label");
        const radio = el("input");
        radio.type = "radio";
        radio.name = "cut-" + side;
        radio.value = String(k);
        radio.checked = S.split[side] === k;
        radio.addEventListener("change", () => { S.split[side] = k; renderBeads(); });
        let text;
        if (!list.length) text = "no sentence on this side";
        else if (k === 0) text = "before its first sentence (all of it goes to the second bead)";
        else if (k === list.length) text = "after its last sentence (all of it stays in the first bead)";
        else text = "before “" + list[k][1] + "”";
        label.append(radio, document.createTextNode(" " + text));
        fs.append(label);
      }
      box.append(fs);
    }
    td.append(box);
    const go = el("button", "primary", "Split (Enter)");
    go.id = "split-go";
    go.addEventListener("click", () => queue(applySplit));
    const cancel = el("button", "", "Cancel (Esc)");
    cancel.addEventListener("click", () => { S.split = null; renderBeads(); });
    td.append(go, cancel);
    tr.append(td);
    return tr;
  }

  function renderBeads() {
    const rows = [];
    for (const b of S.beads) {
      rows.push(beadRow(b));
      if (S.split && S.split.n === b.n) rows.push(splitRow(b));
    }
    $("bead-rows").replaceChildren(...rows);
    const last = S.start + S.beads.length;
    $("p-info").textContent = S.total ? `beads ${fmt(S.start + 1)}–${fmt(last)} of ${fmt(S.total)}` : "no beads";
    $("p-prev").disabled = S.start === 0;
    $("p-next").disabled = last >= S.total;
  }

  function currentRow() {
    return document.querySelector(`#bead-rows tr[data-n="${S.current}"]`);
  }

  function select(n) {
    const old = currentRow();
    if (old) old.classList.remove("current");
    S.current = n;
    const row = currentRow();
    if (row) row.classList.add("current");
    remember();
  }

  function scrollToCurrent() {
    const row = currentRow();
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  async function show(n, center) {
    if (!S.total) return;
    n = clamp(n, 0, S.total - 1);
    if (n < S.start || n >= S.start + S.beads.length) await loadPage(pageStart(n), n);
    if (S.split && S.split.n !== n) { S.split = null; renderBeads(); }
    select(n);
    const row = currentRow();
    if (row) row.scrollIntoView({ block: center ? "center" : "nearest" });
  }

  function bead() {
    return S.beads.find((b) => b.n === S.current);
  }

  async function afterAlign(r) {
    S.summary = r.summary;
    renderSummary();
    S.split = null;
    S.terms = null; // the beads of the examples may have moved
    await loadPage(pageStart(r.focus), r.focus);
    scrollToCurrent();
    saved(true);
  }

  async function edit(op, extra) {
    const r = await api("api/edit", Object.assign({ op, bead: S.current }, extra || {}));
    await afterAlign(r);
  }

  async function step(view, redo) {
    const r = await api(redo ? "api/redo" : "api/undo", { view });
    if (view === "align") {
      await afterAlign(r);
    } else {
      S.summary = r.summary;
      renderSummary();
      replaceTerm(r.term);
      S.termIdx = r.focus;
      showTerm(r.focus);
      saved(true);
    }
  }

  function startSplit() {
    const b = bead();
    if (!b) return;
    if (b.en.length + b.zh.length < 2) { toast(`bead ${b.n + 1} has one sentence: there is nothing to split`, true); return; }
    let en = Math.ceil(b.en.length / 2), zh = Math.ceil(b.zh.length / 2);
    if (en === b.en.length && zh === b.zh.length) zh = 0;
    if (en === 0 && zh === 0) en = b.en.length;
    S.split = { n: b.n, en, zh };
    renderBeads();
    scrollToCurrent();
  }

  async function applySplit() {
    if (!S.split) return;
    const { n, en, zh } = S.split;
    S.current = n;
    await edit("split", { en_at: en, zh_at: zh });
  }

  // "next to review" goes through the beads not reviewed yet from the lowest confidence up; the cursor is
  // where that walk is (not the bead selected by hand), so the first press goes to the lowest
  async function nextToReview() {
    const r = await api("api/next" + (S.cursor === null ? "" : `?from=${S.cursor}`));
    if (r.bead === null) { toast("every bead is reviewed"); return; }
    S.cursor = r.bead;
    await show(r.bead, true);
  }

  // ------------------------------------------------------------------ terms view

  async function loadTerms() {
    S.terms = (await api("api/terms")).terms;
  }

  function duplicates() {
    // accepted terms that make one English term preferred with two different Chinese terms
    const seen = new Map();
    for (const t of S.terms) {
      if (t.decision !== "accept" || (t.status && t.status !== "preferred")) continue;
      const key = t.en.toLowerCase();
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key).push(t);
    }
    const out = new Map();
    for (const list of seen.values()) {
      const zhs = new Set(list.map((t) => t.zh));
      if (zhs.size < 2) continue;
      for (const t of list) {
        const others = list.filter((o) => o.zh !== t.zh).map((o) => `${o.zh} (#${o.i + 1})`);
        out.set(t.i, `also accepted as preferred for “${t.en}”: ${others.join(", ")}`);
      }
    }
    return out;
  }

  function conflictsOf(t, dup) {
    const list = t.conflicts.slice();
    if (dup.has(t.i)) list.push(dup.get(t.i));
    return list;
  }

  function filtered() {
    const dup = duplicates();
    const q = S.search.trim().toLowerCase();
    return S.terms.filter((t) => {
      if (S.filter === "undecided" && t.decision) return false;
      if ((S.filter === "accept" || S.filter === "reject") && t.decision !== S.filter) return false;
      if (S.filter === "conflict" && !conflictsOf(t, dup).length) return false;
      if (S.filter === "known" && !t.known) return false;
      return !q || t.en.toLowerCase().includes(q) || t.zh.includes(q);
    });
  }

  function termCard(t, dup) {
    const card = el("article", "term");
    card.dataset.i = String(t.i);
    const cls = ["term"];
    if (t.decision) cls.push(t.decision === "accept" ? "accepted" : "rejected");
    if (t.i === S.termIdx) cls.push("current");
    if (t.known) cls.push("known");
    const conflicts = conflictsOf(t, dup);
    if (conflicts.length) cls.push("conflict");
    card.className = cls.join(" ");

    const head = el("div", "term-head");
    head.append(el("span", "idx", `#${t.i + 1}`));
    for (const side of ["en", "zh"]) {
      const input = el("input", "term-" + side);
      input.value = t[side];
      input.lang = side;
      input.setAttribute("aria-label", side === "en" ? "English term" : "Chinese term");
      input.title = t[side] !== t["mined_" + side] ? `mined as “${t["mined_" + side]}”` : "Enter keeps an edit, Esc drops it";
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") { ev.preventDefault(); input.blur(); }
        if (ev.key === "Escape") { ev.preventDefault(); input.value = t[side]; input.blur(); }
      });
      input.addEventListener("change", () => {
        const value = input.value.trim();
        if (value && value !== t[side]) queue(() => termEdit(t.i, { [side]: value }));
        else input.value = t[side];
      });
      input.addEventListener("focus", () => selectTerm(t.i));
      head.append(input);
      if (side === "en") head.append(el("span", "eq", "="));
    }
    if (t.known) head.append(el("span", "badge known-badge", "in glossary"));
    if (conflicts.length) head.append(el("span", "badge conflict-badge", "conflict"));
    const acts = el("span", "acts");
    const acc = el("button", "accept" + (t.decision === "accept" ? " on" : ""), "Accept");
    acc.setAttribute("aria-pressed", String(t.decision === "accept"));
    acc.title = "Accept (a)";
    acc.addEventListener("click", () => queue(() => termEdit(t.i, { decision: t.decision === "accept" ? "" : "accept" })));
    const rej = el("button", "reject" + (t.decision === "reject" ? " on" : ""), "Reject");
    rej.setAttribute("aria-pressed", String(t.decision === "reject"));
    rej.title = "Reject (x)";
    rej.addEventListener("click", () => queue(() => termEdit(t.i, { decision: t.decision === "reject" ? "" : "reject" })));
    const sel = el("select", "status");
    sel.setAttribute("aria-label", "Status");
    sel.title = "Status of the Chinese term once accepted (p, i, d, f)";
    const none = el("option", "", "status: preferred");
    none.value = "";
    sel.append(none);
    for (const st of STATUSES) {
      const o = el("option", "", st);
      o.value = st;
      sel.append(o);
    }
    sel.value = t.status;
    sel.addEventListener("change", () => queue(() => termEdit(t.i, { status: sel.value })));
    acts.append(acc, rej, sel);
    head.append(acts);
    card.append(head);

    const meta = el("div", "meta");
    const bits = [`score ${t.score.toFixed(3)}`, `EN ×${t.freq_en}`, `ZH ×${t.freq_zh}`, `together ×${t.freq_joint}`,
      `in ${t.seen} bead${t.seen === 1 ? "" : "s"}`];
    if (t.signals.length) bits.push(`evidence: ${t.signals.join(", ")}`);
    if (t.alternatives.length) bits.push(`also rendered: ${t.alternatives.join(", ")}`);
    if (t.en !== t.mined_en || t.zh !== t.mined_zh) bits.push(`mined as ${t.mined_en} = ${t.mined_zh}`);
    meta.textContent = bits.join(" · ");
    card.append(meta);

    if (conflicts.length) {
      const ul = el("ul", "conflicts");
      for (const c of conflicts) ul.append(el("li", "", c));
      card.append(ul);
    }
    const exs = el("div", "examples");
    for (const x of t.examples) {
      const ex = el("div", "example");
      if (x.bead !== null) {
        const link = el("button", "bead-link", `bead ${x.bead + 1}`);
        link.title = "Show this bead in the alignment (b for the first example)";
        link.addEventListener("click", () => queue(() => jumpTo(x.bead)));
        ex.append(link);
      } else {
        ex.append(el("span", "bead-link none", "example"));
      }
      const en = el("div", "ex-en");
      en.lang = "en";
      en.append(marked(x.en.text, x.en.spans));
      const zh = el("div", "ex-zh");
      zh.lang = "zh";
      zh.append(marked(x.zh.text, x.zh.spans));
      ex.append(en, zh);
      exs.append(ex);
    }
    if (!t.examples.length) exs.append(el("div", "none", "no example in a bead with both terms"));
    card.append(exs);
    card.addEventListener("click", (ev) => {
      if (!ev.target.closest("input, select, button")) selectTerm(t.i);
    });
    return card;
  }

  function renderTerms() {
    const list = filtered();
    const pages = Math.max(1, Math.ceil(list.length / TERM_PAGE));
    S.termPage = clamp(S.termPage, 0, pages - 1);
    const shown = list.slice(S.termPage * TERM_PAGE, (S.termPage + 1) * TERM_PAGE);
    const dup = duplicates();
    const box = $("term-list");
    if (!S.terms.length) {
      box.replaceChildren(el("p", "none", "No term candidates: this folder has no glossary.xlsx (shuyu run writes one)."));
    } else if (!shown.length) {
      box.replaceChildren(el("p", "none", "No term matches."));
    } else {
      box.replaceChildren(...shown.map((t) => termCard(t, dup)));
    }
    $("tp-info").textContent = list.length ?
      `terms ${fmt(S.termPage * TERM_PAGE + 1)}–${fmt(S.termPage * TERM_PAGE + shown.length)} of ${fmt(list.length)}` : "";
    $("tp-prev").disabled = S.termPage === 0;
    $("tp-next").disabled = S.termPage >= pages - 1;
  }

  function termCardOf(i) {
    return document.querySelector(`#term-list article[data-i="${i}"]`);
  }

  function selectTerm(i) {
    const old = termCardOf(S.termIdx);
    if (old) old.classList.remove("current");
    S.termIdx = i;
    const card = termCardOf(i);
    if (card) card.classList.add("current");
  }

  function showTerm(i) {
    const list = filtered();
    const at = list.findIndex((t) => t.i === i);
    if (at >= 0 && Math.floor(at / TERM_PAGE) !== S.termPage) S.termPage = Math.floor(at / TERM_PAGE);
    S.termIdx = i;
    renderTerms();
    const card = termCardOf(i);
    if (card) card.scrollIntoView({ block: "nearest" });
  }

  function moveTerm(delta) {
    const list = filtered();
    if (!list.length) return;
    let at = list.findIndex((t) => t.i === S.termIdx);
    at = at < 0 ? 0 : clamp(at + delta, 0, list.length - 1);
    const i = list[at].i;
    if (Math.floor(at / TERM_PAGE) !== S.termPage) showTerm(i);
    else { selectTerm(i); const c = termCardOf(i); if (c) c.scrollIntoView({ block: "nearest" }); }
  }

  function replaceTerm(t) {
    if (!S.terms || !t) return;
    S.terms[t.i] = t;
  }

  async function termEdit(i, change) {
    const r = await api("api/term", Object.assign({ term: i }, change));
    replaceTerm(r.term);
    S.summary = r.summary;
    renderSummary();
    S.termIdx = i;
    renderTerms();
    const card = termCardOf(i);
    if (card) card.scrollIntoView({ block: "nearest" });
    saved(true);
  }

  async function jumpTo(n) {
    await switchView("align");
    await show(n, true);
    const row = currentRow();
    if (row) {
      row.classList.add("flash");
      setTimeout(() => row.classList.remove("flash"), 1500);
    }
  }

  // ------------------------------------------------------------------ views

  async function switchView(view) {
    S.view = view;
    $("view-align").hidden = view !== "align";
    $("view-terms").hidden = view !== "terms";
    $("keys-align").hidden = view !== "align";
    $("keys-terms").hidden = view !== "terms";
    for (const tab of document.querySelectorAll(".tab")) {
      const on = tab.dataset.view === view;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", String(on));
    }
    if (view === "terms") {
      if (S.terms === null) await loadTerms();
      renderTerms();
    }
    headHeight();
    remember();
  }

  function remember() {
    history.replaceState(null, "", `#${S.view === "terms" ? "terms" : "bead=" + (S.current + 1)}`);
  }

  async function exportAll() {
    const r = await api("api/export", {});
    const ul = $("exported-list");
    ul.replaceChildren(...r.written.map(([role, path]) => {
      const li = el("li");
      li.append(el("b", "", role + ": "), el("code", "", path));
      return li;
    }));
    $("exported").showModal();
    saved(true);
  }

  // ------------------------------------------------------------------ keys

  function alignKey(ev) {
    const k = ev.key;
    if (S.split) {
      const b = bead();
      if (k === "Escape") { S.split = null; renderBeads(); }
      else if (k === "Enter") queue(applySplit);
      else if ((k === "ArrowUp" || k === "ArrowDown") && b) {
        const side = ev.shiftKey ? "zh" : "en";
        S.split[side] = clamp(S.split[side] + (k === "ArrowDown" ? 1 : -1), 0, b[side].length);
        renderBeads();
      } else return false;
      return true;
    }
    const ctrl = ev.ctrlKey || ev.metaKey;
    if (ctrl && (k === "z" || k === "Z")) { queue(() => step("align", ev.shiftKey)); return true; }
    if (ctrl && (k === "y" || k === "Y")) { queue(() => step("align", true)); return true; }
    if (ctrl || ev.altKey) return false;
    const actions = {
      j: () => queue(() => show(S.current + 1)), ArrowDown: () => queue(() => show(S.current + 1)),
      k: () => queue(() => show(S.current - 1)), ArrowUp: () => queue(() => show(S.current - 1)),
      n: () => queue(nextToReview),
      m: () => queue(() => edit("merge")), M: () => queue(() => edit("merge_prev")),
      s: () => startSplit(),
      "[": () => queue(() => edit("move", { side: "en", to: "prev" })),
      "]": () => queue(() => edit("move", { side: "en", to: "next" })),
      "{": () => queue(() => edit("move", { side: "zh", to: "prev" })),
      "}": () => queue(() => edit("move", { side: "zh", to: "next" })),
      c: () => queue(() => edit("confirm")), " ": () => queue(() => edit("confirm")),
      u: () => queue(() => step("align", false)), r: () => queue(() => step("align", true)),
      PageDown: () => queue(() => show(Math.min(S.start + PAGE, S.total - 1))),
      PageUp: () => queue(() => show(Math.max(S.start - PAGE, 0))),
      g: () => { $("goto").focus(); $("goto").select(); },
      v: () => queue(() => switchView("terms")),
    };
    if (!actions[k]) return false;
    actions[k]();
    return true;
  }

  function termKey(ev) {
    const k = ev.key;
    const ctrl = ev.ctrlKey || ev.metaKey;
    if (ctrl && (k === "z" || k === "Z")) { queue(() => step("terms", ev.shiftKey)); return true; }
    if (ctrl && (k === "y" || k === "Y")) { queue(() => step("terms", true)); return true; }
    if (ctrl || ev.altKey) return false;
    const t = S.terms && S.terms[S.termIdx];
    const set = (change) => () => { if (t) queue(() => termEdit(t.i, change)); };
    const focusInput = (side) => () => {
      const card = termCardOf(S.termIdx);
      const input = card && card.querySelector(".term-" + side);
      if (input) { input.focus(); input.select(); }
    };
    const actions = {
      j: () => moveTerm(1), ArrowDown: () => moveTerm(1), k: () => moveTerm(-1), ArrowUp: () => moveTerm(-1),
      a: set({ decision: "accept" }), x: set({ decision: "reject" }), 0: set({ decision: "" }),
      p: set({ status: "preferred" }), i: set({ status: "admitted" }), d: set({ status: "deprecated" }),
      f: set({ status: "forbidden" }),
      e: focusInput("en"), z: focusInput("zh"),
      b: () => { if (t && t.examples.length && t.examples[0].bead !== null) queue(() => jumpTo(t.examples[0].bead)); },
      "/": () => $("search").focus(),
      u: () => queue(() => step("terms", false)), r: () => queue(() => step("terms", true)),
      PageDown: () => { S.termPage += 1; renderTerms(); }, PageUp: () => { S.termPage -= 1; renderTerms(); },
      v: () => queue(() => switchView("align")),
    };
    if (!actions[k]) return false;
    actions[k]();
    return true;
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest && ev.target.closest("input:not([type=radio]), select, textarea, dialog")) return;
    if (ev.target.tagName === "BUTTON" && (ev.key === " " || ev.key === "Enter")) return; // the button's own click
    if (ev.key === "?") { $("keys").classList.toggle("big"); ev.preventDefault(); return; }
    const done = S.view === "align" ? alignKey(ev) : termKey(ev);
    if (done) ev.preventDefault();
  });

  // ------------------------------------------------------------------ buttons

  function wire() {
    for (const tab of document.querySelectorAll(".tab")) {
      tab.addEventListener("click", () => queue(() => switchView(tab.dataset.view)));
    }
    const on = (id, fn) => $(id).addEventListener("click", () => queue(fn));
    on("b-next", nextToReview);
    on("b-merge", () => edit("merge"));
    on("b-merge-prev", () => edit("merge_prev"));
    $("b-split").addEventListener("click", startSplit);
    on("b-en-prev", () => edit("move", { side: "en", to: "prev" }));
    on("b-en-next", () => edit("move", { side: "en", to: "next" }));
    on("b-zh-prev", () => edit("move", { side: "zh", to: "prev" }));
    on("b-zh-next", () => edit("move", { side: "zh", to: "next" }));
    on("b-confirm", () => edit("confirm"));
    on("b-undo", () => step("align", false));
    on("b-redo", () => step("align", true));
    on("t-undo", () => step("terms", false));
    on("t-redo", () => step("terms", true));
    on("p-prev", () => show(Math.max(S.start - PAGE, 0)));
    on("p-next", () => show(Math.min(S.start + PAGE, S.total - 1)));
    $("tp-prev").addEventListener("click", () => { S.termPage -= 1; renderTerms(); });
    $("tp-next").addEventListener("click", () => { S.termPage += 1; renderTerms(); });
    $("goto").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        const n = parseInt($("goto").value, 10);
        if (n >= 1) { $("goto").blur(); queue(() => show(n - 1, true)); }
      }
      if (ev.key === "Escape") $("goto").blur();
    });
    $("filter").addEventListener("change", () => { S.filter = $("filter").value; S.termPage = 0; renderTerms(); });
    $("search").addEventListener("input", () => { S.search = $("search").value; S.termPage = 0; renderTerms(); });
    $("search").addEventListener("keydown", (ev) => { if (ev.key === "Escape" || ev.key === "Enter") $("search").blur(); });
    on("export", exportAll);
    $("exported-close").addEventListener("click", () => $("exported").close());
  }

  // the sticky header and toolbar and the fixed key list: rows scrolled into view stay clear of them
  function headHeight() {
    const root = document.documentElement.style;
    root.setProperty("--head", `${$("top").offsetHeight}px`);
    const tools = document.querySelector(".view:not([hidden]) .toolbar");
    root.setProperty("--tools", `${tools ? tools.offsetHeight : 0}px`);
    root.setProperty("--foot", `${$("keys").offsetHeight}px`);
  }

  async function start() {
    wire();
    headHeight();
    window.addEventListener("resize", headHeight);
    S.summary = await api("api/summary");
    renderSummary();
    const hash = location.hash.slice(1);
    const m = /^bead=(\d+)$/.exec(hash);
    const first = m ? parseInt(m[1], 10) - 1 : 0;
    await loadPage(pageStart(Math.max(first, 0)), Math.max(first, 0));
    scrollToCurrent();
    if (hash === "terms") await switchView("terms");
    document.body.classList.add("ready");
    saved(true);
    $("saved").textContent = "edits are saved as you make them";
  }

  queue(start);
})();
