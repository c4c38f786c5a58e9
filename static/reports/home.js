// The home page's chart: awards of the year by level, granted and proposed. The data comes from
// the json_script element "home-chart-data"; no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var source = document.getElementById("home-chart-data");
  var canvas = document.getElementById("home-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#0b5ed7", "#6ea8fe", "#b02a37", "#ea868f"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
  });
})();
