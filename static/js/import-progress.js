/*
 * The import's progress bar (templates/transfer/import_progress.html) without reloading:
 * asks data-url (JSON {state, done, total}) every second and moves the bar; once the
 * import has ended, loads the page again, which goes on to the result.
 *
 * Progressive enhancement: without JavaScript the page reloads itself (<noscript> meta
 * refresh) and the server draws the bar.
 */
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) { return; }
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  function poll() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.state !== "queued" && data.state !== "running") {
          window.location.reload();
          return;
        }
        if (data.total) {
          bar.max = data.total;
          bar.value = data.done;
          var percent = Math.floor((data.done * 100) / data.total);
          count.textContent = data.total + "件のうち " + data.done + "件（" + percent + "%）";
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
