// Small helpers for every page: the Today page refreshes itself, dangerous buttons ask first.
(function () {
  "use strict";

  function refresh(box) {
    var url = box.getAttribute("data-refresh");
    var seconds = parseInt(box.getAttribute("data-refresh-seconds") || "60", 10);
    window.setInterval(function () {
      if (document.hidden || box.contains(document.activeElement)) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { box.innerHTML = html; } })
        .catch(function () { /* offline for a moment: try again next time */ });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh]").forEach(refresh);
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-confirm]");
      if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
