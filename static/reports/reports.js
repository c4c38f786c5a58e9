// Report pages: the print button and the two charts. Data comes from the json_script element
// "report-chart-data"; no inline script (Content-Security-Policy).
(function () {
  document.addEventListener("click", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-print]")) {
      window.print();
    }
  });

  var source = document.getElementById("report-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#dc3545", "#198754", "#fd7e14"];

  function datasets(series, line) {
    return series.map(function (s, i) {
      return {
        label: s.label,
        data: s.data,
        backgroundColor: colours[i % colours.length],
        borderColor: colours[i % colours.length],
        fill: false,
        tension: line ? 0.2 : 0,
      };
    });
  }

  var agencies = document.getElementById("chart-agencies");
  if (agencies) {
    new Chart(agencies, {
      type: "bar",
      data: { labels: data.agencies.labels, datasets: datasets(data.agencies.series, false) },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } },
    });
  }
  var history = document.getElementById("chart-history");
  if (history) {
    new Chart(history, {
      type: "line",
      data: { labels: data.history.labels, datasets: datasets(data.history.series, true) },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } },
    });
  }
})();
