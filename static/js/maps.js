/*
 * The public maps (directory/maps.py): the result map of /search/?…&view=map and the small
 * map of a resource's page. Progressive enhancement: the server renders the list and the
 * map's section `hidden`; without JavaScript (or without Leaflet) nothing changes. With it:
 *
 *   [data-results-map]   reads the GeoJSON at data-map-data (the same search), clusters the
 *                        pins (leaflet.markercluster), and lists the services that come to
 *                        people's homes below the map, each able to draw its areas. The
 *                        back office's parks map uses it too: a feature with `facts`
 *                        ([label, value] pairs) shows those in its popup.
 *   [data-resource-map]  a pin at data-lat/data-lng, or (data-kind="area") the areas in
 *                        #resource-map-areas.
 *
 * Tiles and their attribution come from data-tile-url / data-tile-attribution (the
 * SASAEAI_TILE_* settings); every word shown comes from #map-texts (Django's translations).
 * No inline script, no build step. Failing tiles leave the pins, areas and list working.
 */
(function () {
  "use strict";

  var T = {};
  var MAX_ZOOM = 18;
  var AREA_STYLE = { color: "#197a4b", weight: 3, fillColor: "#197a4b", fillOpacity: 0.15 };

  function text(key, values) {
    var s = T[key] || "";
    for (var name in values || {}) s = s.split("%(" + name + ")s").join(String(values[name]));
    return s;
  }

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  // Detail pages link back to this very list (directory.views.detail checks "back"); the
  // list's own path comes from the page (data-results-url), so a site under a prefix works.
  function withBack(url) {
    var here = window.location.pathname + window.location.search;
    var root = document.querySelector("[data-results-map]");
    var list = root ? root.getAttribute("data-results-url") : "";
    return list && here.indexOf(list) === 0 ? url + "?back=" + encodeURIComponent(here) : url;
  }

  function say(root, lines) {
    var status = root.querySelector("[data-map-status]");
    if (!status) return;
    status.textContent = "";
    lines.forEach(function (line) {
      status.appendChild(el("p", {}, line));
    });
  }

  function addNote(root, line) {
    var status = root.querySelector("[data-map-status]");
    if (status) status.appendChild(el("p", { "class": "map-note" }, line));
  }

  function pinIcon(root) {
    return window.L.icon({
      iconUrl: root.getAttribute("data-pin"),
      iconSize: [44, 56],
      iconAnchor: [22, 54],
      popupAnchor: [0, -50],
    });
  }

  // A map with our controls: Japanese names, 44 px buttons (css/maps.css), tiles that may fail.
  function baseMap(root) {
    var canvas = root.querySelector("[data-map-canvas]");
    root.hidden = false;
    var map = window.L.map(canvas, {
      zoomControl: false,
      scrollWheelZoom: false, // the page scrolls under the wheel; zoom with the buttons
      maxZoom: MAX_ZOOM,
      minZoom: 5,
    });
    window.L.control.zoom({ zoomInTitle: T.zoomIn, zoomOutTitle: T.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    var tiles = window.L.tileLayer(root.getAttribute("data-tile-url"), {
      attribution: root.getAttribute("data-tile-attribution") || "",
      maxZoom: MAX_ZOOM,
      minZoom: 5,
    });
    var warned = false;
    tiles.on("tileerror", function () {
      if (warned) return;
      warned = true;
      addNote(root, T.tilesFailed);
    });
    map.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup && popup.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", T.close);
        close.setAttribute("title", T.close);
      }
      var link = popup && popup.querySelector(".map-popup h3 a");
      if (link) link.focus({ preventScroll: true });
    });
    return { map: map, tiles: tiles, canvas: canvas };
  }

  function areaLayer(collection) {
    return window.L.geoJSON(collection, {
      style: AREA_STYLE,
      interactive: false,
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.label, {
          permanent: true,
          direction: "center",
          className: "map-area-label",
        });
      },
    });
  }

  // ------------------------------------------------------------ the result map

  function popupContent(p) {
    var box = el("div", { "class": "map-popup" });
    var heading = el("h3");
    heading.appendChild(el("a", { href: withBack(p.url) }, p.name));
    if (p.sample) {
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(el("span", { "class": "sample" }, T.sample));
    }
    box.appendChild(heading);
    var facts = el("dl");
    if (p.facts) {
      // A map of other records (the back office's parks): their own labelled facts.
      p.facts.forEach(function (fact) {
        facts.appendChild(el("dt", {}, fact[0]));
        facts.appendChild(el("dd", {}, fact[1]));
      });
      box.appendChild(facts);
      return box;
    }
    facts.appendChild(el("dt", {}, T.schedule));
    var when = el("dd", {}, p.schedule || T.scheduleUnknown);
    if (p.next_date_text) {
      when.appendChild(el("br"));
      when.appendChild(el("span", { "class": "next-date" }, T.next + " " + p.next_date_text));
    }
    facts.appendChild(when);
    facts.appendChild(el("dt", {}, T.fee));
    facts.appendChild(el("dd", {}, p.fee));
    box.appendChild(facts);
    return box;
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 44 : n < 100 ? 52 : 60;
    var html = el("div");
    html.appendChild(el("span", { "aria-hidden": "true" }, String(n)));
    html.appendChild(el("span", { "class": "visually-hidden" }, text("cluster", { n: n })));
    return window.L.divIcon({
      html: html.innerHTML,
      className: "map-cluster",
      iconSize: window.L.point(size, size),
    });
  }

  function homesBox(root, homes, areas, view) {
    var box = root.querySelector("[data-map-homes]");
    if (!box || !homes.length) return;
    var section = el("section", { "class": "map-homes", "aria-labelledby": "map-homes-heading" });
    var offices = homes.every(function (f) {
      return f.properties.consultation;
    });
    var heading = offices ? T.districtsHeading : T.homesHeading;
    section.appendChild(
      el("h3", { id: "map-homes-heading" }, heading + "（" + text("homesCount", { n: homes.length }) + "）")
    );
    section.appendChild(el("p", {}, offices ? T.districtsIntro : T.homesIntro));
    var list = el("ul", { "class": "map-homes-list" });
    var drawn = null;
    var pressed = null;
    homes.forEach(function (feature) {
      var p = feature.properties;
      var item = el("li");
      var name = el("p", { "class": "map-homes-name" });
      name.appendChild(el("a", { href: withBack(p.url) }, p.name));
      if (p.sample) {
        name.appendChild(document.createTextNode(" "));
        name.appendChild(el("span", { "class": "sample" }, T.sample));
      }
      item.appendChild(name);
      item.appendChild(el("p", {}, p.reach || text("areaLabel", { areas: p.area_names })));
      var shapes = (p.areas || [])
        .map(function (id) {
          var shape = areas[String(id)];
          if (!shape || !p.consultation) return shape;
          // a 相談機関's area is its 担当地区, not homes it comes to
          var props = Object.assign({}, shape.properties, { label: shape.properties.name + T.districtSuffix });
          return Object.assign({}, shape, { properties: props });
        })
        .filter(Boolean);
      var button = el("button", { type: "button", "class": "secondary", "aria-pressed": "false" }, T.showArea);
      button.appendChild(el("span", { "class": "visually-hidden" }, "（" + p.name + "）"));
      if (!shapes.length) button.disabled = true;
      button.addEventListener("click", function () {
        if (drawn) {
          view.map.removeLayer(drawn);
          drawn = null;
        }
        if (pressed) pressed.setAttribute("aria-pressed", "false");
        if (pressed === button) {
          pressed = null;
          return;
        }
        drawn = areaLayer({ type: "FeatureCollection", features: shapes }).addTo(view.map);
        view.map.fitBounds(drawn.getBounds(), { padding: [20, 20] });
        button.setAttribute("aria-pressed", "true");
        pressed = button;
        say(root, [text(p.consultation ? "districtShown" : "areaShown", { name: p.name, areas: p.area_names })]);
        view.canvas.scrollIntoView({ block: "nearest" });
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (homes.length > 8) {
      var details = el("details");
      details.appendChild(el("summary", {}, text("homesOpen", { n: homes.length })));
      details.appendChild(list);
      section.appendChild(details);
    } else {
      section.appendChild(list);
    }
    box.appendChild(section);
  }

  function drawResults(root, data) {
    var places = data.features.filter(function (f) {
      return f.geometry && f.geometry.type === "Point";
    });
    var homes = data.features.filter(function (f) {
      return f.properties.kind === "area";
    });
    if (!places.length && !homes.length && !data.place) {
      say(root, data.summary);
      root.querySelector("[data-map-canvas]").hidden = true;
      root.setAttribute("data-map-ready", "1");
      return;
    }
    var view = baseMap(root);
    var pin = pinIcon(root);
    var group = window.L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyOnMaxZoom: true,
      chunkedLoading: true,
      iconCreateFunction: clusterIcon,
    });
    places.forEach(function (feature) {
      var p = feature.properties;
      var c = feature.geometry.coordinates;
      var marker = window.L.marker([c[1], c[0]], { icon: pin, title: p.name, alt: p.name });
      marker.bindPopup(function () {
        return popupContent(p);
      }, {
        // narrow enough to sit beside the zoom buttons on a phone, clear of them when panned
        maxWidth: Math.max(180, Math.min(320, view.canvas.clientWidth - 150)),
        autoPanPaddingTopLeft: [64, 16],
        autoPanPaddingBottomRight: [16, 16],
      });
      // Escape from inside the popup closes it and puts the keyboard back on its pin
      // (Leaflet's own Escape works only while the map itself has the focus).
      marker.on("popupopen", function (event) {
        var popup = event.popup.getElement();
        if (!popup || popup.getAttribute("data-escape")) return;
        popup.setAttribute("data-escape", "1");
        popup.addEventListener("keydown", function (key) {
          if (key.key !== "Escape") return;
          key.stopPropagation();
          marker.closePopup();
          var icon = marker.getElement();
          if (icon) icon.focus();
        });
      });
      group.addLayer(marker);
    });
    group.addTo(view.map);
    var bounds = places.length ? group.getBounds() : areaLayer({ type: "FeatureCollection", features: Object.values(data.areas) }).getBounds();
    if (data.place) {
      // Where distances are measured from (a town's centre, a station): a ring, not a pin.
      var label = text("placeLabel", { name: data.place.name, precision: data.place.precision });
      window.L.circleMarker([data.place.lat, data.place.lng], {
        radius: 11, weight: 4, color: "#0b4f9c", fillColor: "#ffffff", fillOpacity: 0.9,
        className: "near-place",
      }).bindTooltip(label).addTo(view.map);
      bounds = bounds.isValid() ? bounds.extend([data.place.lat, data.place.lng])
        : window.L.latLngBounds([[data.place.lat, data.place.lng], [data.place.lat, data.place.lng]]);
    }
    if (!bounds.isValid()) {
      view.canvas.hidden = true; // areas without towns: nothing to show a map of
    } else {
      view.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
    view.tiles.addTo(view.map);
    say(root, data.summary);
    homesBox(root, homes, data.areas || {}, view);
    root.setAttribute("data-map-ready", "1");
  }

  function resultsMap(root) {
    var url = root.getAttribute("data-map-data");
    // The note for browsers without JavaScript (a <noscript> is not shown to every one).
    var fallback = document.querySelectorAll("[data-map-fallback]");
    for (var i = 0; i < fallback.length; i++) fallback[i].hidden = true;
    root.hidden = false;
    root.querySelector("[data-map-canvas]").hidden = true;
    say(root, [T.loading]);
    window
      .fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        root.querySelector("[data-map-canvas]").hidden = false;
        drawResults(root, data);
      })
      .catch(function () {
        say(root, [T.failed]);
        root.setAttribute("data-map-ready", "1");
      });
  }

  // ------------------------------------------------------------ a resource's map

  function resourceMap(root) {
    var view = baseMap(root);
    if (root.getAttribute("data-kind") === "area") {
      var source = document.getElementById("resource-map-areas");
      var layer = areaLayer(JSON.parse(source.textContent)).addTo(view.map);
      view.map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 15 });
    } else {
      var point = [Number(root.getAttribute("data-lat")), Number(root.getAttribute("data-lng"))];
      var name = root.getAttribute("data-name");
      window.L.marker(point, {
        icon: pinIcon(root),
        title: name,
        alt: name,
        keyboard: false,
        interactive: false,
      }).addTo(view.map);
      view.map.setView(point, 16);
    }
    view.tiles.addTo(view.map);
    root.setAttribute("data-map-ready", "1");
  }

  function start() {
    if (typeof window.L === "undefined") return; // the list and the page stand on their own
    var source = document.getElementById("map-texts");
    T = source ? JSON.parse(source.textContent) : {};
    var results = document.querySelectorAll("[data-results-map]");
    for (var i = 0; i < results.length; i++) {
      if (typeof window.L.markerClusterGroup === "function" && window.fetch) resultsMap(results[i]);
    }
    var own = document.querySelectorAll("[data-resource-map]");
    for (var j = 0; j < own.length; j++) resourceMap(own[j]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
