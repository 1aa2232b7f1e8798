/* The demand heat map (templates/courses/staff/demand.html): topics × months, from the
   JSON the page carries (no inline script: the CSP allows only 'self'). */
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("demand-heatmap");
    var source = document.getElementById("demand-data");
    if (!node || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var months = node.getAttribute("data-month-labels").split(",");
    node.style.height = Math.max(240, 28 * data.topics.length + 80) + "px";
    var chart = window.echarts.init(node);
    chart.setOption({
      tooltip: { position: "top" },
      grid: { left: 8, right: 8, top: 10, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: months, splitArea: { show: true } },
      yAxis: { type: "category", data: data.topics, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, data.max), calculable: true, orient: "horizontal",
                   left: "center", bottom: 0, inRange: { color: ["#f2f7f6", "#0f766e"] } },
      series: [{ type: "heatmap", data: data.cells, label: { show: true } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
