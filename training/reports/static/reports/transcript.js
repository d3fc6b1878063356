/*
 * Transcript: a "Print" button for browsers with JavaScript (the browser's own Print
 * command does the same; the print stylesheet leaves out the navigation either way).
 */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
