// Lecture sign-in and feedback on a poor connection: a form sent while offline (or whose
// request fails) is kept in localStorage and sent again when the connection returns.
// Every copy carries the form's nonce, so the server counts it once however often it
// arrives. No library; the form works without this script too.
(function () {
  "use strict";
  var KEY = "xinling-lecture-queue";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* full or private */ }
  }
  function drop(nonce) {
    save(load().filter(function (item) { return item.nonce !== nonce; }));
  }
  function say(form, which, extra) {
    var status = form && form.querySelector("[data-offline-status]");
    var text = form && form.querySelector('[data-offline-text="' + which + '"]');
    if (!status) { return; }
    status.textContent = extra || (text ? text.innerHTML : "");
    status.hidden = false;
  }

  function post(item) {
    return window.fetch(item.action, {
      method: "POST",
      body: new URLSearchParams(item.fields),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }

  function flush() {
    var form = document.querySelector("form[data-offline-queue]");
    load().forEach(function (item) {
      post(item).then(function (answer) {
        drop(item.nonce);  // answered, counted or refused: never send it again
        if (answer.body.ok) {
          say(form, "sent");
          if (item.page === window.location.pathname && answer.body.next) {
            window.location.assign(answer.body.next);
          }
        } else {
          say(form, "refused", answer.body.message);
        }
      }, function () { /* still offline: keep it */ });
    });
  }

  function entries(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
    return fields;
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-queue]") || form.dataset.native) { return; }
    event.preventDefault();
    var nonceField = form.querySelector('input[name="nonce"]');
    var item = {
      action: form.getAttribute("action") || window.location.pathname + window.location.search,
      page: window.location.pathname,
      nonce: nonceField ? nonceField.value : String(Date.now()),
      fields: entries(form)
    };
    var queueIt = function () {
      drop(item.nonce);
      var items = load();
      items.push(item);
      save(items);
      say(form, "queued");
    };
    if (navigator.onLine === false) { queueIt(); return; }
    post(item).then(function (answer) {
      if (answer.body.ok) { window.location.assign(answer.body.next); return; }
      // Refused: let the server show its page with the messages on their fields.
      form.dataset.native = "1";
      form.submit();
    }, queueIt);
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("online", flush);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", flush);
  } else {
    flush();
  }
}());
