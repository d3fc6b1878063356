/*
 * DVC Academy lessons: small enhancements; every lesson works without this file.
 *
 * Glossary tooltips show on hover and focus through CSS alone. WCAG 1.4.13 also wants them
 * dismissible without moving the pointer or focus: Escape hides the open one until the
 * pointer or focus leaves it.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelectorAll(".glossary:hover, .glossary:focus-within");
    Array.prototype.forEach.call(open, function (glossary) {
      glossary.classList.add("is-dismissed");
    });
  });

  function restore(event) {
    var glossary = event.target.closest && event.target.closest(".glossary");
    if (glossary && !glossary.contains(event.relatedTarget)) {
      glossary.classList.remove("is-dismissed");
    }
  }

  document.addEventListener("mouseout", restore);
  document.addEventListener("focusout", restore);
})();
