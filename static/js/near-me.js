/* 「今いる場所から探す」: asks the browser for the position only when the button is tapped,
   then sends the near-me form with lat/lng instead of a typed place. Without JavaScript the
   button stays hidden and the typed place works on its own. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("[data-near-form]");
  Array.prototype.forEach.call(forms, function (form) {
    var button = form.querySelector("[data-near-here]");
    var status = form.querySelector("[data-near-status]");
    if (!button || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "現在地を調べています…";
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var lat = form.querySelector("[data-near-lat]");
          var lng = form.querySelector("[data-near-lng]");
          lat.value = position.coords.latitude.toFixed(5);
          lng.value = position.coords.longitude.toFixed(5);
          lat.disabled = false;
          lng.disabled = false;
          form.querySelector("[name=near]").value = "";
          form.submit();
        },
        function () {
          button.disabled = false;
          status.textContent =
            "現在地がわかりませんでした。住所・町名・郵便番号を入れて探してください。";
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
  });
})();
