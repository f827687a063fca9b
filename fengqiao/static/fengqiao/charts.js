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

  var SHOWN = 12;  // more categories than this: a slider scrolls through them

  function axisLabel(el, count) {
    // Long names (courts) wrap under their bar while they fit; many labels are tilted.
    if (count <= 6) {
      var width = Math.max(40, Math.floor((el.clientWidth - 90) / Math.max(count, 1)) - 8);
      return {interval: 0, width: width, overflow: "break"};
    }
    return {interval: 0, rotate: 40, width: 110, overflow: "truncate"};
  }

  function optionFor(el, kind, data) {
    var series = seriesOf(data);
    var several = series.length > 1;
    var count = data.labels.length;
    var common = {
      tooltip: {trigger: "axis"},
      color: COLOURS,
      grid: {left: 40, right: 20, top: several ? 36 : 20, bottom: count > SHOWN ? 40 : 10,
             containLabel: true},
      xAxis: {type: "category", data: data.labels, axisLabel: axisLabel(el, count)},
      yAxis: {type: "value", minInterval: 1},
      legend: several ? {top: 0} : {show: false}
    };
    if (count > SHOWN) {
      common.dataZoom = [{type: "slider", startValue: 0, endValue: SHOWN - 1, height: 16,
                          bottom: 4}];
    }
    common.series = series.map(function (s) {
      var one = {name: s.name, type: kind === "line" ? "line" : "bar", data: s.values};
      if (kind === "line") { one.symbolSize = 8; }
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
    chart.setOption(data.option ? data.option : optionFor(el, el.dataset.chart, data));
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
