// Draws one Grafana dashboard (its JSON model) with the data obsgen fetched from smoke's Prometheus.
// Layout and looks follow Grafana's dark theme: a 24-column grid, 30px grid rows with 8px gaps, and
// each panel type drawn from its own fieldConfig and options (units, thresholds, colours, legends).
// After drawing, each panel element carries data-drawn ("1" when something from data was drawn),
// stats carry data-value and data-color, and <body data-ready="1"> marks the end: tests read these.
(function () {
  "use strict";
  const DASH = JSON.parse(document.getElementById("dashboard").textContent);
  const DATA = JSON.parse(document.getElementById("data").textContent);

  // Grafana's named colours (dark theme) and its classic palette.
  const NAMED = {
    green: "#73BF69", "dark-green": "#37872D", "semi-dark-green": "#56A64B", "light-green": "#96D98D",
    "super-light-green": "#C8F2C2", red: "#F2495C", "dark-red": "#C4162A", "semi-dark-red": "#E02F44",
    "light-red": "#FF7383", "super-light-red": "#FFA6B0", yellow: "#FADE2A", "dark-yellow": "#E0B400",
    "semi-dark-yellow": "#F2CC0C", "light-yellow": "#FFEE52", orange: "#FF9830", "dark-orange": "#FA6400",
    "semi-dark-orange": "#FF780A", "light-orange": "#FFB357", blue: "#5794F2", "dark-blue": "#1F60C4",
    "semi-dark-blue": "#3274D9", "light-blue": "#8AB8FF", purple: "#B877D9", "dark-purple": "#8F3BB8",
    "semi-dark-purple": "#A352CC", "light-purple": "#CA95E5", text: "#ccccdc", transparent: "rgba(0,0,0,0)",
  };
  const PALETTE = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#705DA0",
    "#37872D", "#FADE2A", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477"];
  const color = (c) => NAMED[c] || c || NAMED.green;

  function rgba(hex, alpha) {
    const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return hex;
    const n = parseInt(m[1], 16);
    return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
  }

  // ------------------------------------------------------------ units
  function fixed(v, decimals) {
    if (decimals === undefined || decimals === null) {
      const a = Math.abs(v);
      decimals = a === 0 ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(4, 1 - Math.floor(Math.log10(a)));
    }
    return Number(v.toFixed(decimals)).toString();
  }
  function scaled(v, decimals, factor, suffixes, sep) {
    let i = 0;
    while (Math.abs(v) >= factor && i < suffixes.length - 1) { v /= factor; i++; }
    return fixed(v, decimals) + (suffixes[i] ? (sep === undefined ? " " : sep) + suffixes[i] : "");
  }
  function duration(v, decimals) {
    const a = Math.abs(v);
    if (a === 0) return "0 s";
    if (a < 1e-6) return fixed(v * 1e9, decimals) + " ns";
    if (a < 1e-3) return fixed(v * 1e6, decimals) + " µs";
    if (a < 1) return fixed(v * 1e3, decimals) + " ms";
    if (a < 60) return fixed(v, decimals) + " s";
    if (a < 3600) return fixed(v / 60, decimals) + " min";
    if (a < 86400) return fixed(v / 3600, decimals) + " hour";
    return fixed(v / 86400, decimals) + " day";
  }
  function format(v, unit, decimals) {
    if (v === null || v === undefined || Number.isNaN(v)) return "";
    const SHORT = ["", "K", "Mil", "Bil", "Tri"];
    switch (unit || "short") {
      case "percent": return fixed(v, decimals) + "%";
      case "percentunit": return fixed(v * 100, decimals) + "%";
      case "s": return duration(v, decimals);
      case "ms": return duration(v / 1000, decimals);
      case "bytes": return scaled(v, decimals, 1024, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]);
      case "decbytes": return scaled(v, decimals, 1000, ["B", "kB", "MB", "GB", "TB", "PB"]);
      case "Bps": return scaled(v, decimals, 1000, ["B/s", "kB/s", "MB/s", "GB/s", "TB/s"]);
      case "binBps": return scaled(v, decimals, 1024, ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"]);
      case "reqps": return scaled(v, decimals, 1000, SHORT) + " req/s";
      case "ops": return scaled(v, decimals, 1000, SHORT) + " ops/s";
      case "rps": return scaled(v, decimals, 1000, SHORT) + " rps";
      case "currencyUSD": return "$" + scaled(v, decimals, 1000, ["", "K", "M", "B", "T"], "");
      case "bool_on_off": return v ? "On" : "Off";
      case "bool": return v ? "True" : "False";
      case "none": return fixed(v, decimals);
      default: return scaled(v, decimals, 1000, SHORT);
    }
  }

  // ------------------------------------------------------------ field config
  function defaults(panel) { return ((panel.fieldConfig || {}).defaults) || {}; }
  function steps(panel) {
    const s = ((defaults(panel).thresholds || {}).steps) || [];
    return s.length ? s : [{ color: "green", value: null }];
  }
  function thresholdColor(panel, v, min, max) {
    const t = defaults(panel).thresholds || {};
    let x = v;
    if (t.mode === "percentage" && max !== min) x = ((v - min) / (max - min)) * 100;
    let c = steps(panel)[0].color;
    for (const s of steps(panel)) if (s.value === null || s.value === undefined || x >= s.value) c = s.color;
    return color(c);
  }
  function mapping(panel, v) {
    for (const m of defaults(panel).mappings || []) {
      const o = m.options || {};
      if (m.type === "value" && v !== null && o[String(v)]) return o[String(v)];
      if (m.type === "range" && v !== null && (o.from == null || v >= o.from) && (o.to == null || v <= o.to)) return o.result || {};
      if (m.type === "special" && v === null && (o.match === "null" || o.match === "null+nan")) return o.result || {};
    }
    return null;
  }
  function override(panel, name) {
    const props = {};
    for (const o of ((panel.fieldConfig || {}).overrides) || []) {
      const m = o.matcher || {};
      let hit = false;
      if (m.id === "byName") hit = m.options === name;
      else if (m.id === "byNames") hit = ((m.options || {}).names || []).includes(name);
      else if (m.id === "byRegexp") { try { hit = new RegExp(m.options).test(name); } catch (e) { hit = false; } }
      if (hit) for (const p of o.properties || []) props[p.id] = p.value;
    }
    return props;
  }
  function reduce(values, calc) {
    const nn = values.filter((v) => v !== null && v !== undefined);
    if (!nn.length) return null;
    switch (calc) {
      case "mean": return nn.reduce((a, b) => a + b, 0) / nn.length;
      case "max": return Math.max(...nn);
      case "min": return Math.min(...nn);
      case "sum": return nn.reduce((a, b) => a + b, 0);
      case "count": return nn.length;
      case "first": case "firstNotNull": return nn[0];
      case "range": return Math.max(...nn) - Math.min(...nn);
      case "delta": case "diff": return nn[nn.length - 1] - nn[0];
      default: return nn[nn.length - 1];  // last, lastNotNull
    }
  }
  const CALC_NAMES = { mean: "Mean", max: "Max", min: "Min", sum: "Total", lastNotNull: "Last *", last: "Last",
    count: "Count", first: "First", firstNotNull: "First *", range: "Range", delta: "Delta", diff: "Difference" };

  function seriesName(target, metric) {
    const lf = target.legendFormat || "";
    if (lf && lf !== "__auto") return lf.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k) => metric[k] !== undefined ? metric[k] : "");
    const labels = Object.keys(metric).filter((k) => k !== "__name__").sort();
    const inner = labels.map((k) => `${k}="${metric[k]}"`).join(", ");
    if (!labels.length) return metric.__name__ || target.expr || "Value";
    return (metric.__name__ || "") + "{" + inner + "}";
  }
  // Every series of a panel: {name, values, color, unit}, coloured as Grafana would.
  function fields(panel, pdata) {
    const out = [];
    const d = defaults(panel);
    const mode = (d.color || {}).mode || "palette-classic";
    for (const t of pdata.targets) {
      for (const s of t.series) {
        const name = seriesName(t, s.metric);
        const ov = override(panel, name);
        const colorCfg = ov.color || d.color || {};
        const last = reduce(s.values, "lastNotNull");
        let c;
        if ((colorCfg.mode || mode) === "fixed") c = color(colorCfg.fixedColor);
        else if ((colorCfg.mode || mode) === "thresholds") c = thresholdColor(panel, last === null ? 0 : last);
        else c = PALETTE[out.length % PALETTE.length];
        out.push({ name: ov.displayName || name, values: s.values, color: c, unit: ov.unit || d.unit,
          metric: s.metric, refId: t.refId, instant: t.instant, format: t.format });
      }
    }
    return out;
  }
  function errors(pdata) { return pdata.targets.map((t) => t.error).filter(Boolean); }

  // ------------------------------------------------------------ helpers
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function fitText(text, w, h, max) {
    return Math.max(10, Math.min(max || 80, h, (w / Math.max(1, String(text).length)) * 1.6));
  }
  function hhmmss(ts) {
    const d = new Date(ts * 1000);
    return d.toISOString().substr(11, 8);
  }

  // A legend under or beside a plot: list or table, with the panel's calcs.
  function legend(panel, flds, body) {
    const opts = (panel.options || {}).legend || {};
    if (opts.showLegend === false || opts.displayMode === "hidden" || !flds.length) return null;
    const calcs = opts.calcs || [];
    const table = opts.displayMode === "table";
    const box = el(table ? "table" : "div", "legend " + (table ? "legend-table" : "legend-list"));
    if (table && calcs.length) {
      const head = el("tr");
      head.appendChild(el("th", "", ""));
      for (const c of calcs) head.appendChild(el("th", "", CALC_NAMES[c] || c));
      box.appendChild(head);
    }
    for (const f of flds) {
      const row = el(table ? "tr" : "span", "legend-item");
      const name = el(table ? "td" : "span", "legend-name");
      const mark = el("i", "legend-mark");
      mark.style.background = f.color;
      name.appendChild(mark);
      name.appendChild(document.createTextNode(f.name));
      row.appendChild(name);
      for (const c of calcs) row.appendChild(el(table ? "td" : "span", "legend-value", format(reduce(f.values, c), f.unit, defaults(panel).decimals)));
      box.appendChild(row);
    }
    if (opts.placement === "right") body.classList.add("legend-right");
    return box;
  }

  // ------------------------------------------------------------ panel types
  function timeseries(panel, pdata, body, node) {
    const d = defaults(panel);
    const custom = d.custom || {};
    let flds = fields(panel, pdata).filter((f) => !f.instant);
    const times = DATA.times;
    const lg = legend(panel, flds, body);
    const plot = el("div", "plot");
    body.appendChild(plot);
    if (lg) body.appendChild(lg);
    const w = Math.max(50, plot.clientWidth), h = Math.max(40, plot.clientHeight);
    const stacked = ((custom.stacking || {}).mode || "none") !== "none";
    const data = [times];
    const acc = times.map(() => 0);
    for (const f of flds) {
      if (stacked) data.push(f.values.map((v, i) => (v === null ? null : (acc[i] += v))));
      else data.push(f.values);
    }
    const bars = custom.drawStyle === "bars";
    const fill = (custom.fillOpacity || 0) / 100;
    const series = [{}].concat(flds.map((f) => {
      const ov = override(panel, f.name);
      const op = ov["custom.fillOpacity"] !== undefined ? ov["custom.fillOpacity"] / 100 : fill;
      return {
        label: f.name, stroke: f.color, width: (ov["custom.lineWidth"] || custom.lineWidth || 1),
        fill: op > 0 ? rgba(f.color, op) : undefined,
        paths: bars ? uPlot.paths.bars({ size: [0.6, 100] }) : undefined,
        points: { show: custom.showPoints === "always" },
        spanGaps: !!custom.spanNulls,
      };
    }));
    const fmt = (v) => format(v, d.unit, d.decimals);
    const thresholdsMode = (custom.thresholdsStyle || {}).mode || "off";
    const range = (u, lo, hi) => {
      // Like Grafana on non-negative data: the axis starts at 0 unless the panel sets a min.
      let min = d.min !== undefined && d.min !== null ? d.min : lo !== null && lo >= 0 ? 0 : lo;
      let max = d.max !== undefined && d.max !== null ? d.max : hi;
      if (thresholdsMode !== "off") for (const s of steps(panel)) if (s.value !== null && s.value !== undefined) {
        if (d.max === undefined || d.max === null) max = Math.max(max, s.value);
      }
      if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
      if (min === max) { const pad = Math.abs(min) * 0.1 || 1; return [min - (d.min == null && min < 0 ? pad : 0), max + pad]; }
      return [min, max + (d.max == null ? (max - min) * 0.05 : 0)];
    };
    let painted = 0;
    const opts = {
      width: w, height: h, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: true }, y: { range } },
      axes: [
        { stroke: "#ccccdc", grid: { stroke: "rgba(204,204,220,0.07)", width: 1 }, ticks: { show: false }, space: 60,
          values: (u, vals) => vals.map(hhmmss), font: "11px Inter, Helvetica, Arial, sans-serif" },
        { stroke: "#ccccdc", grid: { stroke: "rgba(204,204,220,0.07)", width: 1 }, ticks: { show: false }, size: 60,
          values: (u, vals) => vals.map(fmt), font: "11px Inter, Helvetica, Arial, sans-serif" },
      ],
      series,
      // Stacked: each series fills down to the one below it, not to zero (uPlot's bands).
      bands: stacked ? flds.slice(1).map((_, i) => ({ series: [i + 2, i + 1] })) : [],
      hooks: {
        drawClear: [(u) => {
          if (thresholdsMode === "off") return;
          const ctx = u.ctx;
          const st = steps(panel);
          for (let i = 0; i < st.length; i++) {
            const lo = st[i].value === null || st[i].value === undefined ? u.scales.y.min : st[i].value;
            const hi = i + 1 < st.length ? st[i + 1].value : u.scales.y.max;
            const y0 = u.valToPos(lo, "y", true), y1 = u.valToPos(hi, "y", true);
            if (thresholdsMode.includes("area")) {
              ctx.fillStyle = rgba(color(st[i].color), 0.15);
              ctx.fillRect(u.bbox.left, y1, u.bbox.width, y0 - y1);
            }
            if (thresholdsMode.includes("line") || thresholdsMode === "dashed") {
              if (i === 0) continue;
              ctx.save();
              ctx.strokeStyle = color(st[i].color);
              ctx.lineWidth = 1;
              ctx.setLineDash([6, 4]);
              ctx.beginPath(); ctx.moveTo(u.bbox.left, y0); ctx.lineTo(u.bbox.left + u.bbox.width, y0); ctx.stroke();
              ctx.restore();
            }
          }
        }],
        draw: [(u) => {
          // Proof that series were drawn: plot-area pixels in a series' colour.
          const b = u.bbox;
          if (!b.width || !b.height) return;
          // A line on the plot's edge is half outside the box: look two pixels beyond it.
          const img = u.ctx.getImageData(b.left, Math.max(0, b.top - 2), b.width, b.height + 4).data;
          const cols = flds.map((f) => { const n = parseInt(f.color.slice(1), 16); return [n >> 16, (n >> 8) & 255, n & 255]; });
          let hits = 0;
          for (let i = 0; i < img.length; i += 4) {
            if (img[i + 3] === 0) continue;
            for (const c of cols) if (Math.abs(img[i] - c[0]) + Math.abs(img[i + 1] - c[1]) + Math.abs(img[i + 2] - c[2]) < 60) { hits++; break; }
          }
          painted = hits;
          node.dataset.ink = String(hits);
          node.dataset.drawn = hits > 0 ? "1" : "0";
        }],
      },
    };
    new uPlot(opts, data, plot);
    if (!flds.length) noData(body);
    return painted;
  }

  function noData(body, text) {
    body.appendChild(el("div", "nodata", text || "No data"));
  }

  function stat(panel, pdata, body, node) {
    const d = defaults(panel);
    const o = panel.options || {};
    const calc = ((o.reduceOptions || {}).calcs || ["lastNotNull"])[0];
    const flds = fields(panel, pdata);
    const items = flds.map((f) => ({ f, v: reduce(f.values, calc) })).filter((x) => x.v !== null);
    const grid = el("div", "stat-grid");
    body.appendChild(grid);
    if (!items.length) {
      const text = d.noValue !== undefined ? d.noValue : "No data";
      const box = el("div", "stat-box");
      const value = el("div", "stat-value", text);
      value.style.color = d.noValue !== undefined ? thresholdColor(panel, Number(text) || 0) : "#ccccdc";
      value.style.fontSize = fitText(text, body.clientWidth * 0.9, body.clientHeight * 0.55, 64) + "px";
      box.appendChild(value);
      grid.appendChild(box);
      node.dataset.value = text;
      node.dataset.color = value.style.color;
      node.dataset.drawn = "0";  // no data, whatever noValue shows
      return;
    }
    const W = body.clientWidth / items.length, H = body.clientHeight;
    items.forEach(({ f, v }, i) => {
      const m = mapping(panel, v);
      const text = m && m.text ? m.text : format(v, f.unit, d.decimals);
      const c = m && m.color ? color(m.color) : thresholdColor(panel, v, d.min || 0, d.max === undefined ? 100 : d.max);
      const box = el("div", "stat-box");
      const mode = o.colorMode || "value";
      if (mode === "background" || mode === "background_solid") {
        box.style.background = mode === "background" ? `linear-gradient(120deg, ${rgba(c, 0.85)}, ${c})` : c;
      }
      if (o.graphMode === "area" && !f.instant) box.appendChild(sparkline(f.values, mode.startsWith("background") ? "#ffffff" : c, W, H));
      if (items.length > 1 || o.textMode === "value_and_name" || o.textMode === "name") box.appendChild(el("div", "stat-name", f.name));
      const value = el("div", "stat-value", text);
      value.style.fontSize = fitText(text, W * 0.9, H * (items.length > 1 ? 0.4 : 0.55), 64) + "px";
      value.style.color = mode === "value" ? c : mode === "none" ? "#ccccdc" : "#ffffff";
      box.appendChild(value);
      grid.appendChild(box);
      if (i === 0) { node.dataset.value = text; node.dataset.color = c; }
    });
    node.dataset.drawn = "1";
  }

  function sparkline(values, c, w, h) {
    const pts = values.map((v, i) => [i, v]).filter((p) => p[1] !== null);
    const s = svg("svg", { class: "sparkline", viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: "none" });
    if (pts.length < 2) return s;
    let lo = Math.min(...pts.map((p) => p[1])), hi = Math.max(...pts.map((p) => p[1]));
    if (hi === lo) { hi += 1; lo -= 1; }
    const X = (i) => (i / (values.length - 1)) * w, Y = (v) => h - ((v - lo) / (hi - lo)) * h * 0.35 - h * 0.05;
    const line = pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(" ");
    s.appendChild(svg("polygon", { points: `${X(pts[0][0])},${h} ${line} ${X(pts[pts.length - 1][0])},${h}`, fill: rgba(c, 0.15) || c, "fill-opacity": c.startsWith("#") ? 1 : 0.15 }));
    s.appendChild(svg("polyline", { points: line, fill: "none", stroke: c, "stroke-width": 1.5, opacity: 0.8 }));
    return s;
  }

  function bounds(panel, values) {
    const d = defaults(panel);
    let min = d.min, max = d.max;
    if (min === undefined || min === null) min = 0;
    if (max === undefined || max === null) {
      max = d.unit === "percentunit" ? 1 : d.unit === "percent" ? 100 : Math.max(...values, 0) || 1;
    }
    return [min, max];
  }

  function gauge(panel, pdata, body, node) {
    const d = defaults(panel);
    const calc = (((panel.options || {}).reduceOptions || {}).calcs || ["lastNotNull"])[0];
    const items = fields(panel, pdata).map((f) => ({ f, v: reduce(f.values, calc) })).filter((x) => x.v !== null);
    if (!items.length) { noData(body, d.noValue); node.dataset.drawn = "0"; return; }
    const [min, max] = bounds(panel, items.map((x) => x.v));
    const row = el("div", "gauge-row");
    body.appendChild(row);
    const W = body.clientWidth / items.length, H = body.clientHeight;
    for (const { f, v } of items) {
      const size = Math.min(W, H * 1.25);
      const r = size * 0.38, cx = W / 2, cy = H * 0.55, sw = r * 0.22;
      const s = svg("svg", { width: W, height: H });
      const a0 = (-225 * Math.PI) / 180, a1 = (45 * Math.PI) / 180;  // 270 degrees, opening at the bottom
      const ang = (x) => a0 + (a1 - a0) * Math.max(0, Math.min(1, (x - min) / (max - min || 1)));
      const arc = (from, to, rad) => {
        const p = (a) => [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
        const [x0, y0] = p(from), [x1, y1] = p(to);
        return `M ${x0} ${y0} A ${rad} ${rad} 0 ${to - from > Math.PI ? 1 : 0} 1 ${x1} ${y1}`;
      };
      const c = thresholdColor(panel, v, min, max);
      s.appendChild(svg("path", { d: arc(a0, a1, r), stroke: "rgba(204,204,220,0.1)", "stroke-width": sw, fill: "none" }));
      s.appendChild(svg("path", { d: arc(a0, ang(v), r), stroke: c, "stroke-width": sw, fill: "none" }));
      if ((panel.options || {}).showThresholdMarkers !== false) {
        const st = steps(panel);
        for (let i = 0; i < st.length; i++) {
          const lo = st[i].value === null || st[i].value === undefined ? min : st[i].value;
          const hi = i + 1 < st.length ? st[i + 1].value : max;
          s.appendChild(svg("path", { d: arc(ang(lo), ang(hi), r + sw * 0.85), stroke: color(st[i].color), "stroke-width": sw * 0.3, fill: "none" }));
        }
      }
      const text = format(v, f.unit, d.decimals);
      const t = svg("text", { x: cx, y: cy + r * 0.15, "text-anchor": "middle", fill: c, "font-size": fitText(text, r * 1.4, r * 0.6, 48), "font-weight": 500 });
      t.textContent = text;
      s.appendChild(t);
      row.appendChild(s);
    }
    node.dataset.value = format(items[0].v, items[0].f.unit, d.decimals);
    node.dataset.drawn = "1";
  }

  function bargauge(panel, pdata, body, node) {
    const d = defaults(panel);
    const o = panel.options || {};
    const calc = ((o.reduceOptions || {}).calcs || ["lastNotNull"])[0];
    const items = fields(panel, pdata).map((f) => ({ f, v: reduce(f.values, calc) })).filter((x) => x.v !== null);
    if (!items.length) { noData(body, d.noValue); node.dataset.drawn = "0"; return; }
    const [min, max] = bounds(panel, items.map((x) => x.v));
    const list = el("div", "bars");
    body.appendChild(list);
    for (const { f, v } of items) {
      const c = thresholdColor(panel, v, min, max);
      const row = el("div", "bar-row");
      row.appendChild(el("div", "bar-name", f.name));
      const track = el("div", "bar-track");
      const bar = el("div", "bar-fill");
      bar.style.width = Math.max(0.5, Math.min(100, ((v - min) / (max - min || 1)) * 100)) + "%";
      bar.style.background = o.displayMode === "gradient" ? `linear-gradient(90deg, ${rgba(c, 0.4)}, ${c})` :
        o.displayMode === "lcd" ? `repeating-linear-gradient(90deg, ${c} 0 6px, transparent 6px 8px)` : c;
      if (o.showUnfilled === false) track.style.background = "none";
      track.appendChild(bar);
      row.appendChild(track);
      const value = el("div", "bar-value", format(v, f.unit, d.decimals));
      value.style.color = c;
      row.appendChild(value);
      list.appendChild(row);
    }
    node.dataset.drawn = "1";
  }

  function table(panel, pdata, body, node) {
    const d = defaults(panel);
    const flds = fields(panel, pdata);
    if (!flds.length) { noData(body, d.noValue); node.dataset.drawn = "0"; return; }
    const labels = [...new Set(flds.flatMap((f) => Object.keys(f.metric)))].filter((k) => k !== "__name__").sort();
    const t = el("table", "data-table");
    const head = el("tr");
    const columns = labels.concat(["Value"]);
    for (const c of columns) head.appendChild(el("th", "", override(panel, c).displayName || c));
    t.appendChild(head);
    for (const f of flds) {
      const row = el("tr");
      for (const l of labels) row.appendChild(el("td", "", f.metric[l] || ""));
      const v = reduce(f.values, "lastNotNull");
      const m = mapping(panel, v);
      const cell = el("td", "num", m && m.text ? m.text : format(v, f.unit, d.decimals));
      const cellType = ((d.custom || {}).cellOptions || {}).type || (d.custom || {}).displayMode;
      if (cellType && cellType.includes("color")) cell.style.background = rgba(thresholdColor(panel, v), 0.6);
      row.appendChild(cell);
      t.appendChild(row);
    }
    body.appendChild(t);
    node.dataset.drawn = "1";
  }

  // Grafana's "Oranges" scheme, dark to bright, interpolated.
  function scheme(x) {
    const stops = [[40, 18, 6], [128, 40, 4], [217, 72, 1], [253, 141, 60], [253, 208, 162]];
    x = Math.max(0, Math.min(1, x)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(x)), t = x - i;
    const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * t));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  function heatmap(panel, pdata, body, node) {
    const flds = fields(panel, pdata).filter((f) => !f.instant);
    if (!flds.length) { noData(body); node.dataset.drawn = "0"; return; }
    const le = (f) => { const v = f.metric.le; return v === "+Inf" ? Infinity : parseFloat(v !== undefined ? v : f.name); };
    const buckets = flds.slice().sort((a, b) => le(a) - le(b));
    // Cumulative buckets to counts per bucket, as Grafana does for format=heatmap.
    const counts = buckets.map((b, i) => b.values.map((v, t) => {
      const below = i ? buckets[i - 1].values[t] : 0;
      return v === null ? null : Math.max(0, v - (below || 0));
    }));
    const max = Math.max(1e-12, ...counts.flat().filter((v) => v !== null));
    const unit = ((panel.options || {}).yAxis || {}).unit || defaults(panel).unit;
    const [canvas, W, H] = surface(body);
    const ctx = canvas.getContext("2d");
    const left = 64, bottom = 18, n = DATA.times.length;
    const cw = (W - left) / n, ch = (H - bottom) / buckets.length;
    ctx.font = "11px Inter, Helvetica, Arial, sans-serif";
    ctx.fillStyle = "#ccccdc";
    ctx.textAlign = "right";
    buckets.forEach((b, i) => {
      const y = H - bottom - (i + 1) * ch;
      if (ch >= 11 || i % Math.ceil(11 / ch) === 0) ctx.fillText(le(b) === Infinity ? "+Inf" : format(le(b), unit), left - 6, y + ch / 2 + 4);
      counts[i].forEach((v, t) => {
        if (v === null) return;
        ctx.fillStyle = scheme(Math.pow(v / max, ((panel.options || {}).color || {}).exponent || 0.5));
        ctx.fillRect(left + t * cw, y, Math.max(1, cw - 1), Math.max(1, ch - 1));
      });
      ctx.fillStyle = "#ccccdc";
    });
    node.dataset.ink = String(inked(ctx, W, H));
    node.dataset.drawn = "1";
  }

  // A canvas the size of the panel body's free space.
  function surface(body) {
    const plot = el("div", "plot");
    body.appendChild(plot);
    const W = Math.max(10, plot.clientWidth), H = Math.max(10, plot.clientHeight);
    const canvas = el("canvas");
    canvas.width = W; canvas.height = H;
    plot.appendChild(canvas);
    return [canvas, W, H];
  }

  function inked(ctx, w, h) {
    const img = ctx.getImageData(0, 0, w, h).data;
    let n = 0;
    for (let i = 3; i < img.length; i += 4) if (img[i]) n++;
    return n;
  }

  function piechart(panel, pdata, body, node) {
    const d = defaults(panel);
    const o = panel.options || {};
    const calc = ((o.reduceOptions || {}).calcs || ["lastNotNull"])[0];
    const items = fields(panel, pdata).map((f) => ({ f, v: reduce(f.values, calc) })).filter((x) => x.v !== null && x.v > 0);
    if (!items.length) { noData(body); node.dataset.drawn = "0"; return; }
    const total = items.reduce((a, x) => a + x.v, 0);
    const lg = legend(panel, items.map((x) => x.f), body);
    const plot = el("div", "plot");
    body.appendChild(plot);
    if (lg) {
      body.appendChild(lg);
      // Grafana's pie legend shows each slice's share.
      lg.querySelectorAll(".legend-item").forEach((row, i) => row.appendChild(el(lg.tagName === "TABLE" ? "td" : "span", "legend-value",
        format(items[i].v, items[i].f.unit, d.decimals) + "  " + ((items[i].v / total) * 100).toFixed(0) + "%")));
    }
    const W = plot.clientWidth, H = plot.clientHeight, r = Math.min(W, H) / 2 - 6;
    const s = svg("svg", { width: W, height: H });
    let a = -Math.PI / 2;
    for (const { f, v } of items) {
      const b = a + (v / total) * Math.PI * 2;
      const p = (ang, rad) => `${W / 2 + rad * Math.cos(ang)} ${H / 2 + rad * Math.sin(ang)}`;
      const large = b - a > Math.PI ? 1 : 0;
      const inner = o.pieType === "donut" ? r * 0.6 : 0;
      const dpath = items.length === 1 ? `M ${p(0, r)} A ${r} ${r} 0 1 1 ${p(Math.PI, r)} A ${r} ${r} 0 1 1 ${p(0, r)}` +
        (inner ? ` M ${p(0, inner)} A ${inner} ${inner} 0 1 0 ${p(Math.PI, inner)} A ${inner} ${inner} 0 1 0 ${p(0, inner)}` : "") :
        `M ${p(a, r)} A ${r} ${r} 0 ${large} 1 ${p(b, r)} L ${p(b, inner)}` + (inner ? ` A ${inner} ${inner} 0 ${large} 0 ${p(a, inner)}` : "") + " Z";
      s.appendChild(svg("path", { d: dpath, fill: f.color, stroke: "#181b1f", "stroke-width": 1, "fill-rule": "evenodd" }));
      a = b;
    }
    plot.appendChild(s);
    node.dataset.drawn = "1";
  }

  function statetimeline(panel, pdata, body, node) {
    const flds = fields(panel, pdata).filter((f) => !f.instant);
    if (!flds.length) { noData(body); node.dataset.drawn = "0"; return; }
    const [canvas, W, H] = surface(body);
    const ctx = canvas.getContext("2d");
    const left = Math.min(160, W * 0.3), n = DATA.times.length, rh = H / flds.length;
    ctx.font = "12px Inter, Helvetica, Arial, sans-serif";
    flds.forEach((f, i) => {
      ctx.fillStyle = "#ccccdc";
      ctx.textAlign = "right";
      ctx.fillText(f.name, left - 8, i * rh + rh / 2 + 4);
      f.values.forEach((v, t) => {
        if (v === null) return;
        const m = mapping(panel, v);
        ctx.fillStyle = m && m.color ? color(m.color) : thresholdColor(panel, v);
        ctx.fillRect(left + (t * (W - left)) / n, i * rh + rh * 0.1, (W - left) / n + 0.5, rh * 0.8);
      });
    });
    node.dataset.ink = String(inked(ctx, W, H));
    node.dataset.drawn = "1";
  }

  const LEVEL_COLORS = { error: "#F2495C", warn: "#FADE2A", warning: "#FADE2A", info: "#73BF69", debug: "#5794F2" };
  function logs(panel, pdata, body, node) {
    const lines = (pdata.logs || []).slice();
    const o = panel.options || {};
    lines.sort((a, b) => (o.sortOrder === "Ascending" ? a.ts - b.ts : b.ts - a.ts));
    if (!lines.length) { noData(body); node.dataset.drawn = "0"; return; }
    const list = el("div", "logs" + (o.wrapLogMessage ? " wrap" : ""));
    for (const l of lines) {
      const row = el("div", "log-row");
      row.style.borderLeftColor = LEVEL_COLORS[l.level] || "#8e8e8e";
      if (o.showTime !== false) row.appendChild(el("span", "log-time", hhmmss(l.ts)));
      row.appendChild(el("span", "log-line", l.line));
      list.appendChild(row);
    }
    body.appendChild(list);
    node.dataset.drawn = "1";
    node.dataset.synthetic = "1";
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function markdown(src) {
    const inline = (s) => escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
      .replace(/\*([^*]+)\*/g, "<i>$1</i>").replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
    const out = [];
    let list = false;
    for (const line of String(src).split("\n")) {
      const h = /^(#{1,6})\s+(.*)$/.exec(line), li = /^\s*[-*]\s+(.*)$/.exec(line);
      if (!li && list) { out.push("</ul>"); list = false; }
      if (h) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
      else if (li) { if (!list) { out.push("<ul>"); list = true; } out.push(`<li>${inline(li[1])}</li>`); }
      else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
    }
    if (list) out.push("</ul>");
    return out.join("");
  }
  function text(panel, pdata, body, node) {
    const o = panel.options || {};
    const box = el("div", "text-panel");
    // HTML mode is shown as text: a preview never runs markup from a dashboard.
    if (o.mode === "html") box.textContent = o.content || ""; else box.innerHTML = markdown(o.content || "");
    body.appendChild(box);
    node.dataset.drawn = (o.content || "").trim() ? "1" : "0";
  }

  const DRAW = { timeseries, graph: timeseries, stat, singlestat: stat, gauge, bargauge, table, heatmap,
    piechart, "state-timeline": statetimeline, "status-history": statetimeline, logs, text };

  // ------------------------------------------------------------ layout
  const grid = document.getElementById("grid");
  const panels = (DASH.panels || []).filter((p) => p && typeof p === "object");
  for (const panel of panels) {
    const g = panel.gridPos || {};
    const node = el("div", panel.type === "row" ? "row-header" : "panel");
    node.dataset.type = panel.type || "";
    node.dataset.title = panel.title || "";
    node.dataset.id = String(panel.id);
    node.style.gridColumn = `${(g.x || 0) + 1} / span ${g.w || 12}`;
    node.style.gridRow = `${(g.y || 0) + 1} / span ${g.h || 8}`;
    grid.appendChild(node);
    if (panel.type === "row") {
      const hidden = (panel.panels || []).length;
      node.textContent = (panel.collapsed ? "▸ " : "▾ ") + (panel.title || "") + (panel.collapsed && hidden ? ` (${hidden} panels)` : "");
      continue;
    }
    const head = el("div", "panel-header");
    head.appendChild(el("span", "panel-title", panel.title || ""));
    const pdata = (DATA.panels || {})[String(panel.id)] || { targets: [], logs: [] };
    if (panel.type === "logs") head.appendChild(el("span", "badge", "synthetic lines"));
    else if (pdata.targets.some((t) => t.synthetic)) head.appendChild(el("span", "badge", "synthetic series"));
    const errs = errors(pdata);
    if (errs.length) { head.appendChild(el("span", "badge error", "query error")); node.dataset.error = errs.join("; "); }
    node.appendChild(head);
    const body = el("div", "panel-body");
    node.appendChild(body);
    const draw = DRAW[panel.type];
    if (!draw) { noData(body, `panel type ${panel.type} is not previewed`); node.dataset.drawn = "0"; continue; }
    try { draw(panel, pdata, body, node); } catch (e) { node.dataset.drawn = "0"; node.dataset.error = String(e); noData(body, "preview failed: " + e); }
  }
  // uPlot paints on a microtask; mark the page ready after it.
  setTimeout(() => { document.body.dataset.ready = "1"; }, 0);
})();
