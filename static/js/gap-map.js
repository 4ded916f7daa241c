/*
 * The gap map (fieldwork/views/gaps.py): each town's point as a circle coloured by how many
 * resources lie within walking distance. Progressive enhancement: the server renders the
 * table (the same figures) and the map's section `hidden`; without JavaScript or Leaflet the
 * page is the table. The points come from #gap-towns (json_script), tiles from the
 * section's data-tile-url; failing tiles leave the circles. The circles are not controls:
 * the table beside the map is the way to read and sort the towns.
 */
(function () {
  "use strict";

  var COLOURS = { none: "#c0172c", few: "#b45309", many: "#197a4b" };

  function start() {
    var root = document.querySelector("[data-gap-map]");
    var data = document.getElementById("gap-towns");
    if (!root || !data || !window.L) return;
    var towns = JSON.parse(data.textContent);
    if (!towns.length) return;
    root.hidden = false;
    var canvas = root.querySelector("[data-map-canvas]");
    var map = window.L.map(canvas, { scrollWheelZoom: false, maxZoom: 18, minZoom: 5 });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    var zoomIn = map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in");
    var zoomOut = map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out");
    [[zoomIn, root.getAttribute("data-zoom-in")], [zoomOut, root.getAttribute("data-zoom-out")]].forEach(
      function (pair) {
        if (!pair[0]) return;
        pair[0].setAttribute("title", pair[1]);
        pair[0].setAttribute("aria-label", pair[1]);
      }
    );
    var tiles = window.L.tileLayer(root.getAttribute("data-tile-url"), {
      attribution: root.getAttribute("data-tile-attribution") || "",
      maxZoom: 18,
    });
    var warned = false;
    tiles.on("tileerror", function () {
      if (warned) return;
      warned = true;
      var status = root.querySelector("[data-map-status]");
      if (status) status.textContent = root.getAttribute("data-tiles-failed");
    });
    tiles.addTo(map);
    var bounds = [];
    towns.forEach(function (t) {
      window.L.circleMarker([t.lat, t.lng], {
        radius: 9,
        color: "#1a1a1a",
        weight: 1,
        fillColor: COLOURS[t.level] || "#767676",
        fillOpacity: 0.85,
        interactive: false,
      }).addTo(map);
      bounds.push([t.lat, t.lng]);
    });
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
