/*
 * The 協議体 workshop board's map (templates/fieldwork/councils/board.html, board_print.html).
 *
 * Progressive enhancement: without JavaScript the board is forms (add a card, type its place,
 * move it between columns). With it, [data-board] gets a Leaflet map (the tiles of
 * SASAEAI_TILE_URL, passed as data-tile-url) with a pin per placed card, refreshed from
 * data-json-url every 15 seconds so a second screen follows the facilitator.
 *
 * Placing a card (data-can-edit only): 「地図に置く」 on a card, then
 *   - by touch or mouse: tap the map where it goes;
 *   - by keyboard: the map takes the focus; arrow keys move the map under the ring in its
 *     middle, + and - zoom, Enter (or 「地図の中心に置く」) puts the card there, Escape stops.
 * The point is POSTed to the card's place URL (Accept: application/json, the page's CSRF
 * token); a stale card (someone changed it) is said so and the board reloads its data.
 * No build step; needs static/vendor/leaflet/leaflet.js loaded first.
 */
(function () {
  "use strict";

  var TEXT = {
    mapLabel: "ワークショップの地図",
    zoomIn: "地図を拡大",
    zoomOut: "地図を縮小",
    resource: "資",
    issue: "課",
    placing: function (title) {
      return (
        "「" + title + "」を置く場所を、地図でタップしてください。" +
        "キーボードでは、矢印キーで地図を動かして、Enter キーか「地図の中心に置く」で置きます。"
      );
    },
    placed: function (title) {
      return "「" + title + "」を地図に置きました。";
    },
    stale: "ほかの人が先にこのカードを変更しました。最新の内容を読み込みました。もう一度置いてください。",
    failed: "置けませんでした。通信を確かめて、もう一度してください。",
    cancelled: "置くのをやめました。",
    changed: "ほかの人がボードを変えました。画面を更新すると、新しいカードが表示されます。",
    onMap: "地図に置いてあります",
  };
  var TILES = "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png";
  var ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">国土地理院</a>';
  var ZOOM = 15;
  var REFRESH_MS = 15000;

  function number(value) {
    if (value === null || value === undefined || String(value).trim() === "") return null;
    var n = Number(value);
    return isFinite(n) ? n : null;
  }

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function init(root) {
    if (typeof window.L === "undefined" || root.getAttribute("data-board-ready")) return;
    var L = window.L;
    var lat = number(root.getAttribute("data-center-lat"));
    var lng = number(root.getAttribute("data-center-lng"));
    if (lat === null || lng === null) return;
    root.setAttribute("data-board-ready", "1");
    var canEdit = root.hasAttribute("data-can-edit");
    var forPrint = root.hasAttribute("data-print");
    var status = document.querySelector("[data-board-status]");
    var tools = root.querySelector("[data-place-tools]");
    var hint = root.querySelector("[data-place-hint]");
    var fallback = root.querySelector("[data-board-fallback]");
    if (fallback) fallback.hidden = true;
    var images = root.getAttribute("data-leaflet-images");
    if (images) L.Icon.Default.imagePath = images;

    var container = document.createElement("div");
    container.className = "board-map";
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", TEXT.mapLabel);
    if (hint) container.setAttribute("aria-describedby", hint.id);
    root.insertBefore(container, root.firstChild);

    var map = L.map(container, { zoomControl: false }).setView([lat, lng], ZOOM);
    if (!forPrint) L.control.zoom({ zoomInTitle: TEXT.zoomIn, zoomOutTitle: TEXT.zoomOut }).addTo(map);
    L.tileLayer(root.getAttribute("data-tile-url") || TILES, {
      attribution: root.getAttribute("data-tile-attribution") || ATTRIBUTION,
      maxZoom: 18,
      minZoom: 10,
    }).addTo(map);
    root.setAttribute("data-map-ready", "1");

    var markers = {};
    var known = null; // "id:version" of every card, to notice someone else's change
    var placing = null; // the card element being placed
    var crosshair = null;

    function say(text) {
      if (status) status.textContent = text;
    }

    function cardElement(id) {
      return document.getElementById("card-" + id);
    }

    function pin(card, number) {
      var label = (number ? number + " " : "") + card.title + "（" + card.column_label + "）";
      var icon = L.divIcon({
        className: "",
        html:
          '<span class="board-pin board-pin-' + card.column + '" aria-hidden="true">' +
          (number || TEXT[card.column] || "") + "</span>",
        iconSize: [44, 44],
        iconAnchor: [0, 44],
      });
      var marker = L.marker([card.lat, card.lng], { icon: icon, title: label, alt: label, keyboard: true });
      marker.on("click", function () {
        var element = cardElement(card.id);
        if (element && !forPrint) {
          select(element);
          element.focus();
        }
      });
      return marker;
    }

    function select(element) {
      var selected = document.querySelectorAll(".board-card.is-selected");
      for (var i = 0; i < selected.length; i++) selected[i].classList.remove("is-selected");
      if (element) element.classList.add("is-selected");
    }

    function show(data) {
      var seen = {};
      var signature = [];
      var bounds = [];
      data.cards.forEach(function (card, index) {
        signature.push(card.id + ":" + card.version);
        var element = cardElement(card.id);
        if (element) element.setAttribute("data-version", card.version);
        if (card.lat === null || card.lng === null) return;
        seen[card.id] = true;
        bounds.push([card.lat, card.lng]);
        var marker = markers[card.id];
        if (marker) {
          marker.setLatLng([card.lat, card.lng]);
        } else {
          markers[card.id] = pin(card, forPrint ? index + 1 : null).addTo(map);
        }
      });
      Object.keys(markers).forEach(function (id) {
        if (!seen[id]) {
          map.removeLayer(markers[id]);
          delete markers[id];
        }
      });
      var now = signature.join(",");
      if (known !== null && now !== known && !placing) {
        var ids = data.cards.map(function (c) { return c.id; });
        if (ids.some(function (id) { return !cardElement(id); })) say(TEXT.changed);
      }
      known = now;
      if (forPrint && bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
    }

    function load() {
      return fetch(root.getAttribute("data-json-url"), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) show(data); })
        .catch(function () { /* the list still works; try again on the next round */ });
    }

    function stopPlacing(message) {
      if (!placing) return;
      var card = placing;
      placing = null;
      container.classList.remove("is-placing");
      if (crosshair) crosshair.remove();
      crosshair = null;
      if (tools) tools.hidden = true;
      if (message) say(message);
      var button = card.querySelector("[data-place-card]");
      if (button) button.focus();
    }

    function startPlacing(card) {
      placing = card;
      select(card);
      container.classList.add("is-placing");
      crosshair = document.createElement("div");
      crosshair.className = "board-crosshair";
      crosshair.setAttribute("aria-hidden", "true");
      container.appendChild(crosshair);
      var text = TEXT.placing(card.getAttribute("data-title"));
      if (hint) hint.textContent = text;
      if (tools) tools.hidden = false;
      say(text);
      container.scrollIntoView({ block: "nearest" });
      container.focus();
    }

    function place(point) {
      var card = placing;
      if (!card) return;
      var body = new FormData();
      body.append("latitude", point.lat.toFixed(6));
      body.append("longitude", point.lng.toFixed(6));
      body.append("version", card.getAttribute("data-version"));
      fetch(card.getAttribute("data-place-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      })
        .then(function (response) {
          if (response.status === 409) {
            stopPlacing(TEXT.stale);
            return load();
          }
          if (!response.ok) {
            stopPlacing(TEXT.failed);
            return null;
          }
          return response.json().then(function (saved) {
            card.setAttribute("data-version", saved.version);
            var where = card.querySelector("[data-card-place]");
            if (where && !saved.place) where.textContent = TEXT.onMap;
            stopPlacing(TEXT.placed(saved.title));
            return load();
          });
        })
        .catch(function () { stopPlacing(TEXT.failed); });
    }

    if (canEdit) {
      var buttons = document.querySelectorAll("[data-place-card]");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].hidden = false;
        buttons[i].addEventListener("click", function (event) {
          var card = event.currentTarget.closest("[data-card]");
          if (placing) stopPlacing(null);
          startPlacing(card);
        });
      }
      map.on("click", function (event) {
        if (placing) place(event.latlng);
      });
      container.addEventListener("keydown", function (event) {
        if (!placing) return;
        if (event.key === "Enter") {
          event.preventDefault();
          place(map.getCenter());
        } else if (event.key === "Escape") {
          event.preventDefault();
          stopPlacing(TEXT.cancelled);
        }
      });
      var center = root.querySelector("[data-place-center]");
      if (center) center.addEventListener("click", function () { place(map.getCenter()); });
      var cancel = root.querySelector("[data-place-cancel]");
      if (cancel) cancel.addEventListener("click", function () { stopPlacing(TEXT.cancelled); });
    }

    load();
    if (!forPrint) window.setInterval(function () { if (!placing) load(); }, REFRESH_MS);
    window.setTimeout(function () { map.invalidateSize(); }, 0);
  }

  function start() {
    var roots = document.querySelectorAll("[data-board]");
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
