// New officer account: suggest the username from the chosen agency, unless one was typed.
(function () {
  "use strict";
  var agency = document.querySelector("select[data-username-suggestions]");
  var username = document.querySelector("input[name=username]");
  if (!agency || !username) return;
  var suggestions = JSON.parse(agency.getAttribute("data-username-suggestions"));
  var lastSuggested = username.value;
  agency.addEventListener("change", function () {
    if (username.value === "" || username.value === lastSuggested) {
      lastSuggested = suggestions[agency.value] || "";
      username.value = lastSuggested;
    }
  });
})();
