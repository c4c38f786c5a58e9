// The award entry grid: add rows without a round trip, and keep the totals per level running
// as figures are typed. The server recomputes and checks everything on save; without this
// script the "Add a row" button posts and the server adds the row.
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

  function count(input) {
    var text = (input && input.value || "").trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : 0;
  }

  function renumber() {
    var n = 0;
    body.querySelectorAll("tr[data-row]").forEach(function (tr) {
      n += 1;
      tr.querySelector(".row-number").textContent = n;
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
      if ((del && del.checked) || !chosen) { return; }
      var status = tr.querySelector("[data-role=status]").value;
      var c = count(tr.querySelector("[data-role=collectives]"));
      var i = count(tr.querySelector("[data-role=individuals]"));
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
  body.querySelectorAll("tr[data-row]").forEach(hints);
  recompute();
})();
