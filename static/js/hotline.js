/* Hotline staff pages: the one-key "new call" (N), and on the call form the running
 * timer, Ctrl+Enter to log, and the draft autosave every few seconds (also when the tab
 * is hidden or closed, by sendBeacon). No inline scripts (CSP script-src 'self'); texts
 * come from data- attributes. Without JavaScript the form still posts and logs. */
(function () {
  "use strict";

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function setupNewCall() {
    var form = document.querySelector("form[data-new-call]");
    if (!form) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "n" && event.key !== "N") { return; }
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      event.preventDefault();
      form.submit();
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function setupTimer(form) {
    var output = form.querySelector("[data-timer]");
    var hidden = form.querySelector("input[name=duration_seconds]");
    var toggle = form.querySelector("[data-timer-toggle]");
    var base = parseInt(form.dataset.duration || "0", 10) || 0;
    var startedAt = Date.now();
    var running = true;
    function seconds() { return running ? base + Math.floor((Date.now() - startedAt) / 1000) : base; }
    function show() {
      var s = seconds();
      output.textContent = pad(Math.floor(s / 60)) + ":" + pad(s % 60);
      if (hidden) { hidden.value = String(s); }
    }
    if (toggle) {
      toggle.addEventListener("click", function () {
        if (running) { base = seconds(); running = false; toggle.textContent = toggle.dataset.msgStart; }
        else { startedAt = Date.now(); running = true; toggle.textContent = toggle.dataset.msgStop; }
        show();
      });
    }
    show();
    window.setInterval(show, 1000);
  }

  function setupAutosave(form) {
    var url = form.dataset.autosaveUrl;
    var every = (parseInt(form.dataset.autosaveSeconds || "5", 10) || 5) * 1000;
    var status = form.querySelector("[data-autosave-status]");
    var slot = document.querySelector("[data-banner-slot]");
    var dirty = false;
    var busy = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    function save() {
      if (!dirty || busy) { return; }
      dirty = false;
      busy = true;
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (status) { status.textContent = data.saved ? data.message : form.dataset.msgFailed; }
          if (data.saved && data.banner && slot) { slot.innerHTML = data.banner; }
        })
        .catch(function () { dirty = true; if (status) { status.textContent = form.dataset.msgFailed; } })
        .then(function () { busy = false; });
    }
    window.setInterval(save, every);
    var submitting = false;
    form.addEventListener("submit", function () { submitting = true; });
    function leave() {
      if (submitting || !dirty || !navigator.sendBeacon) { return; }
      dirty = false;
      navigator.sendBeacon(url, new FormData(form));
    }
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { leave(); } });
    window.addEventListener("pagehide", leave);
  }

  function setupCallForm() {
    var form = document.querySelector("form[data-call-form]");
    if (!form) { return; }
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
    setupTimer(form);
    setupAutosave(form);
  }

  function init() { setupNewCall(); setupCallForm(); }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
