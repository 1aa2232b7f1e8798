/* The KPI dashboard (templates/kpis/staff/progress.html): the monthly trend chart
   and the key-group bars (ECharts, Chinese locale) and the stations map (Leaflet), from
   the JSON the page carries (no inline script: the CSP allows only 'self'). */
(function () {
  "use strict";
  var COLOURS = { met: "#15803d", on_track: "#2563eb", behind: "#d97706", below: "#b91c1c" };

  // An ECharts chart in `node`, in the page's language, drawn as SVG.
  function chartOn(node) {
    var lang = document.documentElement.lang || "";
    return window.echarts.init(node, null, {
      locale: lang.indexOf("zh") === 0 ? "ZH" : "EN", renderer: "svg"
    });
  }

  function trend() {
    var node = document.querySelector("[data-trend]");
    var source = document.getElementById("kpi-trend-data");
    var select = document.querySelector("[data-trend-select]");
    if (!node || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    if (!data.series.length) { return; }
    var chart = chartOn(node);
    function show(index) {
      var s = data.series[index];
      var target = data.months.map(function () { return s.target; });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value" },
        series: [
          { name: node.dataset.labelActual, type: "line", data: s.actual, connectNulls: false },
          { name: node.dataset.labelTarget, type: "line", data: s.target === null ? [] : target,
            lineStyle: { type: "dashed" }, symbol: "none" },
          { name: node.dataset.labelExpected, type: "line", data: s.expected,
            lineStyle: { type: "dotted" }, symbol: "none" }
        ]
      }, true);
    }
    show(0);
    if (select) { select.addEventListener("change", function () { show(Number(select.value)); }); }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function groups() {
    var node = document.querySelector("[data-groups]");
    var source = document.getElementById("kpi-groups-data");
    var select = document.querySelector("[data-groups-select]");
    var note = document.querySelector("[data-groups-hidden]");
    if (!node || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    if (!data.series.length) { return; }
    var chart = chartOn(node);
    function show(index) {
      var s = data.series[index];
      // Hidden (small) groups have no bar at all, never a zero: they are named below.
      if (note) {
        note.textContent = s.hidden.length
          ? node.dataset.labelHidden + ": " + s.hidden.join(", ") : "";
      }
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, top: 16, bottom: 24, containLabel: true },
        xAxis: { type: "category", data: s.labels, axisLabel: { interval: 0 } },
        yAxis: { type: "value" },
        series: [{ name: node.dataset.labelCount, type: "bar", data: s.values }]
      }, true);
    }
    show(0);
    if (select) { select.addEventListener("change", function () { show(Number(select.value)); }); }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function map() {
    var node = document.querySelector("[data-kpi-map]");
    var source = document.getElementById("kpi-map-data");
    if (!node || !source || !window.L) { return; }
    var stations = JSON.parse(source.textContent);
    var leaflet = window.L.map(node);
    if (node.dataset.tileUrl) {
      window.L.tileLayer(node.dataset.tileUrl, { attribution: node.dataset.tileAttribution || "" })
        .addTo(leaflet);
    }
    var points = [];
    stations.forEach(function (s) {
      var colour = COLOURS[s.status] || "#6b7280";
      var marker = window.L.circleMarker([s.lat, s.lng], {
        radius: 8, color: colour, fillColor: colour, fillOpacity: 0.8
      }).addTo(leaflet);
      var link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.name + (s.percent === null ? "" : " " + s.percent + "%");
      marker.bindPopup(link);
      points.push([s.lat, s.lng]);
    });
    if (points.length) { leaflet.fitBounds(points, { padding: [24, 24], maxZoom: 14 }); }
  }

  function start() { trend(); groups(); map(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
