// Draws every element with data-chart from the JSON in the <script id="data-source"> it names.
// Kept in a file (no inline scripts) so the Content-Security-Policy can stay strict.
(function () {
  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    var option;
    if (data.option) {
      option = data.option;
    } else if (el.dataset.chart === "line") {
      option = {tooltip: {trigger: "axis"}, xAxis: {type: "category", data: data.labels},
                yAxis: {type: "value", minInterval: 1},
                series: (data.series || [{name: "", values: data.values}]).map(function (s) {
                  return {name: s.name, type: "line", data: s.values, smooth: true};
                }), legend: {}};
    } else {
      option = {tooltip: {}, grid: {left: 40, right: 20, bottom: 60},
                xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0, rotate: 30}},
                yAxis: {type: "value", minInterval: 1},
                series: [{type: "bar", data: data.values, itemStyle: {color: "#8b1a1a"}}]};
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
  document.body.addEventListener("htmx:afterSwap", init);
})();
