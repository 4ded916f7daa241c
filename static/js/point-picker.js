/*
 * Point picker: a map above the 緯度・経度 inputs of the resource form.
 *
 * Progressive enhancement: without JavaScript (or without Leaflet) the inputs work as they
 * are. With it, each element marked [data-point-picker] gets a map (the tiles of the
 * SASAEAI_TILE_URL setting, passed as data-tile-url; 国土地理院 by default) with a
 * draggable marker. Dragging the marker or clicking the map writes the point into the
 * inputs (6 decimals) and sets 位置の精度 to "manual"; typing in the inputs moves the marker.
 *
 * Expected markup:
 *   <div data-point-picker
 *        data-leaflet-images="/static/vendor/leaflet/images/"
 *        data-default-lat="35.6073" data-default-lng="140.1063"
 *        data-tile-url="https://…/{z}/{x}/{y}.png" data-tile-attribution="<a …>…</a>">
 *     <input name="lat"> <input name="lng"> <select name="point_precision">…</select>
 *   </div>
 * No build step; needs static/vendor/leaflet/leaflet.js (and leaflet.css) loaded first.
 */
(function () {
  "use strict";

  // User-visible text (Japanese: the back office is Japanese only).
  var TEXT = {
    mapLabel: "位置を動かす地図",
    hint:
      "地図をクリックするか、印をドラッグすると、緯度・経度が入ります。" +
      "キーボードでは、下の緯度・経度の欄に数字を入力してください。",
    marker: "地域資源の位置",
  };
  // Used only when the page gives no data-tile-url / data-tile-attribution.
  var TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png";
  var ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">国土地理院</a>';
  var ZOOM = 16;
  var DECIMALS = 6;

  function number(value) {
    if (value === null || value === undefined) return null;
    var text = String(value).trim();
    if (text === "") return null;
    var n = Number(text);
    return isFinite(n) ? n : null;
  }

  function validPoint(lat, lng) {
    return lat !== null && lng !== null && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
  }

  function init(root) {
    if (typeof window.L === "undefined" || root.getAttribute("data-point-picker-ready")) return;
    var latInput = root.querySelector('input[name="lat"]');
    var lngInput = root.querySelector('input[name="lng"]');
    var precision = root.querySelector('select[name="point_precision"]');
    if (!latInput || !lngInput) return;

    var lat = number(latInput.value);
    var lng = number(lngInput.value);
    if (!validPoint(lat, lng)) {
      lat = number(root.getAttribute("data-default-lat"));
      lng = number(root.getAttribute("data-default-lng"));
    }
    if (!validPoint(lat, lng)) return; // nowhere to start: leave the plain inputs alone
    root.setAttribute("data-point-picker-ready", "1");

    var images = root.getAttribute("data-leaflet-images");
    if (images) {
      window.L.Icon.Default.imagePath = images.charAt(images.length - 1) === "/" ? images : images + "/";
    }

    var hint = document.createElement("p");
    hint.className = "hint point-picker-hint";
    hint.id = (latInput.id || "point") + "-map-hint";
    hint.textContent = TEXT.hint;
    var container = document.createElement("div");
    container.className = "map point-picker-map";
    container.style.height = "300px";
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", TEXT.mapLabel);
    container.setAttribute("aria-describedby", hint.id);
    root.insertBefore(hint, root.firstChild);
    root.insertBefore(container, hint);

    var map = window.L.map(container).setView([lat, lng], ZOOM);
    var tiles = root.getAttribute("data-tile-url") || TILES;
    var attribution = root.getAttribute("data-tile-attribution") || ATTRIBUTION;
    window.L.tileLayer(tiles, { attribution: attribution, maxZoom: 18, minZoom: 5 }).addTo(map);
    var marker = window.L.marker([lat, lng], {
      draggable: true,
      title: TEXT.marker,
      alt: TEXT.marker,
    }).addTo(map);

    function write(point) {
      latInput.value = point.lat.toFixed(DECIMALS);
      lngInput.value = point.lng.toFixed(DECIMALS);
      if (precision && precision.querySelector('option[value="manual"]')) {
        precision.value = "manual";
      }
    }

    marker.on("dragend", function () {
      write(marker.getLatLng());
    });
    map.on("click", function (event) {
      marker.setLatLng(event.latlng);
      write(event.latlng);
    });

    function follow() {
      var newLat = number(latInput.value);
      var newLng = number(lngInput.value);
      if (!validPoint(newLat, newLng)) return;
      marker.setLatLng([newLat, newLng]);
      map.panTo([newLat, newLng]);
    }
    latInput.addEventListener("input", follow);
    lngInput.addEventListener("input", follow);
    latInput.addEventListener("change", follow);
    lngInput.addEventListener("change", follow);

    // postal-code.js found a town: show it, unless a point is already entered.
    document.addEventListener("sasaeai:postal-code", function (event) {
      var town = event.detail && event.detail.town;
      if (!town || number(latInput.value) !== null || number(lngInput.value) !== null) return;
      var townLat = number(town.lat);
      var townLng = number(town.lng);
      if (!validPoint(townLat, townLng)) return;
      marker.setLatLng([townLat, townLng]);
      map.setView([townLat, townLng], ZOOM);
    });

    // The form may have been laid out after the map measured its box.
    window.setTimeout(function () {
      map.invalidateSize();
    }, 0);
  }

  function start() {
    var roots = document.querySelectorAll("[data-point-picker]");
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
