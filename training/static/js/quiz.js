/*
 * DVC Academy quiz attempts: autosave, the visible timer, the question navigation and
 * double-submit protection. The attempt works without this file (every button posts the
 * form and the server saves, times and grades); the script only saves more often and
 * shows the time left. Messages come from data-msg-* attributes so they are translated.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-quiz-form]");
  var submitForm = document.querySelector("[data-quiz-submit-form]");
  var status = document.querySelector("[data-quiz-status]");
  var timer = document.querySelector("[data-quiz-timer]");
  var messages = document.querySelector("[data-quiz-messages]");
  var AUTOSAVE_EVERY_MS = 15000;
  var DEBOUNCE_MS = 1500;
  var RETRY_MS = 5000;

  function message(name, fallback) {
    return (messages && messages.getAttribute("data-msg-" + name)) || fallback;
  }

  function setStatus(text, kind) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.toggle("is-error", kind === "error");
    status.classList.toggle("is-saved", kind === "saved");
  }

  // ---- Autosave --------------------------------------------------------------------
  var dirty = false;
  var saving = false;
  var leaving = false;
  var debounce = null;

  function formData() {
    var data = new FormData(form);
    data.delete("action");
    return data;
  }

  function isAnswered(section) {
    var fields = section.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) {
          return true;
        }
      } else if (field.value && field.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function refreshNavigation() {
    var sections = document.querySelectorAll("[data-question]");
    Array.prototype.forEach.call(sections, function (section) {
      var number = parseInt(section.getAttribute("data-question"), 10) + 1;
      var item = document.querySelector('[data-nav-question="' + number + '"]');
      if (item) {
        item.classList.toggle("is-answered", isAnswered(section));
      }
    });
  }

  function save() {
    if (!form || !dirty || leaving) {
      return;
    }
    if (saving) {
      return;
    }
    saving = true;
    dirty = false;
    setStatus(message("saving", "Saving…"));
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (result) {
        saving = false;
        if (result.body.ok) {
          setStatus(message("saved", "Saved at") + " " + result.body.saved_at, "saved");
          if (typeof result.body.seconds_left === "number") {
            syncTimer(result.body.seconds_left);
          }
          if (dirty) {
            schedule();
          }
        } else if (result.body.closed && result.body.redirect) {
          leaving = true;
          window.location.assign(result.body.redirect);
        } else {
          setStatus(result.body.message || message("failed", "Not saved."), "error");
        }
      })
      .catch(function () {
        // A lost connection: keep the answers marked unsaved and try again shortly.
        saving = false;
        dirty = true;
        setStatus(message("offline", "Not saved: the connection was lost. Retrying…"), "error");
        window.setTimeout(save, RETRY_MS);
      });
  }

  function schedule() {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(save, DEBOUNCE_MS);
  }

  if (form) {
    form.addEventListener("change", function () {
      dirty = true;
      refreshNavigation();
      schedule();
    });
    form.addEventListener("input", function () {
      dirty = true;
      schedule();
    });
    window.setInterval(save, AUTOSAVE_EVERY_MS);
    form.addEventListener("submit", function (event) {
      if (leaving) {
        event.preventDefault();
        return;
      }
      // The form posts the answers itself; one submission only (double clicks).
      leaving = true;
      dirty = false;
    });
    window.addEventListener("pagehide", function () {
      if (dirty && !leaving && navigator.sendBeacon) {
        navigator.sendBeacon(form.getAttribute("data-autosave-url"), formData());
      }
    });
  }

  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      var button = submitForm.querySelector("[data-confirm]");
      if (submitForm.getAttribute("data-submitting")) {
        event.preventDefault();
        return;
      }
      if (!timeUp && button && !window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
        return;
      }
      submitForm.setAttribute("data-submitting", "1");
    });
  }

  // ---- Timer -------------------------------------------------------------------------
  var endsAt = null;
  var timeUp = false;
  var valueNode = timer && timer.querySelector("[data-quiz-timer-value]");
  var alertNode = timer && timer.querySelector("[data-quiz-timer-alert]");
  var warned = {};

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function format(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    return h ? h + ":" + pad(m) + ":" + pad(s) : pad(m) + ":" + pad(s);
  }

  function syncTimer(secondsLeft) {
    endsAt = Date.now() + secondsLeft * 1000;
  }

  function timeIsUp() {
    timeUp = true;
    leaving = false;
    if (form) {
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "submit";
      form.appendChild(action);
      leaving = true;
      dirty = false;
      HTMLFormElement.prototype.submit.call(form);
    } else if (submitForm) {
      submitForm.setAttribute("data-submitting", "1");
      HTMLFormElement.prototype.submit.call(submitForm);
    }
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    valueNode.textContent = format(left);
    timer.classList.toggle("is-warning", left <= 300 && left > 60);
    timer.classList.toggle("is-urgent", left <= 60);
    [300, 60].forEach(function (limit) {
      if (left <= limit && left > 0 && !warned[limit] && alertNode) {
        warned[limit] = true;
        alertNode.textContent = message("warn-" + limit, format(left));
      }
    });
    if (left <= 0 && !timeUp) {
      timeIsUp();
    }
  }

  if (timer && valueNode) {
    syncTimer(parseInt(timer.getAttribute("data-seconds-left"), 10) || 0);
    tick();
    window.setInterval(tick, 1000);
  }
})();
