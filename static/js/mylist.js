// 「印刷する」 and マイリスト without a page reload. Only an enhancement: without JavaScript
// the print button stays hidden (the browser's own print works) and the list buttons are
// plain POST forms that come back to the same page.
(function () {
  "use strict";
  if (window.sasaeaiMyList) return; // included once per page, but be safe
  window.sasaeaiMyList = true;

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    document.querySelectorAll("form.mylist-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var adding = form.getAttribute("action") === form.dataset.addUrl;
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch" },
          credentials: "same-origin"
        }).then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        }).then(function (data) {
          var id = Number(form.querySelector("input[name=id]").value);
          var inList = data.ids.indexOf(id) !== -1;
          form.setAttribute("action", form.dataset[inList ? "removeUrl" : "addUrl"]);
          form.querySelector(".mylist-label").textContent =
            form.dataset[inList ? "removeLabel" : "addLabel"];
          form.querySelector(".in-list").textContent =
            inList && adding ? form.dataset.inListLabel : data.message;
        }).catch(function () {
          form.submit(); // the server answers a plain post with a redirect back
        });
      });
    });
  });
})();
