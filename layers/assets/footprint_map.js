/*
 * Footprint's map renderer: the data reaches the browser once, a year step sends only the view.
 *
 * Loaded by the base map (layers/basemap.py) after Leaflet and Leaflet.markercluster, all from /app/static.
 *
 *   footprint.init(map, config)   once per base map. config = {
 *       payload: URL of the curated atlas JSON (atlas/payload.py documents the format),
 *       outlines: {far: URL, near: URL, near_zoom: n}   Natural Earth outlines (split at 180°), or null,
 *       tiles: {url, attribution, label} or null       an online tile style the reader opted into,
 *       layers: {id: {label, color, shape}},  symbols: URL of {layer: {status: svg}},  statuses: {status: words},
 *       halo: {min_km, max_km}, route_dash: {sourced, inferred}, new_label }
 *   footprint.connect(report, unbind, flush)  streamlit-folium's side: report(properties, latlng) sends a click back
 *       (after its 250 ms wait); flush() sends what was reported now.
 *   footprint.setView(view)        every rerun; view = {year, mode: "state"|"cumulative", layers: [ids],
 *       selected: {kind, id | route_id+seq | dataset+row} or null, focus: same or null (bring into view once),
 *       hide_partisan: bool, filters: {dataset: {event_type: [idx]|null, actor: [idx]|null, country: [idx]|null}},
 *       datasets: [{name, url}], axis: [first, last] (the years the map's own year control steps through),
 *       year_n: the counter of the last year step taken on the map that the page has seen}
 *   footprint.stepYear(delta, to)  the map's year control: draws the year at once, then reports it to the page.
 *   footprint.addDataset(name, url)  load a columnar dataset payload once (format: atlas/payload.py docstring).
 *
 * Clicks are reported as streamlit-folium's last_active_drawing = {type: "Feature", properties: P} with
 *   P = {kind: "event", id} | {kind: "route_point", route_id, seq} | {kind: "dataset", dataset, row}
 *   | {kind: "year", year}, plus n, a counter, so two clicks on the same thing are two clicks.
 */
(function () {
  "use strict";
  var L = window.L;
  var DAY_MS = 86400000;

  function yearStart(y) { return Date.UTC(y, 0, 1) / DAY_MS; }
  function yearEnd(y) { return Date.UTC(y, 11, 31) / DAY_MS; }

  /* atlas.queries.is_visible, on day numbers */
  function isVisible(first, last, year, mode) {
    if (first > yearEnd(year)) return false;
    if (mode === "cumulative") return true;
    return last === null || last === undefined || last >= yearStart(year);
  }

  /* atlas.queries.route_until */
  function routeUntil(points, year) {
    var lastIdx = -1, end = yearEnd(year);
    for (var i = 0; i < points.length; i++) {
      if (points[i].day !== null && points[i].day <= end) lastIdx = i;
    }
    return points.slice(0, lastIdx + 1);
  }

  /* Runs of legs: 'sourced' when both ends are sourced, else 'inferred' (layers/carrier_route.legs). */
  function legRuns(points) {
    var runs = [];
    for (var i = 1; i < points.length; i++) {
      var a = points[i - 1], b = points[i];
      var kind = a.leg === "sourced" && b.leg === "sourced" ? "sourced" : "inferred";
      if (runs.length && runs[runs.length - 1].kind === kind) runs[runs.length - 1].points.push(b);
      else runs.push({kind: kind, points: [a, b]});
    }
    return runs;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

  /* A DivIcon whose focusable element carries an accessible name. */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.label) div.setAttribute("aria-label", this.options.label);
      if (this.options.data) for (var k in this.options.data) div.setAttribute("data-" + k, this.options.data[k]);
      return div;
    }
  });

  var fp = window.footprint = {
    map: null, cfg: null, data: null, view: null, selected: null, datasets: {},
    clicks: 0, yearN: 0, yearBox: null, _report: null, markers: {}, _pendingFocus: null, _fitted: false,
    isVisible: isVisible, routeUntil: routeUntil, legRuns: legRuns
  };

  fp.init = function (map, cfg) {
    fp.map = map;
    fp.cfg = cfg;
    map.options.maxZoom = cfg.max_zoom || map.options.maxZoom;
    fp.panes();
    map.getContainer().setAttribute("aria-label", "Map: arrow keys move it, + and − zoom; Tab goes through its marks");
    fp.outlineRenderer = L.canvas({padding: 0.5, pane: "fp-outlines"});
    fp.halos = L.layerGroup().addTo(map);
    fp.routes = L.layerGroup().addTo(map);
    fp.arrows = L.layerGroup().addTo(map);
    fp.labels = L.layerGroup().addTo(map);
    fp.ring = L.layerGroup().addTo(map);
    fp.positions = L.layerGroup().addTo(map);
    fp.cluster = L.markerClusterGroup({
      maxClusterRadius: 30, zoomToBoundsOnClick: false, showCoverageOnHover: false, spiderfyOnMaxZoom: false,
      animate: false, spiderfyDistanceMultiplier: 1.5, iconCreateFunction: fp.clusterIcon
    }).addTo(map);
    fp.cluster.on("clusterclick", function (e) { e.layer.spiderfy(); });
    fp.cluster.on("clusterkeypress", function (e) {
      var k = e.originalEvent && e.originalEvent.key;
      if (k === "Enter" || k === " ") fp.openCluster(e.layer, true);
    });
    fp.clusters = {};
    fp.ui();
    fp.baseLayers();
    map.on("zoomend", function () { fp.drawRoutes(); fp.outlinesForZoom(); });
    map.on("moveend zoomend", function () { fp.edges(); fp.placeLabels(); });
    /* once the cluster layer has settled after a move or a resize, place the names again around its icons */
    map.on("moveend zoomend resize", function () { fp.placeLabelsSoon(); });
    map.on("click", fp.datasetClick);
    if (coarse) fp.touchMode();
    if (!cfg.payload) return;  /* the outlines alone: the review map of "Add an article" draws its own marks */
    var json = function (url) { return fetch(url).then(function (r) { return r.json(); }); };
    Promise.all([json(cfg.payload), json(cfg.symbols)]).then(function (got) {
      var data = got[0];
      fp.symbols = got[1];
      fp.data = data;
      fp.byId = {};
      data.events.forEach(function (e) { fp.byId[e.id] = e; });
      if (fp.view) fp.render();
    }).catch(function (err) { fp.note("The map's data could not be loaded: " + err, true); });
  };

  fp.panes = function () {
    var m = fp.map;
    [["fp-outlines", 150], ["fp-halos", 350], ["fp-routes", 420], ["fp-labels", 590], ["fp-ring", 640]].forEach(
      function (p) { if (!m.getPane(p[0])) { m.createPane(p[0]).style.zIndex = p[1]; } });
    m.getPane("fp-labels").style.pointerEvents = "none";
    m.getPane("fp-outlines").style.pointerEvents = "none";
    m.getPane("fp-ring").style.pointerEvents = "none";
    m.getPane("fp-halos").style.pointerEvents = "none";
  };

  /* ---- base map: offline outlines always underneath; online tiles over them when chosen ---- */
  fp.baseLayers = function () {
    var cfg = fp.cfg, m = fp.map;
    fp.outlineLayers = {};
    if (cfg.outlines) fp.loadOutlines("far");
    if (cfg.tiles) {
      var failed = 0, loaded = 0;
      var tiles = L.tileLayer(cfg.tiles.url, {attribution: cfg.tiles.attribution, maxZoom: cfg.max_zoom});
      tiles.on("tileerror", function () {
        failed += 1;
        if (failed >= 2 && loaded === 0) {
          fp.note("The online map (" + cfg.tiles.label + ") could not be loaded — no network? " +
                  "Showing the offline outlines.", true);
          m.removeLayer(tiles);
        }
      });
      tiles.on("tileload", function () { loaded += 1; });
      tiles.addTo(m);
    }
  };

  fp.loadOutlines = function (which) {
    if (fp.outlineLayers[which]) return fp.outlineLayers[which];
    var url = fp.cfg.outlines[which];
    fp.outlineLayers[which] = "loading";
    return fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
      fp.outlineLayers[which] = L.geoJSON(geo, {
        renderer: fp.outlineRenderer, interactive: false, pane: "fp-outlines",
        attribution: fp.cfg.outlines.attribution,
        style: function () { return {color: "#77787a", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1}; }
      });
      fp.outlinesForZoom();
    }).catch(function () { fp.note("The offline outlines could not be loaded.", true); });
  };

  fp.outlinesForZoom = function () {
    if (!fp.cfg.outlines) return;
    var near = fp.map.getZoom() >= fp.cfg.outlines.near_zoom;
    /* the 1:50m outlines (0.4 MB) only after the first marks are painted: until then the 1:110m ones stand in */
    if (near && !fp.outlineLayers.near) {
      if (fp._painted) fp.loadOutlines("near");
      else fp._nearWanted = true;
    }
    var want = near && fp.outlineLayers.near instanceof L.Layer ? "near" : "far";
    ["far", "near"].forEach(function (k) {
      var layer = fp.outlineLayers[k];
      if (!(layer instanceof L.Layer)) return;
      if (k === want && !fp.map.hasLayer(layer)) layer.addTo(fp.map);
      if (k !== want && fp.map.hasLayer(layer)) fp.map.removeLayer(layer);
    });
  };

  /* ---- the controls drawn over the map: note, live region, edge indicators, phone card ---- */
  fp.ui = function () {
    var c = fp.map.getContainer();
    fp.live = el("div", {"class": "fp-sr", "aria-live": "polite", "role": "status"});
    fp.noteBox = el("div", {"class": "fp-map-note", "role": "alert", hidden: ""});
    fp.edgeBox = el("div", {"class": "fp-edges"});
    fp.card = el("div", {"class": "fp-card", hidden: ""});
    [fp.live, fp.noteBox, fp.edgeBox, fp.card].forEach(function (n) {
      L.DomEvent.disableClickPropagation(n);
      c.appendChild(n);
    });
    var Fit = L.Control.extend({
      onAdd: function () {
        var b = el("button", {"class": "fp-fit", type: "button", title: "Show everything this year holds"},
                   "Fit the year");
        L.DomEvent.disableClickPropagation(b);
        L.DomEvent.on(b, "click", function () { fp.fit(); });
        return b;
      }
    });
    if (fp.cfg.payload) new Fit({position: "topleft"}).addTo(fp.map);
  };

  fp.note = function (text, show) {
    fp.noteBox.textContent = text;
    if (show) fp.noteBox.removeAttribute("hidden"); else fp.noteBox.setAttribute("hidden", "");
  };

  fp.touchMode = function () {
    var m = fp.map;
    m.dragging.disable();
    m.options.tap = false;
    var hint = el("div", {"class": "fp-touch-hint", hidden: ""}, "Use two fingers to move the map");
    m.getContainer().appendChild(hint);
    var timer = null;
    m.getContainer().addEventListener("touchmove", function (e) {
      if (e.touches.length !== 1) return;
      hint.removeAttribute("hidden");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.setAttribute("hidden", ""); }, 1500);
    }, {passive: true});
  };

  /* ---- view ---- */
  fp.connect = function (report, unbind, flush) {
    fp._report = report;
    fp._flush = flush || null;
    if (unbind) setTimeout(unbind, 0);
  };

  /* Every rerun. A year stepped on the map that the page has not seen yet (its report is on the way) wins over
     the page's year; a view the map already shows is not drawn again. */
  fp.setView = function (view) {
    if (fp.view && (view.year_n || 0) < fp.yearN) view = Object.assign({}, view, {year: fp.view.year});
    var same = fp.view && fp.data && sameView(view, fp.view);
    fp.view = view;
    fp.selected = view.selected || null;
    if (view.focus) fp._pendingFocus = view.focus;
    (view.datasets || []).forEach(function (d) { fp.addDataset(d.name, d.url); });
    fp.yearControl(view.axis);
    if (fp.data && !same) fp.render();
  };

  function sameView(a, b) {
    var key = function (v) { return JSON.stringify(Object.assign({}, v, {year_n: 0})); };
    return !a.focus && key(a) === key(b);
  }

  /* ---- the year, stepped on the map: drawn at once (the data are here), then reported to the page, whose
     caption, timeline, list and panel follow ---- */
  fp.yearControl = function (axis) {
    if (fp.yearBox || !axis || axis[0] >= axis[1]) { fp.showYear(); return; }
    var Year = L.Control.extend({
      onAdd: function () {
        var box = el("div", {"class": "fp-year", role: "group", "aria-label": "Year of the map"});
        var prev = el("button", {type: "button", "class": "fp-year-step", "aria-label": "Previous year"}, "◀");
        var label = el("span", {"class": "fp-year-label"});
        var next = el("button", {type: "button", "class": "fp-year-step", "aria-label": "Next year"}, "▶");
        [prev, label, next].forEach(function (n) { box.appendChild(n); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(prev, "click", function () { fp.stepYear(-1); });
        L.DomEvent.on(next, "click", function () { fp.stepYear(1); });
        L.DomEvent.on(box, "keydown", function (ev) {
          var a = fp.view.axis, to = {Home: a[0], End: a[1]}[ev.key];
          var d = {ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1}[ev.key];
          if (to === undefined && d === undefined) return;
          L.DomEvent.stop(ev);  /* neither the map nor the page moves */
          fp.stepYear(d || 0, to);
        });
        fp.yearBox = {box: box, prev: prev, next: next, label: label};
        return box;
      }
    });
    new Year({position: "topleft"}).addTo(fp.map);
    fp.timeline();
    fp.showYear();
  };

  /* ---- the timeline under the map, in the same frame: per year, the events each layer holds with the map's own
     rule (layers, mode, state-media filter), the year shown outlined; a click on a year goes there ---- */
  var STRIP_PX = 58, BAR_PX = 36, YEAR_REPORT_MS = 100;  /* .fp-strip is 58 px high, .fp-strip-bar 38 px (CSS) */
  fp.timeline = function () {
    if (fp.strip) return;
    var c = fp.map.getContainer();
    fp.strip = el("div", {"class": "fp-strip", "aria-hidden": "true"});  /* the year control and the list say it */
    c.parentNode.insertBefore(fp.strip, c.nextSibling);
    c.style.height = Math.max(200, c.clientHeight - STRIP_PX) + "px";  /* the frame keeps its height: map + strip */
    fp.map.invalidateSize({animate: false});
  };

  fp.yearCounts = function () {
    var v = fp.view, a = v.axis, layers = {}, out = [];
    (v.layers || []).forEach(function (l) { layers[l] = true; });
    for (var y = a[0]; y <= a[1]; y++) {
      var c = {year: y, per: {}, total: 0, fresh: 0};
      fp.data.events.forEach(function (e) {
        if (!layers[e.layer] || !isVisible(e.first, e.last, y, v.mode) || (v.hide_partisan && e.partisan)) return;
        c.per[e.layer] = (c.per[e.layer] || 0) + 1;
        c.total += 1;
        if (e.start_year === y) c.fresh += 1;
      });
      out.push(c);
    }
    return out;
  };

  fp.drawTimeline = function () {
    var v = fp.view;
    if (!fp.strip || !fp.data || !v.axis) return;
    var key = JSON.stringify([v.layers, v.mode, v.hide_partisan, v.axis, fp.data.events.length]);
    if (key !== fp._stripKey) {
      fp._stripKey = key;
      fp.strip.textContent = "";
      var counts = fp.yearCounts(), max = 1, order = Object.keys(fp.cfg.layers);
      var every = fp._stripEvery = fp.strip.clientWidth / counts.length >= 34 ? 1 : 4;
      counts.forEach(function (c) { max = Math.max(max, c.total); });
      counts.forEach(function (c) {
        var col = el("div", {"class": "fp-strip-year", "data-year": c.year,
                             title: c.year + ": " + c.total + " events, " + c.fresh + " new that year"});
        var bar = el("div", {"class": "fp-strip-bar"});
        order.forEach(function (l) {
          if (!c.per[l]) return;
          var seg = el("i", {"data-layer": l, "data-count": c.per[l]});
          seg.style.height = Math.max(2, Math.round(c.per[l] / max * BAR_PX)) + "px";
          seg.style.background = fp.cfg.layers[l].color;
          bar.appendChild(seg);
        });
        col.appendChild(bar);
        var label = (c.year - v.axis[0]) % every ? "" : String(c.year);
        col.appendChild(el("span", {"class": "fp-strip-label", "data-label": label}, label));
        col.addEventListener("click", function () { fp.stepYear(0, c.year); });
        fp.strip.appendChild(col);
      });
    }
    fp.strip.querySelectorAll(".fp-strip-now").forEach(function (n) {
      n.classList.remove("fp-strip-now");
      var label = n.querySelector(".fp-strip-label");
      label.textContent = label.getAttribute("data-label");
    });
    /* on a narrow map every fourth year is named: the neighbours of the year shown make room for its name */
    fp.strip.querySelectorAll(".fp-strip-year").forEach(function (n) {
      var d = Math.abs(+n.getAttribute("data-year") - v.year);
      n.classList.toggle("fp-strip-hush", fp._stripEvery > 1 && d > 0 && d <= 2);
    });
    var now = fp.strip.querySelector('[data-year="' + v.year + '"]');
    if (now) {
      now.classList.add("fp-strip-now");
      now.querySelector(".fp-strip-label").textContent = String(v.year);
    }
  };

  fp.showYear = function () {
    var y = fp.yearBox, v = fp.view;
    if (!y || !v || !v.axis) return;
    y.label.textContent = String(v.year);
    y.prev.setAttribute("aria-disabled", String(v.year <= v.axis[0]));
    y.next.setAttribute("aria-disabled", String(v.year >= v.axis[1]));
    y.prev.title = v.year > v.axis[0] ? "Show " + (v.year - 1) + " (← key)" : "The first year of the atlas";
    y.next.title = v.year < v.axis[1] ? "Show " + (v.year + 1) + " (→ key)" : "The last year of the atlas";
  };

  fp.stepYear = function (delta, to) {
    var v = fp.view, a = v && v.axis;
    if (!a) return;
    var year = Math.max(a[0], Math.min(a[1], to !== undefined ? to : v.year + delta));
    if (year === v.year) return;
    fp.view = Object.assign({}, v, {year: year, focus: null});
    if (fp.data) fp.render();
    fp.showYear();
    fp.live.textContent = year + ": " + (fp.shown ? fp.shown.length : 0) + " marks on the map. The list under it follows.";
    fp.clicks += 1;
    fp.yearN = fp.clicks;
    if (fp._report) fp._report({kind: "year", year: year, n: fp.clicks}, null);
    /* quick presses are gathered: the page hears the year 100 ms after the last one (not streamlit-folium's 250) */
    clearTimeout(fp._yearTimer);
    if (fp._flush) fp._yearTimer = setTimeout(fp._flush, YEAR_REPORT_MS);
  };

  fp.visibleEvents = function () {
    var v = fp.view, layers = {};
    (v.layers || []).forEach(function (l) { layers[l] = true; });
    return fp.data.events.filter(function (e) {
      return layers[e.layer] && isVisible(e.first, e.last, v.year, v.mode) && !(v.hide_partisan && e.partisan);
    });
  };

  fp.render = function () {
    /* The marks are drawn anew: a mark that had the keyboard focus (Enter selected it, which reruns the page)
       gets it back, so a keyboard user stays where they were. */
    var active = document.activeElement;
    var refocus = active && active.classList && active.classList.contains("fp-marker") ?
      active.getAttribute("data-id") : null;
    var events = fp.visibleEvents();
    fp.shown = events;
    fp.drawPoints(events);
    fp.drawRoutes();
    fp.drawLabels();
    Object.keys(fp.datasets).forEach(function (n) { fp.datasets[n].redraw(); });
    if (!fp._fitted) { fp._fitted = true; fp.fit(true); }
    if (fp._pendingFocus) { fp.bringIntoView(fp._pendingFocus); fp._pendingFocus = null; }
    fp.drawSelection();
    fp.drawTimeline();
    fp.edges();
    fp.placeLabels();
    fp.placeLabelsSoon();
    var again = refocus && fp.markers[refocus] && fp.markers[refocus].getElement();
    if (again) again.focus({preventScroll: true});
    fp.signalDrawn();
  };

  /* After each drawing: a `footprint:drawn` event on the document, {year, pending: datasets still loading}
     (browser tests and bench/scale.py time a year step by it). */
  fp.signalDrawn = function () {
    if (!fp._painted) {
      requestAnimationFrame(function () {
        setTimeout(function () { fp._painted = true; if (fp._nearWanted) fp.outlinesForZoom(); }, 0);
      });
    }
    var pending = (fp.view.datasets || []).filter(function (d) { return !fp.datasets[d.name]; }).length;
    document.dispatchEvent(new CustomEvent("footprint:drawn", {detail: {year: fp.view.year, pending: pending}}));
  };

  fp.isRoute = function (e) { return !!(e.route && e.route.length >= 2); };

  fp.eventLabel = function (e) {
    var place = fp.data.places[e.place];
    return e.title + ", " + e.date + ", " + e.status + (place ? ", " + place.name : "");
  };

  fp.drawPoints = function (events) {
    var cfg = fp.cfg, year = fp.view.year, markers = [];
    fp.cluster.clearLayers();
    fp.halos.clearLayers();
    fp.markers = {};
    events.forEach(function (e) {
      if (fp.isRoute(e)) return;
      var place = fp.data.places[e.place];
      var isNew = e.start_year === year;
      var svg = fp.symbols[e.layer][e.status];
      var html = e.country_wide ? '<span class="fp-country-wide">' + svg + "</span>" : svg;
      if (isNew) html += '<span class="fp-new-tag" aria-hidden="true">' + cfg.new_label + "</span>";
      var size = e.country_wide ? [30, 30] : [24, 24];
      var m = L.marker([place.lat, place.lon], {
        keyboard: true,
        icon: new NamedIcon({
          html: html, iconSize: size, iconAnchor: [size[0] / 2, size[1] / 2],
          className: "fp-marker fp-" + e.layer + " fp-status-" + e.status + (isNew ? " fp-new" : ""),
          label: fp.eventLabel(e) + (e.country_wide ? " (a statement about the whole country)" : "") +
                 (isNew ? ", new in " + year : ""), data: {id: e.id}
        })
      });
      m.fpEvent = e;
      m.on("click", function () { fp.select({kind: "event", id: e.id}, [place.lat, place.lon]); });
      markers.push(m);
      fp.markers[e.id] = m;
      if (place.precision_km >= cfg.halo.min_km && place.precision_km <= cfg.halo.max_km) {
        var color = cfg.layers[e.layer].color;
        L.circle([place.lat, place.lon], {
          radius: place.precision_km * 1000, pane: "fp-halos", interactive: false, color: color, weight: 1,
          dashArray: "4 4", opacity: 0.6, fillColor: color, fillOpacity: 0.08
        }).addTo(fp.halos);
      }
    });
    fp.cluster.addLayers(markers);
  };

  fp.clusterIcon = function (cluster) {
    var children = cluster.getAllChildMarkers();
    var id = L.stamp(cluster);
    fp.clusters[id] = cluster;
    var names = {}, layers = {};
    children.forEach(function (m) {
      var p = fp.data.places[m.fpEvent.place];
      if (p) names[p.label || p.name] = true;
      layers[m.fpEvent.layer] = true;
    });
    var swatches = Object.keys(layers).slice(0, 4).map(function (l) {
      return '<i style="background:' + fp.cfg.layers[l].color + '"></i>';
    }).join("");
    var where = Object.keys(names).join(", ");
    return new NamedIcon({
      html: '<span class="fp-count">' + children.length + '</span><span class="fp-swatches">' + swatches +
            "</span>",
      className: "fp-cluster", iconSize: [34, 34], iconAnchor: [17, 17],
      label: children.length + " events at " + where + ": press Enter to show them one by one",
      data: {cluster: id}
    });
  };

  fp.openCluster = function (cluster, focusFirst) {
    cluster.spiderfy();
    if (focusFirst) {
      var first = cluster.getAllChildMarkers()[0];
      if (first && first._icon) first._icon.focus();
    }
  };

  /* Outbound and return along the same sea lanes stay apart: each line is drawn a few pixels to the right of
     its direction of travel (recomputed at each zoom). */
  fp.offsetLatLngs = function (latlngs, px) {
    var m = fp.map, z = m.getZoom();
    var pts = latlngs.map(function (ll) { return m.project(ll, z); });
    var out = [];
    for (var i = 0; i < pts.length; i++) {
      var nx = 0, ny = 0;
      [[i - 1, i], [i, i + 1]].forEach(function (s) {
        if (s[0] < 0 || s[1] >= pts.length) return;
        var dx = pts[s[1]].x - pts[s[0]].x, dy = pts[s[1]].y - pts[s[0]].y, len = Math.sqrt(dx * dx + dy * dy);
        if (len > 0) { nx += -dy / len; ny += dx / len; }
      });
      var n = Math.sqrt(nx * nx + ny * ny);
      var p = n > 0 ? pts[i].add(L.point(nx / n * px, ny / n * px)) : pts[i];
      out.push(m.unproject(p, z));
    }
    return out;
  };

  fp.drawRoutes = function () {
    if (!fp.shown) return;
    fp.routes.clearLayers();
    fp.arrows.clearLayers();
    fp.positions.clearLayers();
    var cfg = fp.cfg, m = fp.map;
    fp.shown.filter(fp.isRoute).forEach(function (e) {
      var pts = routeUntil(e.route, fp.view.year);
      if (pts.length < 2) return;
      var color = cfg.layers[e.layer].color;
      var click = function (ev) {
        L.DomEvent.stop(ev);
        fp.select({kind: "event", id: e.id}, ev.latlng);
      };
      legRuns(pts).forEach(function (run) {
        var sourced = run.kind === "sourced";
        var latlngs = fp.offsetLatLngs(run.points.map(function (p) { return [p.lat, p.lon]; }), 3);
        var line = L.polyline(latlngs, {
          pane: "fp-routes", color: color, weight: sourced ? 3 : 2.5, opacity: sourced ? 0.95 : 0.85,
          dashArray: sourced ? null : cfg.route_dash.inferred, lineCap: sourced ? "butt" : "round",
          className: "fp-leg fp-leg-" + run.kind
        });
        line.bindTooltip(fp.escape(e.title) + " — " + run.kind + " leg", {sticky: true});
        line.on("click", click);
        line.addTo(fp.routes);
        /* a leg is not a Tab stop (Chromium makes an SVG path with focus listeners — the tooltip's — focusable,
           unnamed); its dated positions are */
        if (line.getElement()) line.getElement().setAttribute("tabindex", "-1");
        /* direction: an arrowhead on each long enough segment, no animation */
        for (var i = 1; i < latlngs.length; i++) {
          var a = m.latLngToLayerPoint(latlngs[i - 1]), b = m.latLngToLayerPoint(latlngs[i]);
          if (a.distanceTo(b) < 50) continue;
          var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
          var mid = m.layerPointToLatLng(a.add(b).divideBy(2));
          L.marker(mid, {
            interactive: false, keyboard: false, pane: "fp-routes",
            icon: L.divIcon({
              className: "fp-arrow", iconSize: [12, 12], iconAnchor: [6, 6],
              html: '<svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12" style="transform:rotate(' +
                    angle.toFixed(1) + 'deg)"><path d="M1 1 L11 6 L1 11 z" fill="' + color +
                    '" stroke="#fff" stroke-width="1"/></svg>'
            })
          }).addTo(fp.arrows);
        }
      });
      pts.forEach(function (p) {
        if (p.day === null) return;
        var label = e.title + ": " + p.date + (p.place ? ", " + p.place : "") + " (dated position, source in the panel)";
        var mk = L.marker([p.lat, p.lon], {
          keyboard: true, zIndexOffset: -1000,
          icon: new NamedIcon({
            className: "fp-position", iconSize: [14, 14], iconAnchor: [7, 7], label: label,
            html: '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14"><circle cx="7" cy="7" r="5" ' +
                  'fill="#fff" stroke="' + color + '" stroke-width="2.5"/></svg>',
            data: {route: e.id, seq: p.seq}
          })
        });
        mk.bindTooltip(fp.escape(e.title) + "<br><small>" + L.Util.template("{d}", {d: fp.escape(p.date)}) +
                       (p.place ? " · " + fp.escape(p.place) : "") + "</small>");
        mk.on("click", function () { fp.select({kind: "route_point", route_id: e.id, seq: p.seq}, [p.lat, p.lon]); });
        mk.addTo(fp.positions);
      });
    });
    fp.drawSelection();
  };

  fp.escape = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  };

  /* ---- place names ---- */
  fp.drawLabels = function () {
    fp.labels.clearLayers();
    fp.labelMarkers = [];
    var seen = {};
    Object.keys(fp.data.places).forEach(function (id) {
      var p = fp.data.places[id];
      if (!p.label || seen[p.label]) return;
      seen[p.label] = true;
      var lm = L.marker([p.lat, p.lon], {
        interactive: false, keyboard: false, pane: "fp-labels",
        icon: L.divIcon({className: "fp-label", iconSize: null, html: '<span aria-hidden="true">' +
                         fp.escape(p.label) + "</span>"})
      }).addTo(fp.labels);
      lm.fpPlace = p;
      fp.labelMarkers.push(lm);
    });
  };

  /* Greedy placement: each name right, left, above or below its place, hidden when all four would cover a
     mark or another name. Cities first. */
  /* Again once the cluster layer and a resized frame have settled: on the next frame, and after Leaflet's
     debounced moveend (a frame resized by Streamlit moves every icon about 200 ms later). */
  fp.placeLabelsSoon = function () {
    requestAnimationFrame(function () { fp.placeLabels(); });
    clearTimeout(fp._labelTimer);
    fp._labelTimer = setTimeout(function () { fp.placeLabels(); }, 300);
  };

  fp.placeLabels = function () {
    if (!fp.labelMarkers) return;
    var m = fp.map, boxes = [], size = m.getSize();
    var overlap = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
    var icons = m.getContainer().querySelectorAll(
      ".fp-marker, .fp-cluster, .fp-position, .fp-new-tag, .fp-edge, .fp-ring-mark, .leaflet-control");
    var origin = m.getContainer().getBoundingClientRect();
    icons.forEach(function (i) {
      var r = i.getBoundingClientRect();
      boxes.push({x0: r.left - origin.left, x1: r.right - origin.left, y0: r.top - origin.top, y1: r.bottom - origin.top});
    });
    var order = fp.labelMarkers.slice().sort(function (a, b) {
      return (a.fpPlace.kind === "city" ? 0 : 1) - (b.fpPlace.kind === "city" ? 0 : 1);
    });
    order.forEach(function (lm) {
      var node = lm._icon && lm._icon.firstChild;
      if (!node) return;
      node.style.visibility = "hidden";
      node.style.transform = "";
      var w = node.offsetWidth, h = node.offsetHeight, c = m.latLngToContainerPoint(lm.getLatLng());
      var spots = [[14, -h / 2], [-14 - w, -h / 2], [-w / 2, -14 - h], [-w / 2, 14], [20, -h / 2], [-20 - w, -h / 2],
                   [-w / 2, -20 - h], [-w / 2, 20]];
      for (var s = 0; s < spots.length; s++) {
        var box = {x0: c.x + spots[s][0], y0: c.y + spots[s][1]};
        box.x1 = box.x0 + w; box.y1 = box.y0 + h;
        if (box.x0 < 2 || box.y0 < 2 || box.x1 > size.x - 2 || box.y1 > size.y - 2) continue;
        if (boxes.some(function (b) { return overlap(box, b); })) continue;
        /* where the name really lands (its marker's own anchor may shift it by a pixel or two) */
        node.style.transform = "translate(" + spots[s][0] + "px," + spots[s][1] + "px)";
        var r = node.getBoundingClientRect();
        var drawn = {x0: r.left - origin.left, x1: r.right - origin.left, y0: r.top - origin.top, y1: r.bottom - origin.top};
        if (boxes.some(function (b) { return overlap(drawn, b); })) continue;
        boxes.push(drawn);
        node.style.visibility = "visible";
        break;
      }
      if (node.style.visibility !== "visible") node.style.transform = "";
    });
  };

  /* ---- selection: ring now, on click, so ring, list and panel agree ---- */
  fp.select = function (sel, latlng) {
    fp.selected = sel;
    fp.drawSelection();
    fp.placeLabelsSoon();  /* a name must not sit under the new ring */
    fp.announce(sel);
    fp.showCard(sel);
    fp.clicks += 1;
    if (fp._report) fp._report(Object.assign({n: fp.clicks}, sel), latlng ? L.latLng(latlng) : null);
  };

  fp.selectedEvent = function () {
    var s = fp.selected;
    if (!s || !fp.byId) return null;
    if (s.kind === "event") return fp.byId[s.id] || null;
    if (s.kind === "route_point") return fp.byId[s.route_id] || null;
    return null;
  };

  fp.drawSelection = function () {
    if (!fp.data || !fp.ring) return;
    fp.ring.clearLayers();
    var old = fp.map.getContainer().querySelectorAll(".fp-selected");
    old.forEach(function (n) { n.classList.remove("fp-selected"); n.removeAttribute("aria-current"); });
    var s = fp.selected;
    if (!s) return;
    var ring = function (latlng, r) {
      L.circleMarker(latlng, {radius: r, pane: "fp-ring", color: "#fff", weight: 6, fill: false, interactive: false})
        .addTo(fp.ring);
      L.circleMarker(latlng, {radius: r, pane: "fp-ring", color: "#111", weight: 3, fill: false, interactive: false,
                              className: "fp-ring fp-ring-mark"}).addTo(fp.ring);
    };
    if (s.kind === "dataset") {
      var d = fp.datasets[s.dataset];
      var i = d && d.indexOf(s.row);
      if (i !== undefined && i >= 0) ring([d.data.lat[i], d.data.lon[i]], 10);
      return;
    }
    var e = fp.selectedEvent();
    if (!e || !fp.shown || fp.shown.indexOf(e) < 0) return;
    if (fp.isRoute(e)) {
      var pts = routeUntil(e.route, fp.view.year);
      L.polyline(fp.offsetLatLngs(pts.map(function (p) { return [p.lat, p.lon]; }), 3), {
        pane: "fp-halos", color: "#111", weight: 11, opacity: 0.22, interactive: false, className: "fp-ring"
      }).addTo(fp.ring);
      if (s.kind === "route_point") {
        var p = e.route.filter(function (q) { return q.seq === s.seq; })[0];
        if (p) ring([p.lat, p.lon], 12);
      }
      return;
    }
    var marker = fp.markers[e.id];
    if (!marker) return;
    var parent = fp.cluster.getVisibleParent(marker);
    if (parent && parent !== marker && parent.spiderfy) parent.spiderfy();
    ring(marker.getLatLng(), 17);
    if (marker._icon) { marker._icon.classList.add("fp-selected"); marker._icon.setAttribute("aria-current", "true"); }
  };

  fp.announce = function (s) {
    var e = fp.selectedEvent(), text = "";
    if (s.kind === "dataset") text = "Selected a row of " + s.dataset + ". Its details are in the panel.";
    else if (e && s.kind === "route_point") {
      var p = e.route.filter(function (q) { return q.seq === s.seq; })[0];
      text = "Selected: " + e.title + ", position of " + (p ? p.date : "") + ". Its source is in the panel.";
    } else if (e) text = "Selected: " + fp.eventLabel(e) + ". Its sources are in the panel.";
    fp.live.textContent = text;
  };

  /* On a narrow screen the panel is far below: a short card over the map says what was picked. */
  fp.showCard = function (s) {
    var e = fp.selectedEvent();
    if (!e || fp.map.getContainer().clientWidth > 700) { fp.card.setAttribute("hidden", ""); return; }
    fp.card.textContent = "";
    fp.card.appendChild(el("strong", {}, e.title));
    fp.card.appendChild(el("span", {}, " " + e.date + " · " + e.status));
    var go = el("button", {type: "button"}, "Read the sources ↓");
    go.addEventListener("click", function () {
      try {
        var panel = window.parent.document.querySelector(".st-key-panel");
        if (panel) panel.scrollIntoView({behavior: reducedMotion ? "auto" : "smooth"});
      } catch (err) { /* another origin: the card stays */ }
    });
    var close = el("button", {type: "button", "aria-label": "Close"}, "×");
    close.addEventListener("click", function () { fp.card.setAttribute("hidden", ""); });
    fp.card.appendChild(go);
    fp.card.appendChild(close);
    fp.card.removeAttribute("hidden");
  };

  /* ---- framing ---- */
  fp.eventLatLngs = function (e) {
    if (fp.isRoute(e)) return routeUntil(e.route, fp.view.year).map(function (p) { return L.latLng(p.lat, p.lon); });
    var p = fp.data.places[e.place];
    return p ? [L.latLng(p.lat, p.lon)] : [];
  };

  /* The first view fits the year's core: the marks within CORE_KM of their median place. Far ones (Moscow,
     Severomorsk) stay reachable through the edge buttons; "Fit the year" shows everything. */
  var CORE_KM = 2500;
  fp.core = function () {
    var pts = [];
    (fp.shown || []).forEach(function (e) { if (!fp.isRoute(e)) pts = pts.concat(fp.eventLatLngs(e)); });
    if (pts.length < 3) return null;
    var med = function (xs) { xs = xs.slice().sort(function (a, b) { return a - b; }); return xs[xs.length >> 1]; };
    var centre = L.latLng(med(pts.map(function (p) { return p.lat; })), med(pts.map(function (p) { return p.lng; })));
    var b = L.latLngBounds([]);
    pts.forEach(function (p) { if (centre.distanceTo(p) <= CORE_KM * 1000) b.extend(p); });
    return b.isValid() ? b : null;
  };

  fp.fit = function (initial) {
    var b = initial ? fp.core() : null;
    if (!b) {
      b = L.latLngBounds([]);
      (fp.shown || []).forEach(function (e) { fp.eventLatLngs(e).forEach(function (ll) { b.extend(ll); }); });
    }
    if (!b.isValid()) return;
    fp.map.fitBounds(b, {padding: [30, 30], maxZoom: 6, animate: !initial && !reducedMotion});
  };

  fp.bringIntoView = function (sel) {
    var e = sel.kind === "route_point" || sel.kind === "event" ? fp.byId[sel.route_id || sel.id] : null;
    var lls = [];
    if (e) {
      lls = fp.eventLatLngs(e);
      if (sel.kind === "route_point") {
        lls = e.route.filter(function (q) { return q.seq === sel.seq; }).map(function (q) { return L.latLng(q.lat, q.lon); });
      }
    } else if (sel.kind === "dataset" && fp.datasets[sel.dataset]) {
      var d = fp.datasets[sel.dataset], i = d.indexOf(sel.row);
      if (i >= 0) lls = [L.latLng(d.data.lat[i], d.data.lon[i])];
    }
    if (!lls.length) return;
    var b = L.latLngBounds(lls), view = fp.map.getBounds().pad(-0.08);
    if (view.contains(b)) return;
    if (lls.length === 1) fp.map.panTo(lls[0], {animate: !reducedMotion});
    else fp.map.fitBounds(b, {padding: [30, 30], maxZoom: fp.map.getZoom() > 5 ? fp.map.getZoom() : 6});
  };

  /* Only what is in view is a Tab stop: focusing a mark outside would scroll the map's container under Leaflet. */
  fp.tabStops = function () {
    var c = fp.map.getContainer(), box = c.getBoundingClientRect();
    c.querySelectorAll(".fp-marker, .fp-cluster, .fp-position").forEach(function (n) {
      var r = n.getBoundingClientRect();
      var inside = r.width > 0 && r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
      n.setAttribute("tabindex", inside ? "0" : "-1");
    });
  };

  /* Visible features outside the view: a button at the edge names them and brings them in. */
  fp.edges = function () {
    if (!fp.shown || !fp.edgeBox) return;
    fp.tabStops();
    var m = fp.map, bounds = m.getBounds(), c = m.getCenter(), size = m.getSize();
    var groups = {};
    fp.shown.forEach(function (e) {
      var lls = fp.eventLatLngs(e);
      if (!lls.length || lls.some(function (ll) { return bounds.contains(ll); })) return;
      var ll = lls[lls.length - 1], p = m.latLngToContainerPoint(ll);
      var dir = (p.y < 0 ? "n" : p.y > size.y ? "s" : "") + (p.x < 0 ? "w" : p.x > size.x ? "e" : "");
      if (!dir) return;
      (groups[dir] = groups[dir] || []).push(e);
    });
    fp.edgeBox.textContent = "";
    var arrows = {n: "↑", s: "↓", e: "→", w: "←", ne: "↗", nw: "↖", se: "↘", sw: "↙"};
    var words = {n: "north", s: "south", e: "east", w: "west", ne: "north-east", nw: "north-west", se: "south-east",
                 sw: "south-west"};
    Object.keys(groups).forEach(function (dir) {
      var list = groups[dir];
      var names = [];
      list.forEach(function (e) {
        var p = fp.data.places[e.place];
        var n = fp.isRoute(e) ? e.title : (p ? p.label || p.name : e.title);
        if (names.indexOf(n) < 0) names.push(n);
      });
      var text = arrows[dir] + " " + list.length + " off the map: " + names.join(", ");
      var b = el("button", {type: "button", "class": "fp-edge fp-edge-" + dir, title: text,
                            "aria-label": list.length + " features off the map to the " + words[dir] + ": " +
                                          names.join(", ") + ". Show them."}, text);
      b.addEventListener("click", function () {
        var bb = m.getBounds();
        list.forEach(function (e) { fp.eventLatLngs(e).forEach(function (ll) { bb.extend(ll); }); });
        m.fitBounds(bb, {padding: [20, 20], animate: !reducedMotion});
      });
      fp.edgeBox.appendChild(b);
    });
    void c;
  };

  /* ---- imported datasets: columnar payloads drawn on a canvas ---- */
  var DatasetLayer = L.Layer.extend({
    initialize: function (name, data) {
      this.name = name;
      this.data = data;
      var n = data.lat.length;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var pt = L.CRS.EPSG3857.latLngToPoint(L.latLng(data.lat[i], data.lon[i]), 0);
        this.wx[i] = pt.x; this.wy[i] = pt.y;
      }
      this.rowIndex = {};
      for (var j = 0; j < n; j++) this.rowIndex[data.row[j]] = j;
      this.shown = new Int32Array(0);
    },
    indexOf: function (row) { var i = this.rowIndex[row]; return i === undefined ? -1 : i; },
    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "fp-dataset leaflet-zoom-hide");
      map.getPane("overlayPane").appendChild(this.canvas);
      map.on("moveend zoomend resize", this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      map.off("moveend zoomend resize", this.redraw, this);
    },
    filter: function () {
      var v = fp.view || {}, d = this.data, f = (v.filters || {})[this.name] || {}, n = d.lat.length, out = [];
      var allow = function (list) {
        if (!list) return null;
        var s = {}; list.forEach(function (x) { s[x] = true; }); return s;
      };
      var types = allow(f.event_type), actors = allow(f.actor), countries = allow(f.country);
      for (var i = 0; i < n; i++) {
        if (v.year !== undefined && !isVisible(d.start[i], d.end[i], v.year, v.mode)) continue;
        if (types && !types[d.event_type[i]]) continue;
        if (countries && !countries[d.country[i]]) continue;
        if (actors && !actors[d.actor1[i]] && !(d.actor2[i] !== null && actors[d.actor2[i]])) continue;
        out.push(i);
      }
      this.shown = Int32Array.from(out);
    },
    redraw: function () {
      if (!this._map) return;
      this.filter();
      var map = this._map, size = map.getSize(), origin = map.getPixelBounds().min, scale = Math.pow(2, map.getZoom());
      var ratio = window.devicePixelRatio || 1;
      this.canvas.width = size.x * ratio; this.canvas.height = size.y * ratio;
      this.canvas.style.width = size.x + "px"; this.canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = this.canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      // How far off each location may be (precision_km): a faint disc in metres, like the curated halos, drawn
      // when it is larger than the dot and smaller than the view.
      var mPerPx = 40075016.686 / (256 * scale), maxR = Math.max(size.x, size.y);
      ctx.fillStyle = "rgba(90, 40, 120, 0.10)";
      ctx.beginPath();
      for (var h = 0; h < this.shown.length; h++) {
        var j = this.shown[h], hx = this.wx[j] * scale - origin.x, hy = this.wy[j] * scale - origin.y;
        var r = this.data.precision_km[j] * 1000 / (mPerPx * Math.cos(this.data.lat[j] * Math.PI / 180));
        if (r < 5 || r > maxR || hx < -r || hy < -r || hx > size.x + r || hy > size.y + r) continue;
        ctx.moveTo(hx + r, hy);
        ctx.arc(hx, hy, r, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.fillStyle = "rgba(90, 40, 120, 0.75)";
      ctx.strokeStyle = "#1a1a1a";
      ctx.lineWidth = 0.8;
      ctx.beginPath();
      for (var k = 0; k < this.shown.length; k++) {
        var i = this.shown[k], x = this.wx[i] * scale - origin.x, y = this.wy[i] * scale - origin.y;
        if (x < -4 || y < -4 || x > size.x + 4 || y > size.y + 4) continue;
        ctx.moveTo(x + 3.5, y);
        ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.stroke();
    },
    hit: function (containerPoint) {
      var map = this._map, origin = map.getPixelBounds().min, scale = Math.pow(2, map.getZoom());
      var best = -1, bestD = 36;
      for (var k = 0; k < this.shown.length; k++) {
        var i = this.shown[k], dx = this.wx[i] * scale - origin.x - containerPoint.x;
        var dy = this.wy[i] * scale - origin.y - containerPoint.y, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = i; }
      }
      return best;
    }
  });

  fp.addDataset = function (name, url) {
    if (fp.datasets[name] || fp["_loading_" + name]) return;
    fp["_loading_" + name] = true;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      fp.datasets[name] = new DatasetLayer(name, data).addTo(fp.map);
      fp.drawSelection();
      if (fp.view) fp.signalDrawn();
    }).catch(function (err) { fp.note("The dataset " + name + " could not be loaded: " + err, true); });
  };

  fp.datasetClick = function (e) {
    var names = Object.keys(fp.datasets);
    for (var k = 0; k < names.length; k++) {
      var d = fp.datasets[names[k]], i = d.hit(e.containerPoint);
      if (i >= 0) {
        fp.select({kind: "dataset", dataset: names[k], row: d.data.row[i]}, [d.data.lat[i], d.data.lon[i]]);
        return;
      }
    }
  };

  /* What a mark, a dated position or a cluster does when activated (Enter, Space, or a tap). */
  fp.activate = function (t) {
    if (!t || !t.getAttribute) return false;
    if (t.hasAttribute("data-id")) {
      var ev = fp.byId && fp.byId[t.getAttribute("data-id")];
      if (!ev) return false;
      var place = fp.data.places[ev.place];
      fp.select({kind: "event", id: ev.id}, [place.lat, place.lon]);
      return true;
    }
    if (t.hasAttribute("data-route")) {
      var seq = Number(t.getAttribute("data-seq"));
      var rid = t.getAttribute("data-route"), r = fp.byId && fp.byId[rid];
      var p = r && r.route.filter(function (q) { return q.seq === seq; })[0];
      if (p) fp.select({kind: "route_point", route_id: rid, seq: seq}, [p.lat, p.lon]);
      return !!p;
    }
    if (t.hasAttribute("data-cluster")) {
      var cluster = fp.clusters[t.getAttribute("data-cluster")];
      if (cluster) fp.openCluster(cluster, true);
      return !!cluster;
    }
    return false;
  };

  /* Enter or Space on a focused mark selects it (Leaflet's own key handling fires nothing for a DivIcon). */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    if (fp.activate(e.target)) e.preventDefault();
  }, true);

  /* A tap on a phone: the browser may drop the click (the page scrolls under the finger), so a short tap that
     did not move selects by itself. */
  var down = null;
  document.addEventListener("pointerdown", function (e) {
    down = e.pointerType === "touch" ? {x: e.clientX, y: e.clientY, t: Date.now()} : null;
  }, true);
  document.addEventListener("pointerup", function (e) {
    if (!down || e.pointerType !== "touch") return;
    var moved = Math.abs(e.clientX - down.x) + Math.abs(e.clientY - down.y), quick = Date.now() - down.t < 600;
    down = null;
    var t = e.target && e.target.closest && e.target.closest("[data-id], [data-route], [data-cluster]");
    if (t && moved < 10 && quick && fp.activate(t)) e.preventDefault();
  }, true);
})();
