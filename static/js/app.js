// Small behaviours shared by all pages. Pages carry no inline scripts (Content-Security-Policy).
document.addEventListener("change", function (event) {
  // A <select data-autosubmit> submits its form when changed (year pickers, filters).
  var el = event.target;
  if (el && el.matches && el.matches("select[data-autosubmit]")) {
    el.form.submit();
  }
});

// A table that scrolls sideways inside its frame can be scrolled with the keyboard too: the frame
// takes the focus (with a visible ring) when it holds no control of its own.
function makeScrollFramesFocusable() {
  document.querySelectorAll(".table-responsive, .report-table-wrap").forEach(function (frame) {
    var scrolls = frame.scrollWidth > frame.clientWidth;
    var hasControl = frame.querySelector("a, button, input, select, textarea");
    if (scrolls && !hasControl && !frame.hasAttribute("tabindex")) {
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "region");
      var caption = frame.querySelector("caption, h2, h3, h4") || document.querySelector("h1");
      if (caption) { frame.setAttribute("aria-label", caption.textContent.trim()); }
    }
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", makeScrollFramesFocusable);
} else {
  makeScrollFramesFocusable();
}
