/* Self-assessment pages: the "copy the code" button. No inline scripts (CSP script-src 'self');
 * messages come from data- attributes. Without JavaScript the button stays hidden and the
 * code can be selected and copied by hand. */
(function () {
  "use strict";

  function setupCopy(button) {
    var target = document.getElementById(button.dataset.copy || "");
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!target || !navigator.clipboard || !window.isSecureContext) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () { if (status) { status.textContent = button.dataset.msgCopied || ""; } },
        function () { if (status) { status.textContent = button.dataset.msgFailed || ""; } }
      );
    });
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) { setupCopy(buttons[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
