// The page's behaviour: views, the "show" level, periods, filters, search, the evidence panel.
// Positions come from kg/layout.py (physics is off unless switched on). Article text only ever
// reaches the document through textContent (never innerHTML), and vis-network shows string
// tooltips with innerText, so text from articles cannot run.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const CHANGED = "#d7191c";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // -- views: lookups built once per view ------------------------------------------------------
  data.views.forEach((v) => {
    v.node = new Map(v.nodes.map((n) => [n.id, n]));
    v.index = new Map(v.order.map((id, i) => [id, i]));
    v.edgesOf = new Map();
    v.edges.forEach((e) => {
      [e.from, e.to].forEach((id) => {
        if (!v.edgesOf.has(id)) v.edgesOf.set(id, []);
        v.edgesOf.get(id).push(e);
      });
    });
    v.rows = new Map();
    Object.entries(v.periods).forEach(([freq, rows]) =>
      rows.forEach((row) => v.rows.set(row.period, Object.assign(row, { freq: freq }))));
  });

  const nodes = new vis.DataSet([]);
  const edges = new vis.DataSet([]);
  const network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, data.options);
  const state = {
    view: data.views[0], level: 0, revealed: new Set(), focus: null, side: null,
    period: "", compare: "", predicates: null, signs: null, minConfidence: 0, since: "", until: "",
  };
  const kg = {
    network: network, nodes: nodes, edges: edges, data: data, state: state,
    settled: false, settledAt: null, visibleEdges: 0, visibleNodes: 0, changed: [],
  };
  window.kg = kg;
  let drawn = { nodes: new Set(), edges: new Map(), look: new Map(), edgeLook: new Map() };

  // -- periods and sides -----------------------------------------------------------------------
  // "2017" | "2017-Q2" | "2017-03" -> inclusive [since, until] prefixes of ISO dates.
  function bounds(period) {
    const q = /^(\d{4})-Q([1-4])$/.exec(period);
    if (q) {
      const first = 3 * Number(q[2]) - 2;
      const pad = (m) => String(m).padStart(2, "0");
      return [`${q[1]}-${pad(first)}`, `${q[1]}-${pad(first + 2)}`];
    }
    return [period, period];
  }

  function currentSides() {
    return state.period ? state.view.rows.get(state.period).sides : state.view.sides;
  }

  // Side of each actor (by id) in the current period, or overall.
  function sideMap(sides) {
    const map = new Map();
    const view = state.view;
    sides.forEach((s, i) => s.members.forEach((m) => map.set(typeof m === "number" ? view.order[m] : m, i)));
    return map;
  }

  // Same rule as kg.analysis.match_blocs / side_changes: a side continues the earlier side it
  // shares the largest share (Jaccard) of actors with; an actor on a side in both periods
  // changed side when its later side does not continue its earlier one.
  function matchSides(after, before) {
    const owner = new Map();
    before.forEach((b, i) => b.forEach((n) => owner.set(n, i)));
    return after.map((a) => {
      const shared = new Map();
      a.forEach((n) => { if (owner.has(n)) shared.set(owner.get(n), (shared.get(owner.get(n)) || 0) + 1); });
      let best = null, score = -1;
      Array.from(shared.keys()).sort((x, y) => x - y).forEach((i) => {
        const union = new Set([...a, ...before[i]]).size;
        const s = shared.get(i) / union;
        if (s > score) { score = s; best = i; }
      });
      return best;
    });
  }

  function sideChanges(before, after) {
    const continues = matchSides(after, before);
    const was = new Map();
    before.forEach((b, i) => b.forEach((n) => was.set(n, i)));
    const changes = [];
    after.forEach((a, j) => a.forEach((n) => {
      if (was.has(n) && continues[j] !== was.get(n)) changes.push([n, was.get(n), j]);
    }));
    return changes.sort((x, y) => x[0] - y[0]);
  }
  kg.sideChanges = sideChanges;

  // -- filters -------------------------------------------------------------------------------
  function readFilters() {
    state.predicates = new Set(
      Array.from(document.querySelectorAll("input[name=predicate]:checked"), (i) => i.value));
    state.signs = new Set(
      Array.from(document.querySelectorAll("input[name=sign]:checked"), (i) => Number(i.value)));
    state.minConfidence = Number($("min-confidence").value);
    $("min-confidence-value").textContent = state.minConfidence.toFixed(2);
    state.since = $("since").value;
    state.until = $("until").value;
  }

  // Same rule as kg.analysis.in_window: inclusive bounds; undated claims only without bounds.
  function within(d, since, until) {
    if (!since && !until) return true;
    if (!d) return false;
    if (since && d < since) return false;
    if (until && d > until + "\uffff") return false;
    return true;
  }

  function inWindow(claim) {
    const doc = data.documents[claim.doc];
    const d = doc && doc.date ? String(doc.date).slice(0, 10) : "";
    if (!within(d, state.since, state.until)) return false;
    if (state.period) {
      const [since, until] = bounds(state.period);
      if (!within(d, since, until)) return false;
    }
    return true;
  }

  function passing(tie) {
    if (!state.predicates.has(tie.predicate) || !state.signs.has(tie.sign)) return [];
    return tie.claims.filter((c) => c.confidence >= state.minConfidence && inWindow(c));
  }

  // A tie's evidence weight, as kg/page.py's tie_weight: weighing by events, each event
  // counts once, at its most confident report; a claim with no event counts alone.
  function evidenceWeight(claims) {
    if (data.weigh === "reports") return claims.reduce((s, c) => s + c.confidence, 0);
    const best = new Map();
    let alone = 0;
    claims.forEach((c) => {
      if (c.event === null || c.event === undefined) alone += c.confidence;
      else best.set(c.event, Math.max(best.get(c.event) || 0, c.confidence));
    });
    let sum = alone;
    best.forEach((w) => { sum += w; });
    return sum;
  }
  kg.evidenceWeight = evidenceWeight;

  // The claims grouped by the event they report (a claim with no event alone), in the
  // order the events happened (undated last), the best-supported first on a day:
  // [{event, claims}].
  function byEvent(claims) {
    const groups = new Map();
    claims.forEach((c, i) => {
      const key = c.event === null || c.event === undefined ? `claim ${i}` : `event ${c.event}`;
      if (!groups.has(key)) groups.set(key, { event: c.event, claims: [] });
      groups.get(key).claims.push(c);
    });
    const best = (g) => Math.max(...g.claims.map((c) => c.confidence));
    const day = (g) => {
      const info = g.event === null || g.event === undefined ? null : data.events[g.event];
      const doc = data.documents[g.claims[0].doc] || {};
      return (info ? info.date : doc.date) || "\uffff";
    };
    return Array.from(groups.values()).sort((a, b) =>
      day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : best(b) - best(a));
  }
  kg.byEvent = byEvent;

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function widthOf(weight) {
    // Rounded like kg/page.py's _width, so unchanged edges compare equal.
    return Math.round(Math.min(data.maxWidth, 0.5 + 1.5 * Math.sqrt(weight)) * 1000) / 1000;
  }

  // -- tooltips (plain strings: vis-network shows them with innerText) ------------------------
  function label(id) {
    const a = state.view.actors[id];
    return a ? a.label : id;
  }

  function sideName(i) {
    return i === null || i === undefined ? "unaligned" : state.view.sides[i].name;
  }

  function nodeTitle(id) {
    const a = state.view.actors[id];
    return [
      a.label,
      `${data.kinds[a.kind].label} · ${sideName(a.side)}`,
      `PageRank ${a.pagerank.toFixed(3)} · betweenness ${a.betweenness.toFixed(3)}`,
      `ties +${a.positive} / −${a.negative}`,
      "click: its ties and neighbourhood",
    ].join("\n");
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1).trimEnd() + "…";
  }

  function documentName(claim) {
    const doc = data.documents[claim.doc] || {};
    return doc.title || doc.id || "untitled document";
  }

  function edgeTitle(e) {
    const tie = state.view.ties[e.id];
    const claims = tie.claims;
    const weight = evidenceWeight(claims);
    const style = data.predicates[tie.predicate];
    return [
      `${label(e.from)} ${tie.directed ? "→" : "—"} ${label(e.to)}`,
      `${style.label}: ${plural(byEvent(claims).length, "event")}, ${plural(claims.length, "report")}, evidence weight ${weight.toFixed(2)}`,
      `strongest (${claims[0].confidence.toFixed(2)}, ${documentName(claims[0])}): “${shorten(claims[0].sentence, 240)}”`,
      "click: all the sentences",
    ].join("\n");
  }

  // -- drawing -------------------------------------------------------------------------------
  function positionOf(id) {
    const xy = state.view.levels[state.level].xy;
    const i = state.view.index.get(id);
    return { x: xy[2 * i], y: xy[2 * i + 1] };
  }

  // (Re)build the data sets: the level's actors, those revealed by search, and their ties.
  function draw() {
    const view = state.view;
    const size = view.levels[state.level].size;
    const ids = new Set(view.order.slice(0, size));
    state.revealed.forEach((id) => ids.add(id));
    const edgeItems = [];
    drawn = { nodes: ids, edges: new Map(), look: new Map(), edgeLook: new Map() };
    view.edges.forEach((e) => {
      if (ids.has(e.from) && ids.has(e.to)) {
        drawn.edges.set(e.id, e);
        drawn.edgeLook.set(e.id, { hidden: false, width: e.width, color: e.color });
        edgeItems.push(Object.assign({}, e, { title: edgeTitle(e) }));
      }
    });
    // Labelled actors last: their names are drawn over the others.
    const nodeItems = Array.from(ids, (id) => {
      const n = view.node.get(id);
      drawn.look.set(id, { hidden: false, color: n.color, label: n.label || null, border: null });
      return Object.assign({}, n, positionOf(id), { title: nodeTitle(id) });
    }).sort((a, b) => (a.label ? 1 : 0) - (b.label ? 1 : 0));
    network.setOptions({ physics: { enabled: $("physics").checked } });
    nodes.clear();
    edges.clear();
    nodes.add(nodeItems);
    edges.add(edgeItems);
    refresh();
  }

  // The focused actor and the actors it has a visible tie with.
  function neighbourhood(id, visible) {
    const near = new Set([id]);
    (state.view.edgesOf.get(id) || []).forEach((e) => {
      if (drawn.edges.has(e.id) && (!visible || visible.has(e.id))) {
        near.add(e.from);
        near.add(e.to);
      }
    });
    return near;
  }

  function refresh() {
    readFilters();
    const view = state.view;
    const visible = new Set();
    const weights = {};
    const active = new Set();
    let shownClaims = 0, totalClaims = 0;
    // An actor stays while one of its ties on the page passes the filters, drawn or not.
    const tied = new Set();
    view.edges.forEach((e) => {
      if (!drawn.nodes.has(e.from) && !drawn.nodes.has(e.to)) return;
      tied.add(e.from); tied.add(e.to);
      const claims = passing(view.ties[e.id]);
      if (!claims.length) return;
      active.add(e.from); active.add(e.to);
      if (drawn.edges.has(e.id)) {
        visible.add(e.id);
        weights[e.id] = evidenceWeight(claims);
        shownClaims += claims.length;
      }
    });
    drawn.edges.forEach((e) => { totalClaims += view.ties[e.id].claims.length; });
    const near = state.focus ? neighbourhood(state.focus, visible) : null;
    const sides = currentSides();
    const sideOf = sideMap(sides);
    const inSide = state.side !== null ? new Set(Array.from(sideOf).filter(([, i]) => i === state.side).map(([id]) => id)) : null;
    const changed = new Map(kg.changed.map(([id, before]) => [id, before]));
    const keepLit = (id) => (!near || near.has(id)) && (!inSide || inSide.has(id));
    // Only what changed goes to vis-network: re-processing thousands of unchanged items
    // would cost the browser seconds on big pages.
    const edgeUpdates = [];
    drawn.edges.forEach((e) => {
      const lit = near ? near.has(e.from) && near.has(e.to) : !inSide || inSide.has(e.from) || inSide.has(e.to);
      const next = {
        hidden: !visible.has(e.id),
        width: visible.has(e.id) ? widthOf(weights[e.id]) : e.width,
        color: lit ? e.color : data.faded,
      };
      const now = drawn.edgeLook.get(e.id);
      if (now.hidden !== next.hidden || now.width !== next.width || now.color !== next.color) {
        drawn.edgeLook.set(e.id, next);
        edgeUpdates.push(Object.assign({ id: e.id }, next));
      }
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
    let shownNodes = 0;
    const nodeUpdates = [];
    drawn.nodes.forEach((id) => {
      const n = view.node.get(id);
      const hidden = tied.has(id) && !active.has(id);
      if (!hidden) shownNodes += 1;
      const side = sideOf.get(id);
      let colour = state.period ? (side === undefined ? data.noSide : sides[side].colour) : n.color;
      if (!keepLit(id)) colour = data.faded;
      // Names: the leading actors, the focused neighbourhood, and actors that changed side.
      const named = n.label || (near && near.has(id)) || changed.has(id) ? label(id) : null;
      const border = changed.has(id) && !hidden ? CHANGED : null;
      const next = { hidden: hidden, color: colour, label: named, border: border };
      const now = drawn.look.get(id);
      if (now.hidden !== next.hidden || now.color !== next.color || now.label !== next.label || now.border !== next.border) {
        drawn.look.set(id, next);
        nodeUpdates.push({
          id: id, hidden: hidden, label: named,
          color: border ? { background: colour, border: border } : colour,
          borderWidth: border ? 4 : 1,
          font: { color: keepLit(id) ? "#222222" : data.faded },
        });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    // A faint disc behind each side's actors (only the focused side's when one is).
    kg.discs = sides.map((s, i) => ({
      colour: s.colour,
      ids: Array.from(sideOf).filter(([id, j]) => j === i && drawn.nodes.has(id) && !drawn.look.get(id).hidden).map(([id]) => id),
    })).filter((d, i) => d.ids.length > 1 && (state.side === null || state.side === i));
    kg.visibleEdges = visible.size;
    kg.visibleNodes = shownNodes;
    $("status").textContent =
      `${shownNodes} of ${view.order.length} actors · ${visible.size} of ${view.edges.length} ties · ` +
      `${shownClaims} of ${totalClaims} claims drawn`;
    legend();
  }
  kg.refresh = refresh;

  function fit(ids) {
    // The canvas takes its container's size now: vis-network notices a change (the legend
    // filled in, the panel opened) only on its next size check, and then rescales the view.
    network.setSize("100%", "100%");
    const list = (ids || Array.from(drawn.nodes)).filter((id) => drawn.nodes.has(id) && !drawn.look.get(id).hidden);
    const options = { animation: false, maxZoomLevel: 1.5 };
    if (list.length) options.nodes = list;
    network.fit(options);
    // A margin for the sides' discs and the labels under the lowest actors.
    network.moveTo({ scale: network.getScale() * 0.92, animation: false });
    if (ids || network.getScale() >= data.minScale) return;
    // The whole picture would need labels too small to read: fit the labelled (leading)
    // actors instead, never smaller than readable; the rest is a zoom or a drag away.
    const leading = state.view.order.slice(0, data.labelled).filter((id) => drawn.nodes.has(id) && !drawn.look.get(id).hidden);
    if (leading.length) network.fit({ nodes: leading, animation: false, maxZoomLevel: 1.5 });
    network.moveTo({ scale: Math.max(data.minScale, network.getScale() * 0.92), animation: false });
  }
  kg.fit = fit;

  // -- the legend of sides -------------------------------------------------------------------
  function legend() {
    const box = $("sides");
    box.replaceChildren(el("b", state.period ? `Sides in ${state.period}` : "Sides"));
    const sides = currentSides();
    const limit = 12;
    sides.slice(0, limit).forEach((s, i) => {
      const item = el("button", null, "item link side" + (state.side === i ? " on" : ""));
      item.type = "button";
      const dot = el("span", null, "dot");
      dot.style.background = s.colour;
      item.append(dot, el("span", s.name, "name"), document.createTextNode(` (${s.members.length})`));
      item.addEventListener("click", () => focusSide(state.side === i ? null : i));
      box.appendChild(item);
    });
    if (sides.length > limit) box.appendChild(el("span", `and ${sides.length - limit} smaller sides (click an actor to see its side)`, "item"));
    if (!sides.length) box.appendChild(el("span", "none: no bloc of two actors or more with a signed tie inside", "item"));
    const aligned = new Set();
    sides.forEach((s) => s.members.forEach((m) => aligned.add(m)));
    const loners = state.period ? null : state.view.order.filter((id) => !aligned.has(id)).length;
    const un = el("span", null, "item");
    const dot = el("span", null, "dot");
    dot.style.background = data.noSide;
    un.append(dot, document.createTextNode(
      `unaligned${loners === null ? "" : ` (${loners})`}: alone, or in a bloc with no signed tie inside`));
    box.appendChild(un);
    if (kg.changed.length) {
      const c = el("span", `changed side since ${state.compare}: ${kg.changed.length}`, "item changed");
      box.appendChild(c);
    }
  }

  function omittedNote() {
    const view = state.view;
    const note = $("omitted");
    note.hidden = !view.omitted.actors;
    if (!view.omitted.actors) return;
    note.replaceChildren(el("b", "Left out: "), document.createTextNode(
      `this page holds the ${view.shown.actors} actors with the highest PageRank of ` +
      `${view.total.actors} (--max-nodes ${view.shown.actors}); ${view.omitted.actors} actors, ` +
      `${view.omitted.ties} ties and ${view.omitted.claims} claims are not on it` +
      (view.omitted.examples.length ? `, among them ${view.omitted.examples.join(", ")}` : "") +
      ". The report and the store have them all."));
  }

  // -- controls: view, level, period ---------------------------------------------------------
  function fillSelect(select, options, value) {
    select.replaceChildren();
    options.forEach(([v, text, group]) => {
      const option = el("option", text);
      option.value = v;
      (group || select).appendChild(option);
    });
    select.value = value;
  }

  function setupView() {
    const view = state.view;
    fillSelect($("level"), view.levels.map((l, i) => [String(i),
      i === view.levels.length - 1 ? `all ${l.size} actors` : `${l.size} leading actors`]), String(state.level));
    const period = $("period");
    period.replaceChildren(Object.assign(el("option", "all dates"), { value: "" }));
    ["year", "quarter", "month"].forEach((freq) => {
      if (!view.periods[freq]) return;
      const group = el("optgroup");
      group.label = freq === "year" ? "years" : freq === "quarter" ? "quarters" : "months";
      view.periods[freq].forEach((row) => {
        const o = el("option", `${row.period} (${row.claims} claims)`);
        o.value = row.period;
        group.appendChild(o);
      });
      period.appendChild(group);
    });
    $("period-group").hidden = !Object.keys(view.periods).length;
    period.value = "";
    state.period = "";
    setCompare("");
    const names = $("actor-names");
    names.replaceChildren();
    view.byLabel = new Map();
    view.order.slice().sort((a, b) => label(a).localeCompare(label(b))).forEach((id) => {
      const option = document.createElement("option");
      option.value = label(id);
      names.appendChild(option);
      view.byLabel.set(label(id).toLowerCase(), id);
    });
    omittedNote();
  }

  function setView(i) {
    state.view = data.views[i];
    state.level = 0;
    state.revealed = new Set();
    state.focus = null;
    state.side = null;
    setupView();
    draw();
    fit();
    hint();
  }
  kg.setView = setView;

  function setLevel(i) {
    state.level = i;
    $("level").value = String(i);
    draw();
    if (state.side !== null) focusSide(state.side); else if (state.focus) focusActor(state.focus); else fit();
  }
  kg.setLevel = setLevel;

  function setCompare(value) {
    state.compare = value;
    const view = state.view;
    kg.changed = [];
    if (value && state.period) {
      const before = view.rows.get(value).sides.map((s) => s.members);
      const after = view.rows.get(state.period).sides.map((s) => s.members);
      kg.changed = sideChanges(before, after).map(([m, a, b]) => [view.order[m], a, b]);
    }
  }

  function setPeriod(value) {
    state.period = value;
    state.side = null;
    const view = state.view;
    const compare = $("compare");
    const row = value ? view.rows.get(value) : null;
    const earlier = row ? view.periods[row.freq].filter((r) => r.period !== value) : [];
    fillSelect(compare, [["", "—"], ...earlier.map((r) => [r.period, r.period])], "");
    compare.disabled = !row;
    setCompare("");
    refresh();
  }
  kg.setPeriod = setPeriod;

  function compareWith(value) {
    setCompare(value);
    refresh();
    if (kg.changed.length) showChanges();
  }
  kg.compareWith = compareWith;

  $("view").addEventListener("change", (ev) => setView(Number(ev.target.value)));
  $("level").addEventListener("change", (ev) => setLevel(Number(ev.target.value)));
  $("period").addEventListener("change", (ev) => setPeriod(ev.target.value));
  $("compare").addEventListener("change", (ev) => compareWith(ev.target.value));
  document.querySelectorAll("#filters input[type=checkbox][name], #min-confidence, #since, #until")
    .forEach((input) => input.addEventListener("input", refresh));
  document.querySelectorAll("#filters input[type=checkbox][name], #since, #until")
    .forEach((input) => input.addEventListener("change", refresh));
  $("physics").addEventListener("change", (ev) => {
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });

  // -- actor search and focus ----------------------------------------------------------------
  function findActor(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const byLabel = state.view.byLabel;
    if (byLabel.has(q)) return byLabel.get(q);
    for (const [name, id] of byLabel) if (name.includes(q)) return id;
    return null;
  }

  // An actor beyond the level is drawn with its neighbours (at their places in the layout).
  function reveal(id) {
    if (drawn.nodes.has(id)) return;
    state.revealed.add(id);
    (state.view.edgesOf.get(id) || []).forEach((e) => {
      state.revealed.add(e.from);
      state.revealed.add(e.to);
    });
    draw();
  }

  function focusActor(id) {
    if (!state.view.actors[id]) return;
    reveal(id);
    state.focus = id;
    state.side = null;
    refresh();
    network.selectNodes([id]);
    fit(Array.from(neighbourhood(id)));
    showActor(id);
  }
  kg.focusActor = focusActor;

  function focusSide(i) {
    state.side = i;
    state.focus = null;
    network.unselectAll();
    refresh();
    if (i === null) { fit(); hint(); return; }
    const side = currentSides()[i];
    fit(side.members.map((m) => (typeof m === "number" ? state.view.order[m] : m)));
    showSide(i);
  }
  kg.focusSide = focusSide;

  function showAll() {
    state.focus = null;
    state.side = null;
    state.revealed = new Set();
    $("search").value = "";
    network.unselectAll();
    draw();
    fit();
    hint();
  }
  $("show-all").addEventListener("click", showAll);
  $("search").addEventListener("change", (ev) => {
    const id = findActor(ev.target.value);
    if (id !== null) focusActor(id);
    else $("status").textContent = `no actor matches “${ev.target.value}”`;
  });
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") ev.target.dispatchEvent(new Event("change"));
  });

  // -- the evidence panel --------------------------------------------------------------------
  function panel() {
    const body = $("panel-body");
    body.replaceChildren();
    return body;
  }

  function hint() {
    panel().appendChild(el("p", "Click a side in the legend to see its members, a tie to read the " +
      "sentences behind it, or an actor to see its ties. Hover for a summary.", "hint"));
  }

  function badge(predicate) {
    const style = data.predicates[predicate] || { colour: "#999", label: predicate };
    const b = el("span", style.label, "badge");
    b.style.background = style.colour;
    return b;
  }

  function actorLink(id) {
    const button = el("button", label(id), "link");
    button.type = "button";
    button.addEventListener("click", () => focusActor(id));
    return button;
  }

  // The sentence as text nodes, with the two actors' mentions wrapped in <mark>.
  function sentence(claim) {
    const quote = el("blockquote");
    const text = claim.sentence || "";
    const spans = (claim.marks || []).slice().sort((a, b) => a[0] - b[0]);
    let at = 0;
    spans.forEach(([start, end, role]) => {
      if (start < at || end > text.length || end <= start) return;
      quote.appendChild(document.createTextNode(text.slice(at, start)));
      quote.appendChild(el("mark", text.slice(start, end), role));
      at = end;
    });
    quote.appendChild(document.createTextNode(text.slice(at)));
    return quote;
  }

  function showEdge(id) {
    const e = drawn.edges.get(id) || state.view.edges.find((x) => x.id === id);
    const tie = state.view.ties[id];
    if (!e || !tie) return;
    const body = panel();
    const h = el("h2");
    h.append(el("span", label(e.from)), document.createTextNode(tie.directed ? " → " : " — "),
      el("span", label(e.to)));
    body.appendChild(h);
    const claims = passing(tie).slice().sort((a, b) => b.confidence - a.confidence);
    const weight = evidenceWeight(claims);
    const groups = byEvent(claims);
    const line = el("p");
    line.append(badge(tie.predicate), document.createTextNode(
      ` ${plural(groups.length, "event")}, ${plural(claims.length, "report")}, evidence weight ${weight.toFixed(2)}`));
    body.appendChild(line);
    const hidden = tie.claims.length - claims.length;
    if (hidden > 0) body.appendChild(el("p", `${hidden} more hidden by the filters`, "note"));
    // One block per event: when it happened and how many outlets reported it (publishers,
    // else documents, over all its reports), then the sentences of its reports on this tie.
    groups.forEach((g) => {
      const block = el("div", null, "event");
      const info = g.event === null || g.event === undefined ? null : data.events[g.event];
      const first = data.documents[g.claims[0].doc] || {};
      const head = info
        ? `${info.date || "undated"} · ${plural(info.reports, "report")} from ${plural(info.outlets, "outlet")}`
        : `${first.date || "undated"} · 1 report`;
      block.appendChild(el("div", head, "event-head"));
      g.claims.forEach((c) => {
        const doc = data.documents[c.doc] || {};
        const item = el("div", null, "claim");
        const meta = el("div", null, "meta");
        meta.append(badge(tie.predicate),
          document.createTextNode(` confidence ${c.confidence.toFixed(2)} · ${doc.date || "undated"} · `),
          el("span", documentName(c), "doc"));
        if (doc.publisher) meta.append(document.createTextNode(" · "), el("span", doc.publisher, "outlet"));
        if (doc.id && doc.id !== doc.title) meta.append(document.createTextNode(" · "), el("code", doc.id, "docid"));
        item.append(meta, sentence(c));
        block.appendChild(item);
      });
      body.appendChild(block);
    });
  }
  kg.showEdge = showEdge;

  function showActor(id) {
    const a = state.view.actors[id];
    if (!a) return;
    const body = panel();
    body.appendChild(el("h2", a.label));
    const table = el("table");
    const sideOf = sideMap(currentSides());
    const rows = [
      ["kind", data.kinds[a.kind].label],
      ["side", sideName(a.side)],
      ...(state.period ? [[`side in ${state.period}`, sideOf.has(id) ? currentSides()[sideOf.get(id)].name : "unaligned"]] : []),
      ["rank", `${a.rank + 1} of ${state.view.order.length} by PageRank`],
      ["PageRank", a.pagerank.toFixed(4)],
      ["betweenness", a.betweenness.toFixed(4)],
      ["ties", `+${a.positive} cooperative / −${a.negative} conflictual`],
    ];
    rows.forEach(([k, v]) => {
      const tr = el("tr");
      tr.append(el("td", k), el("td", v));
      table.appendChild(tr);
    });
    body.appendChild(table);
    body.appendChild(el("h3", "Ties"));
    const list = el("ul", null, "ties");
    (state.view.edgesOf.get(id) || []).forEach((e) => {
      const tie = state.view.ties[e.id];
      const n = passing(tie).length;
      if (!n) return;
      const li = el("li");
      const button = el("button", null, "link");
      button.type = "button";
      const other = e.from === id ? e.to : e.from;
      button.append(
        document.createTextNode(e.from === id ? "" : `${label(other)} `), badge(tie.predicate),
        document.createTextNode(e.from === id ? ` ${label(other)}` : ""),
        document.createTextNode(` (${n})`));
      button.addEventListener("click", () => { focusActor(id); showEdge(e.id); });
      li.appendChild(button);
      list.appendChild(li);
    });
    body.appendChild(list);
  }
  kg.showActor = showActor;

  function showSide(i) {
    const sides = currentSides();
    const side = sides[i];
    const ids = side.members.map((m) => (typeof m === "number" ? state.view.order[m] : m));
    const body = panel();
    const h = el("h2");
    const dot = el("span", null, "dot");
    dot.style.background = side.colour;
    h.append(dot, el("span", side.name));
    body.appendChild(h);
    body.appendChild(el("p", `${ids.length} actors on this page${state.period ? ` in ${state.period}` : ""}, by PageRank`, "note"));
    // Ties from this side to the others, by sign.
    const sideOf = sideMap(sides);
    const across = new Map();
    ids.forEach((id) => (state.view.edgesOf.get(id) || []).forEach((e) => {
      const other = e.from === id ? e.to : e.from;
      const j = sideOf.has(other) ? sideOf.get(other) : null;
      if (j === i || !passing(state.view.ties[e.id]).length) return;
      const key = j === null ? "unaligned" : sides[j].name;
      const count = across.get(key) || { "1": 0, "-1": 0, "0": 0 };
      count[String(state.view.ties[e.id].sign)] += 1;
      across.set(key, count);
    }));
    if (across.size) {
      body.appendChild(el("h3", "Ties to the others (cooperative / conflictual)"));
      const t = el("table");
      Array.from(across).sort((a, b) => (b[1]["-1"] + b[1]["1"]) - (a[1]["-1"] + a[1]["1"])).forEach(([name, c]) => {
        const tr = el("tr");
        tr.append(el("td", name), el("td", `+${c["1"]} / −${c["-1"]}${c["0"] ? ` / ${c["0"]} neutral` : ""}`));
        t.appendChild(tr);
      });
      body.appendChild(t);
    }
    body.appendChild(el("h3", "Members"));
    const list = el("p", null, "members");
    ids.forEach((id, k) => {
      if (k) list.appendChild(document.createTextNode(" · "));
      list.appendChild(actorLink(id));
    });
    body.appendChild(list);
  }
  kg.showSide = showSide;

  function showChanges() {
    const view = state.view;
    const before = view.rows.get(state.compare).sides;
    const after = view.rows.get(state.period).sides;
    const body = panel();
    body.appendChild(el("h2", `Changed side: ${state.compare} → ${state.period}`));
    const list = el("ul", null, "ties");
    kg.changed.forEach(([id, a, b]) => {
      const li = el("li");
      li.append(actorLink(id), document.createTextNode(`: ${before[a].name} → ${after[b].name}`));
      list.appendChild(li);
    });
    body.appendChild(list);
  }

  network.on("beforeDrawing", (ctx) => {
    const body = network.body.nodes;
    (kg.discs || []).forEach((d) => {
      const points = d.ids.map((id) => body[id]).filter(Boolean);
      if (points.length < 2) return;
      const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
      const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
      const r = Math.max(...points.map((p) => Math.hypot(p.x - cx, p.y - cy) + (p.options.size || 10))) + 12;
      ctx.save();
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = d.colour;
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.restore();
    });
  });

  network.on("click", (params) => {
    if (params.nodes.length) focusActor(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // -- start: the first view, fitted; "settled" once it is painted ---------------------------
  fillSelect($("view"), data.views.map((v, i) => [String(i), v.name]), "0");
  $("view-group").hidden = data.views.length < 2;
  setupView();
  draw();
  fit();
  function settled() {
    if (kg.settled) return;
    kg.settled = true;
    kg.settledAt = performance.now();
    document.body.dataset.settled = "true";
  }
  network.once("afterDrawing", settled);
  // An empty graph is never drawn: it is settled as it is.
  if (!drawn.nodes.size) setTimeout(settled, 0);
  network.redraw();
})();
