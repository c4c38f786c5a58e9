// Conference pages: ask before a destructive form is submitted (no inline scripts: CSP).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The print view's button.
document.addEventListener("click", function (event) {
  var el = event.target;
  if (el && el.closest && el.closest("[data-print]")) {
    window.print();
  }
});
