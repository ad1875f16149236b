/* The dashboards' charts (Apache ECharts, vendored): every chart is built from the page's one json_script block
   (#dashboard-data), the same rows the table beside it shows. The 大屏 view re-fetches the JSON endpoint every
   data-refresh-seconds and redraws the charts, the figures and the tables. No inline script (CSP). */
(function () {
  "use strict";
  var RED = "#b3261e", GREY = "#8a8a8a", GOLD = "#d4a017";
  var STEPS = ["#f6d5d2", "#eba59f", "#dc6f66", "#c2433a", "#8f1d16"];
  var charts = [];

  function get(data, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, data);
  }
  function pick(rows, key) { return rows.map(function (r) { return r[key]; }); }
  function base(extra) {
    var o = { animation: false, backgroundColor: "transparent", tooltip: { trigger: "axis", confine: true },
              grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
              textStyle: { fontFamily: "inherit" } };
    for (var k in extra) { o[k] = extra[k]; }
    return o;
  }
  function shorten(s) { return s && s.length > 14 ? s.slice(0, 13) + "…" : s; }
  function hbar(rows, label, value, name, colour) {
    rows = rows.slice().reverse();
    return base({ legend: { show: false },
      xAxis: { type: "value", max: name.indexOf("%") >= 0 ? 100 : null },
      yAxis: { type: "category", data: pick(rows, label), axisLabel: { formatter: shorten } },
      series: [{ type: "bar", name: name, data: pick(rows, value), itemStyle: { color: colour || RED },
                 label: { show: true, position: "right" } }] });
  }

  var builders = {
    stars: function (d) {
      var rows = d.stars.rows || [];
      var series = [{ type: "bar", name: d.labels.this_year, data: pick(rows, "count"), itemStyle: { color: RED },
                      label: { show: true, position: "top" } }];
      if (d.stars.has_last) {
        series.push({ type: "bar", name: d.labels.last_year, data: pick(rows, "last"), itemStyle: { color: GREY } });
      }
      return base({ legend: { top: 0 }, xAxis: { type: "category", data: pick(rows, "label") },
                    yAxis: { type: "value" }, series: series });
    },
    pillars: function (d) { return hbar(d.pillars, "label", "rate", d.labels.pass_rate); },
    criteria: function (d) { return hbar(d.criteria, "label", "rate", d.labels.pass_rate); },
    ranking: function (d) { return hbar(d.ranking, "name", "value", d.measure_label, GOLD); },
    trend: function (d) {
      var rows = d.trend;
      return base({ legend: { top: 0 }, xAxis: { type: "category", data: pick(rows, "year") },
        yAxis: { type: "value", max: 100 },
        series: [{ type: "line", name: d.labels.pass_rate, data: pick(rows, "pass_rate"), itemStyle: { color: RED } },
                 { type: "line", name: d.labels.top_share, data: pick(rows, "top_share"), itemStyle: { color: GOLD } }] });
    },
    completeness: function (d) {
      var rows = d.completeness;
      return base({ legend: { top: 0 }, xAxis: { type: "category", data: pick(rows, "label") },
        yAxis: { type: "value", max: 100 },
        series: [{ type: "bar", name: d.labels.received_rate, data: pick(rows, "received_rate"), itemStyle: { color: RED } },
                 { type: "bar", name: d.labels.approved_rate, data: pick(rows, "approved_rate"), itemStyle: { color: GOLD } }] });
    },
    rectification: function (d) {
      return hbar(d.programmes.rectification.slice().reverse(), "label", "count", d.labels.count, RED);
    },
    map: function (d, el) {
      var name = "region-" + d.region.code, names = {}, values = [];
      d.ranking.forEach(function (r) { names[r.code] = r.name; values.push({ name: r.code, value: r.value }); });
      var numbers = values.map(function (v) { return v.value; }).filter(function (v) { return v != null; });
      return base({ tooltip: { trigger: "item", formatter: function (p) {
          return (names[p.name] || p.name) + "：" + (p.value == null || isNaN(p.value) ? d.labels.no_data : p.value); } },
        visualMap: { min: numbers.length ? Math.min.apply(null, numbers) : 0,
                     max: numbers.length ? Math.max.apply(null, numbers) : 1,
                     inRange: { color: STEPS }, left: 0, bottom: 0, calculable: false, itemHeight: 80 },
        series: [{ type: "map", map: name, nameProperty: el.dataset.codeProperty, data: values, selectedMode: false,
                   label: { show: true, fontSize: 10, formatter: function (p) { return names[p.name] || ""; } } }] });
    }
  };

  function draw(el, data) {
    var kind = el.dataset.chart, chart = echarts.getInstanceByDom(el) || echarts.init(el, document.body.classList.contains("screen") ? "dark" : null, { renderer: "svg" });
    if (charts.indexOf(chart) < 0) { charts.push(chart); }
    chart.setOption(builders[kind](data, el), true);
    if (kind === "map" && !el.dataset.bound) {
      el.dataset.bound = "1";
      chart.on("click", function (p) {
        if (p.name) { window.location.href = el.dataset.link.replace("000000", p.name) + "?year=" + data.year; }
      });
    }
  }

  function render(data) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (typeof echarts === "undefined" || !builders[el.dataset.chart]) { return; }
      if (el.dataset.chart !== "map") { draw(el, data); return; }
      var name = "region-" + data.region.code;
      if (echarts.getMap(name)) { draw(el, data); return; }
      fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (geo) { echarts.registerMap(name, geo); draw(el, data); });
    });
  }

  function text(value, unit) { return value == null ? "—" : String(value) + (unit || ""); }

  function fill(data) {
    document.querySelectorAll("[data-field]").forEach(function (el) {
      el.textContent = text(get(data, el.dataset.field), el.dataset.unit);
    });
    document.querySelectorAll("table[data-rows]").forEach(function (table) {
      var rows = get(data, table.dataset.rows) || [], cols = table.dataset.cols.split(",");
      var body = document.createElement("tbody");
      rows.forEach(function (r) {
        var tr = document.createElement("tr");
        cols.forEach(function (c) { var td = document.createElement("td"); td.textContent = text(r[c]); tr.appendChild(td); });
        body.appendChild(tr);
      });
      if (!rows.length) {
        var tr = document.createElement("tr"), td = document.createElement("td");
        td.colSpan = cols.length; td.className = "muted"; td.textContent = data.labels.no_data;
        tr.appendChild(td); body.appendChild(tr);
      }
      table.replaceChild(body, table.tBodies[0]);
    });
  }

  function refresh(root) {
    var seconds = parseInt(root.dataset.refreshSeconds, 10);
    if (!root.dataset.refreshUrl || !(seconds > 0)) { return; }
    window.setInterval(function () {
      fetch(root.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { fill(data); render(data); })
        .catch(function () { /* keep the last figures on the screen until the next try */ });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-print").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    var root = document.getElementById("dashboard");
    var source = root && document.getElementById(root.dataset.data);
    if (!source) { return; }
    render(JSON.parse(source.textContent));
    refresh(root);
    var resize = function () { charts.forEach(function (c) { c.resize(); }); };
    window.addEventListener("resize", resize);
    window.addEventListener("beforeprint", resize);
    window.addEventListener("afterprint", resize);
  });
})();
