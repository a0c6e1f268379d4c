// The page's behaviour: filters, actor search, evidence panel, physics switch.
// Article text only ever reaches the document through textContent (never innerHTML), and
// vis-network shows string tooltips with innerText, so text from articles cannot run.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const original = {};
  data.nodes.forEach((n) => { original[n.id] = n.color; });
  const edgeColour = {};
  const drawnEdge = {};
  data.edges.forEach((e) => {
    edgeColour[e.id] = e.color;
    drawnEdge[e.id] = { hidden: false, width: e.width, color: e.color };
  });
  const drawnNode = {};
  data.nodes.forEach((n) => { drawnNode[n.id] = { hidden: false, faded: false }; });
  const degreeOnPage = {};
  data.edges.forEach((e) => {
    degreeOnPage[e.from] = (degreeOnPage[e.from] || 0) + 1;
    degreeOnPage[e.to] = (degreeOnPage[e.to] || 0) + 1;
  });
  const totalClaims = Object.values(data.ties).reduce((s, t) => s + t.claims.length, 0);

  const network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, data.options);
  const state = { predicates: null, signs: null, minConfidence: 0, since: "", until: "", focus: null };
  const kg = {
    network: network, nodes: nodes, edges: edges, data: data,
    settled: false, settledAt: null, visibleEdges: 0, visibleNodes: 0,
  };
  window.kg = kg;

  // -- layout: stabilise (iterations capped in the options), then stop the simulation ---------
  function settled() {
    if (kg.settled) return;
    kg.settled = true;
    kg.settledAt = performance.now();
    network.setOptions({ physics: { enabled: false } });
    $("physics").checked = false;
    document.body.dataset.settled = "true";
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (!data.options.physics || data.options.physics.enabled === false || data.nodes.length === 0) {
    $("physics").checked = false;
    setTimeout(settled, 0);
  }
  $("physics").addEventListener("change", (ev) => {
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });

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
  function inWindow(date) {
    if (!state.since && !state.until) return true;
    if (!date) return false;
    const d = String(date).slice(0, 10);
    if (state.since && d < state.since) return false;
    if (state.until && d > state.until + "\uffff") return false;
    return true;
  }

  function passing(tie) {
    if (!state.predicates.has(tie.predicate) || !state.signs.has(tie.sign)) return [];
    return tie.claims.filter((c) => c.confidence >= state.minConfidence && inWindow(c.date));
  }

  function widthOf(weight) {
    // Rounded like kg/page.py's _width, so unchanged edges compare equal.
    return Math.round(Math.min(data.maxWidth, 1 + 2 * Math.sqrt(weight)) * 1000) / 1000;
  }

  // The focused actor and the actors it has a visible tie with.
  function neighbourhood(id, visible) {
    const near = new Set([id]);
    data.edges.forEach((e) => {
      if ((e.from === id || e.to === id) && (visible ? visible.has(e.id) : !edges.get(e.id).hidden)) {
        near.add(e.from);
        near.add(e.to);
      }
    });
    return near;
  }

  function refresh() {
    readFilters();
    const visible = new Set();
    const weights = {};
    const visibleDegree = {};
    let shownClaims = 0;
    data.edges.forEach((e) => {
      const claims = passing(data.ties[e.id]);
      weights[e.id] = claims.reduce((s, c) => s + c.confidence, 0);
      if (claims.length) {
        visible.add(e.id);
        shownClaims += claims.length;
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
    });
    const near = state.focus ? neighbourhood(state.focus, visible) : null;
    // Only what changed goes to vis-network: re-processing thousands of unchanged edges
    // would cost the browser seconds on big pages.
    const edgeUpdates = [];
    data.edges.forEach((e) => {
      const next = {
        hidden: !visible.has(e.id),
        width: widthOf(weights[e.id]),
        color: !near || (near.has(e.from) && near.has(e.to)) ? edgeColour[e.id] : data.faded,
      };
      const now = drawnEdge[e.id];
      if (now.hidden !== next.hidden || now.width !== next.width || now.color !== next.color) {
        drawnEdge[e.id] = next;
        edgeUpdates.push({ id: e.id, ...next });
      }
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
    let shownNodes = 0;
    const nodeUpdates = [];
    data.nodes.forEach((n) => {
      // An actor disappears with its last visible tie (actors drawn without ties stay).
      const hidden = (degreeOnPage[n.id] || 0) > 0 && !visibleDegree[n.id];
      if (!hidden) shownNodes += 1;
      const faded = Boolean(near && !near.has(n.id));
      const now = drawnNode[n.id];
      if (now.hidden !== hidden || now.faded !== faded) {
        drawnNode[n.id] = { hidden: hidden, faded: faded };
        nodeUpdates.push({
          id: n.id, hidden: hidden,
          color: faded ? data.faded : original[n.id],
          font: { color: faded ? data.faded : "#222222" },
        });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    kg.visibleEdges = visible.size;
    kg.visibleNodes = shownNodes;
    $("status").textContent =
      `${shownNodes} of ${data.nodes.length} actors · ${visible.size} of ${data.edges.length} ties · ` +
      `${shownClaims} of ${totalClaims} claims`;
  }
  kg.refresh = refresh;

  document.querySelectorAll("#controls input[type=checkbox][name], #min-confidence, #since, #until")
    .forEach((input) => input.addEventListener("input", refresh));
  document.querySelectorAll("#controls input[type=checkbox][name], #since, #until")
    .forEach((input) => input.addEventListener("change", refresh));

  // The date pickers span the claims' dates.
  const dates = Object.values(data.ties).flatMap((t) => t.claims.map((c) => c.date))
    .filter(Boolean).map((d) => String(d).slice(0, 10)).sort();
  if (dates.length) {
    ["since", "until"].forEach((id) => {
      $(id).min = dates[0].length === 10 ? dates[0] : "";
      $(id).max = dates[dates.length - 1].length === 10 ? dates[dates.length - 1] : "";
    });
  }

  // -- actor search and focus ----------------------------------------------------------------
  const names = $("actor-names");
  const byLabel = new Map();
  data.nodes.slice().sort((a, b) => a.label.localeCompare(b.label)).forEach((n) => {
    const option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
    byLabel.set(n.label.toLowerCase(), n.id);
  });

  function findActor(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    if (byLabel.has(q)) return byLabel.get(q);
    for (const [label, id] of byLabel) if (label.includes(q)) return id;
    return null;
  }

  function focusActor(id) {
    state.focus = id;
    refresh();
    const near = Array.from(neighbourhood(id));
    network.selectNodes([id]);
    network.fit({ nodes: near, animation: false });
    showActor(id);
  }
  kg.focusActor = focusActor;

  function showAll() {
    state.focus = null;
    $("search").value = "";
    network.unselectAll();
    refresh();
    network.fit({ animation: false });
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

  function badge(predicate) {
    const style = data.predicates[predicate] || { colour: "#999", label: predicate };
    const b = el("span", style.label, "badge");
    b.style.background = style.colour;
    return b;
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

  function label(id) {
    return data.actors[id] ? data.actors[id].label : id;
  }

  function showEdge(id) {
    const e = data.edges.find((x) => x.id === id);
    const tie = data.ties[id];
    if (!e || !tie) return;
    const body = panel();
    const h = el("h2");
    h.append(el("span", label(e.from)), document.createTextNode(tie.directed ? " → " : " — "),
      el("span", label(e.to)));
    body.appendChild(h);
    const claims = passing(tie).slice().sort((a, b) => b.confidence - a.confidence);
    const weight = claims.reduce((s, c) => s + c.confidence, 0);
    const line = el("p");
    line.append(badge(tie.predicate), document.createTextNode(
      ` ${claims.length} claim${claims.length === 1 ? "" : "s"}, evidence weight ${weight.toFixed(2)}`));
    body.appendChild(line);
    const hidden = tie.claims.length - claims.length;
    if (hidden > 0) body.appendChild(el("p", `${hidden} more hidden by the filters`, "note"));
    claims.forEach((c) => {
      const item = el("div", null, "claim");
      const meta = el("div", null, "meta");
      meta.append(badge(c.predicate || tie.predicate),
        document.createTextNode(` confidence ${c.confidence.toFixed(2)} · ${c.date || "undated"} · `),
        el("span", c.title || c.doc || "untitled document", "doc"));
      item.append(meta, sentence(c));
      body.appendChild(item);
    });
  }
  kg.showEdge = showEdge;

  function showActor(id) {
    const a = data.actors[id];
    if (!a) return;
    const body = panel();
    body.appendChild(el("h2", a.label));
    const table = el("table");
    const rows = [
      ["kind", a.kindLabel],
      ["bloc", a.bloc ? `Bloc ${a.bloc}` : "none"],
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
    body.appendChild(el("h3", "Ties on this page"));
    const list = el("ul", null, "ties");
    data.edges.filter((e) => e.from === id || e.to === id).forEach((e) => {
      const tie = data.ties[e.id];
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
      button.addEventListener("click", () => showEdge(e.id));
      li.appendChild(button);
      list.appendChild(li);
    });
    body.appendChild(list);
  }
  kg.showActor = showActor;

  network.on("click", (params) => {
    if (params.nodes.length) focusActor(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  refresh();
})();
