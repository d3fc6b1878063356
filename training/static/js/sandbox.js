// Sandbox role screens: confirm actions that close a dossier (refusal, withdrawal).
(function () {
  "use strict";
  var closing = ["desk_refuse", "withdraw", "stop_processing"];
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.querySelector("input[name=action]");
    if (!action || closing.indexOf(action.value) === -1) return;
    var label = form.querySelector("button[type=submit]");
    if (!window.confirm((label ? label.textContent : "") + " ?")) event.preventDefault();
  });
})();
