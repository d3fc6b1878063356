/*
 * DVC Academy: small progressive enhancements. Every page works without this file.
 * Loaded as an external script (no inline JS) so that a strict Content-Security-Policy
 * with script-src 'self' keeps working.
 */
(function () {
  "use strict";

  // Lets the CSS tell "JavaScript available" apart (e.g. to tuck away the language button).
  document.documentElement.classList.add("js");

  // Language switcher: switch as soon as a language is picked. The CSS hides the submit
  // button under .js; it is there for browsers without JavaScript.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-autosubmit]") || !select.form) {
      return;
    }
    if (select.form.requestSubmit) {
      select.form.requestSubmit();
    } else {
      select.form.submit();
    }
  });

  // Progress bars: size the bar from aria-valuenow, so templates may leave out the inline
  // style="width: …" where a CSP forbids inline styles.
  function sizeProgressBars() {
    var bars = document.querySelectorAll(".progress[aria-valuenow]");
    Array.prototype.forEach.call(bars, function (progress) {
      var bar = progress.querySelector(".progress__bar");
      if (!bar || bar.style.width) {
        return;
      }
      var min = parseFloat(progress.getAttribute("aria-valuemin") || "0");
      var max = parseFloat(progress.getAttribute("aria-valuemax") || "100");
      var now = parseFloat(progress.getAttribute("aria-valuenow"));
      if (isNaN(now) || max <= min) {
        return;
      }
      var percent = Math.max(0, Math.min(100, ((now - min) / (max - min)) * 100));
      bar.style.width = percent + "%";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sizeProgressBars);
  } else {
    sizeProgressBars();
  }
})();
