// The award entry grid: add rows without a round trip, keep the totals per level running as
// figures are typed (counting only figures that can be saved: whole numbers up to 1,000,000,
// for the recipients the chosen form allows), and after a refused save tie each message to its
// field and put the focus on the first error. The server recomputes and checks everything on
// save; without this script the "Add a row" button posts and the server adds the row.
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form) { return; }
  var forms = JSON.parse(document.getElementById("award-forms").textContent);
  var body = document.getElementById("grid-rows");
  var template = document.getElementById("empty-row");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var maxRows = parseInt(form.querySelector("input[name$='-MAX_NUM_FORMS']").value, 10);

  // A row with a form chosen is served with that option only; the page holds the whole list
  // once (issue 12: 500 rows x 50 options made a 2.9 MB page). Give each such select the list.
  var options = document.getElementById("award-form-options");
  form.querySelectorAll("select[data-options]").forEach(function (select) {
    var chosen = select.value;
    select.replaceChildren(options.content.cloneNode(true));
    select.value = chosen;
    select.removeAttribute("data-options");
  });

  var MAX_COUNT = 1000000;

  // A typed figure: its value when it can be saved, else 0 with ok false.
  function figure(input, allowed) {
    var text = (input && input.value || "").trim();
    if (text === "") { return { value: 0, ok: true }; }
    if (!/^\d+$/.test(text)) { return { value: 0, ok: false }; }
    var n = parseInt(text, 10);
    if (n > MAX_COUNT || (!allowed && n > 0)) { return { value: 0, ok: false }; }
    return { value: n, ok: true };
  }

  function flag(input, ok) {
    if (!input || input.dataset.serverError) { return; }
    input.classList.toggle("is-invalid", !ok);
    if (ok) { input.removeAttribute("aria-invalid"); } else { input.setAttribute("aria-invalid", "true"); }
  }

  function renumber() {
    var n = 0;
    body.querySelectorAll("tr[data-row]").forEach(function (tr) {
      n += 1;
      tr.querySelector(".row-number").textContent = n;
      tr.id = "row-" + n;
    });
  }

  function hints(tr) {
    var chosen = forms[tr.querySelector("[data-role=form]").value];
    [["collectives", "c"], ["individuals", "i"]].forEach(function (pair) {
      var input = tr.querySelector("[data-role=" + pair[0] + "]");
      var allowed = !chosen || chosen[pair[1]];
      input.classList.toggle("bg-body-secondary", !allowed);
      input.placeholder = allowed ? "" : "—";
    });
  }

  function recompute() {
    var sums = {};
    body.querySelectorAll("tr[data-row]").forEach(function (tr) {
      var del = tr.querySelector("input[name$='-DELETE']");
      var chosen = forms[tr.querySelector("[data-role=form]").value];
      var cInput = tr.querySelector("[data-role=collectives]");
      var iInput = tr.querySelector("[data-role=individuals]");
      var fc = figure(cInput, !chosen || chosen.c);
      var fi = figure(iInput, !chosen || chosen.i);
      flag(cInput, fc.ok);
      flag(iInput, fi.ok);
      if ((del && del.checked) || !chosen) { return; }
      var status = tr.querySelector("[data-role=status]").value;
      var c = fc.value;
      var i = fi.value;
      [chosen.level, "all"].forEach(function (level) {
        var kc = level + "-" + status + "-c", ki = level + "-" + status + "-i";
        sums[kc] = (sums[kc] || 0) + c;
        sums[ki] = (sums[ki] || 0) + i;
      });
    });
    document.querySelectorAll("[data-total]").forEach(function (cell) {
      cell.textContent = sums[cell.dataset.total] || 0;
    });
  }

  function addRow() {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    body.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    renumber();
    var tr = body.lastElementChild;
    hints(tr);
    tr.querySelector("[data-role=form]").focus();
  }

  form.addEventListener("click", function (event) {
    // At the limit the button posts as it does without the script, and the server says why.
    if (event.target.closest("[data-add-row]") && parseInt(total.value, 10) < maxRows) {
      event.preventDefault();
      addRow();
    }
  });
  form.addEventListener("input", recompute);
  form.addEventListener("change", function (event) {
    var tr = event.target.closest("tr[data-row]");
    if (tr && event.target.matches("[data-role=form]")) { hints(tr); }
    if (tr && event.target.matches("input[name$='-DELETE']")) { tr.classList.toggle("opacity-50", event.target.checked); }
    recompute();
  });
  // After a refused save: each message described by its field, and the focus on the first error.
  function firstError(tr) {
    return tr.querySelector("[aria-invalid=true]") || tr.querySelector("select, input:not([type=hidden])");
  }
  body.querySelectorAll(".invalid-feedback[id]").forEach(function (message) {
    var input = message.parentElement.querySelector("input, select");
    if (!input) { return; }
    input.classList.add("is-invalid");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", message.id);
    input.dataset.serverError = "1";
  });
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-row]");
      var tr = link && document.getElementById("row-" + link.dataset.errorRow);
      if (tr) {
        event.preventDefault();
        var target = firstError(tr);
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
      }
    });
    var first = body.querySelector("[aria-invalid=true]") ||
      (body.querySelector("tr.table-danger") && firstError(body.querySelector("tr.table-danger")));
    // Centred, so that on a phone neither the header nor the sticky buttons hide it.
    (first || summary).focus({ preventScroll: true });
    (first || summary).scrollIntoView({ block: "center" });
  }

  body.querySelectorAll("tr[data-row]").forEach(hints);
  recompute();
})();
