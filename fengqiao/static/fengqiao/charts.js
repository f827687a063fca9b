// Draws every element with data-chart from the JSON in the <script id="data-source"> it names.
// Kept in a file (no inline scripts) so the Content-Security-Policy can stay strict.
//
// The JSON is either {option: <ECharts option>}, or {labels: [...], values: [...], links: [...]}
// (one series), or {labels: [...], series: [{name, values, links}, ...]} (several series side by
// side). links (optional) are URLs per point: clicking a bar or a point opens it.
(function () {
  var COLOURS = ["#8b1a1a", "#c9a227", "#3b6e8f", "#5b8c5a", "#7a5c99"];

  function seriesOf(data) {
    return data.series || [{name: "", values: data.values, links: data.links}];
  }

  function optionFor(kind, data) {
    var series = seriesOf(data);
    var several = series.length > 1;
    var common = {
      tooltip: {trigger: "axis"},
      color: COLOURS,
      grid: {left: 40, right: 20, top: several ? 36 : 20, bottom: 70, containLabel: true},
      xAxis: {type: "category", data: data.labels,
              axisLabel: {interval: 0, rotate: data.labels.length > 6 ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      legend: several ? {top: 0} : {show: false}
    };
    common.series = series.map(function (s) {
      var one = {name: s.name, type: kind === "line" ? "line" : "bar", data: s.values};
      if (kind === "line") { one.smooth = true; one.symbolSize = 8; }
      else if (!several) { one.itemStyle = {color: COLOURS[0]}; }
      return one;
    });
    return common;
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || !window.echarts) { return; }
    if (echarts.getInstanceByDom(el)) { return; }  // already drawn (htmx swaps elsewhere)
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    chart.setOption(data.option ? data.option : optionFor(el.dataset.chart, data));
    if (!data.option) {
      var series = seriesOf(data);
      chart.on("click", function (params) {
        var s = series[params.seriesIndex];
        var url = s && s.links && s.links[params.dataIndex];
        if (url) { window.location.href = url; }
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
  document.body.addEventListener("htmx:afterSwap", init);
})();
