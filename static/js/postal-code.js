/*
 * 「郵便番号から住所を入れる」: looks the postal code up (GET data-url) and fills
 * the address input — at once when it is empty, otherwise after confirm().
 *
 * Progressive enhancement: the button is rendered `hidden` and shown by this script; without
 * JavaScript the server fills an empty address from the postal code on save anyway.
 *
 * Expected markup:
 *   <input id="id_postal_code" name="postal_code">
 *   <button type="button" hidden data-postal-lookup
 *           data-postal-input="id_postal_code"      (id of the postal code input, required)
 *           data-address-input="id_address"         (id of the address input, required)
 *           data-status="postal-status"             (id of an aria-live element, optional)
 *           data-town-input="id_town"               (id of the 町丁目 <select>, optional)
 *           data-municipality="121002"              (area code, optional)
 *           data-url="{% url 'office-postal-code' %}">  (the look-up's URL, required)
 *   <p id="postal-status" aria-live="polite"></p>
 * After a successful look-up a "sasaeai:postal-code" event (detail = the JSON answer) is
 * dispatched on document; point-picker.js uses it to show the town on the map.
 */
(function () {
  "use strict";

  // User-visible text (Japanese: the back office is Japanese only).
  var TEXT = {
    empty: "郵便番号を入力してから押してください。",
    working: "住所を調べています…",
    failed: "住所を調べられませんでした。時間をおいて、もう一度押してください。",
    loggedOut: "ログインの有効期限が切れた可能性があります。ページを読み込み直してください。",
    replace: "住所の欄を「{address}」に置き換えますか？\n（いま入っている住所は消えます）",
    filled: "住所を入れました。続けて番地などを入力してください。",
    kept: "住所の欄はそのままにしました。",
    same: "住所の欄には、すでにこの住所が入っています。",
    town: "町丁目：{town}",
  };

  function byId(element, attribute) {
    var id = element.getAttribute(attribute);
    return id ? document.getElementById(id) : null;
  }

  function init(button) {
    var postalInput = byId(button, "data-postal-input");
    var addressInput = byId(button, "data-address-input");
    var url = button.getAttribute("data-url"); // {% url 'office-postal-code' %}
    if (!url || !postalInput || !addressInput || !window.fetch) return;
    var townSelect = byId(button, "data-town-input");
    var status = byId(button, "data-status");
    if (!status) {
      status = document.createElement("p");
      status.setAttribute("aria-live", "polite");
      button.parentNode.insertBefore(status, button.nextSibling);
    }
    var municipality = button.getAttribute("data-municipality") || "";

    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("warn", Boolean(isError));
    }

    function setTown(town) {
      if (!townSelect || !town || townSelect.value) return "";
      var option = townSelect.querySelector('option[value="' + String(town.id) + '"]');
      if (!option) return "";
      townSelect.value = String(town.id);
      townSelect.dispatchEvent(new Event("change", { bubbles: true }));
      return TEXT.town.replace("{town}", town.name + (town.sphere ? "（" + town.sphere + "）" : ""));
    }

    function fill(data) {
      var current = addressInput.value.trim();
      var message;
      if (current === data.address || (current && current.indexOf(data.address) === 0)) {
        message = TEXT.same;
      } else if (current === "" || window.confirm(TEXT.replace.replace("{address}", data.address))) {
        addressInput.value = data.address;
        addressInput.dispatchEvent(new Event("input", { bubbles: true }));
        addressInput.focus();
        var end = addressInput.value.length;
        if (addressInput.setSelectionRange) addressInput.setSelectionRange(end, end);
        message = TEXT.filled;
      } else {
        message = TEXT.kept;
      }
      var town = setTown(data.town);
      say(town ? message + " " + town : message, false);
      document.dispatchEvent(new CustomEvent("sasaeai:postal-code", { detail: data }));
    }

    function lookup() {
      var code = postalInput.value.trim();
      if (!code) {
        say(TEXT.empty, true);
        postalInput.focus();
        return;
      }
      var query = "?code=" + encodeURIComponent(code);
      if (municipality) query += "&municipality=" + encodeURIComponent(municipality);
      button.disabled = true;
      say(TEXT.working, false);
      window
        .fetch(url + query, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") !== 0) {
            // A redirect to the log-in page, or an error page.
            throw new Error(response.redirected ? "logged-out" : "not-json");
          }
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          if (answer.ok && answer.data.address) {
            fill(answer.data);
          } else {
            say(answer.data.error || TEXT.failed, true);
            postalInput.focus();
          }
        })
        .catch(function (error) {
          say(error && error.message === "logged-out" ? TEXT.loggedOut : TEXT.failed, true);
        })
        .then(function () {
          button.disabled = false;
        });
    }

    button.hidden = false;
    button.addEventListener("click", lookup);
  }

  function start() {
    var buttons = document.querySelectorAll("[data-postal-lookup]");
    for (var i = 0; i < buttons.length; i++) init(buttons[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
