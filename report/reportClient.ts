/**
 * The page script of report.html, as text. It runs in the browser after the inlined Chart.js
 * bundle: it reads the embedded JSON, draws every chart, and marks the body with how many charts
 * finished their first render (`data-charts-drawn`) or why drawing failed (`data-charts-error`),
 * so a headless browser test can check the result from the DOM alone.
 * Plain ES2017 in a string because the project compiles without DOM typings.
 */
export const reportClientScript = String.raw`
(function () {
  'use strict';
  var body = document.body;
  try {
    var payload = JSON.parse(document.getElementById('report-data').textContent);
    var specs = payload.charts;
    var drawn = 0;
    // Count first renders, not constructor calls: a chart counts once it has painted.
    var counter = {
      id: 'drawnCounter',
      afterRender: function (chart) {
        if (chart.$reportCounted) return;
        chart.$reportCounted = true;
        drawn += 1;
        if (drawn === specs.length) body.dataset.chartsDrawn = String(drawn);
      }
    };
    var percentTick = function (v) { return v + '%'; };
    Chart.defaults.font.family = 'system-ui, "DejaVu Sans", Arial, sans-serif';
    if (specs.length === 0) body.dataset.chartsDrawn = '0';
    specs.forEach(function (spec) {
      var config = spec.config;
      if (spec.yPercent) {
        var y = config.options.scales.y;
        y.ticks = Object.assign({}, y.ticks, { callback: percentTick });
      }
      config.plugins = [counter];
      new Chart(document.getElementById(spec.id), config);
    });
  } catch (err) {
    body.dataset.chartsError = String(err && err.message ? err.message : err);
  }
})();
`;
