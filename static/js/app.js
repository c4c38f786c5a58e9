// Small behaviours shared by all pages. Pages carry no inline scripts (Content-Security-Policy).
document.addEventListener("change", function (event) {
  // A <select data-autosubmit> submits its form when changed (year pickers, filters).
  var el = event.target;
  if (el && el.matches && el.matches("select[data-autosubmit]")) {
    el.form.submit();
  }
});
