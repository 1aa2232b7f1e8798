/* Station pages: "use my location" and the map. No inline scripts (CSP script-src 'self');
 * configuration and translated messages come from data- attributes. Everything here is an
 * enhancement: without it the form and the list work on their own. */
(function () {
  "use strict";

  function setupLocate(form) {
    var button = form.querySelector("[data-locate]");
    var status = form.querySelector("[data-locate-status]");
    var lat = form.elements.namedItem("lat");
    var lng = form.elements.namedItem("lng");
    var point = form.elements.namedItem("point");
    var fromDistrict = form.elements.namedItem("from_district");

    function forgetLocation() {
      if (lat) { lat.value = ""; }
      if (lng) { lng.value = ""; }
    }
    // Typing coordinates or choosing a district replaces a located point.
    if (point) { point.addEventListener("input", forgetLocation); }
    if (fromDistrict) { fromDistrict.addEventListener("change", forgetLocation); }

    if (!button || !lat || !lng || !("geolocation" in navigator)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = button.dataset.msgLocating || ""; }
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lng.value = position.coords.longitude.toFixed(6);
          if (point) { point.value = ""; }
          if (fromDistrict) { fromDistrict.value = ""; }
          form.submit();
        },
        function (error) {
          button.disabled = false;
          if (status) {
            status.textContent = error.code === 1
              ? (button.dataset.msgDenied || "")
              : (button.dataset.msgFailed || "");
          }
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  function popupContent(station, el) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = station.url;
    link.textContent = station.name;
    box.appendChild(link);
    if (typeof station.open_now === "boolean") {
      var state = document.createElement("div");
      state.textContent = station.open_now ? el.dataset.msgOpen : el.dataset.msgClosed;
      box.appendChild(state);
    }
    return box;
  }

  // WGS-84 → GCJ-02, the published offset formula used by mainland Chinese maps.
  // Outside mainland China the two agree, so points there are left alone.
  function wgs84ToGcj02(lat, lng) {
    if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) { return [lat, lng]; }
    var a = 6378245.0, ee = 0.00669342162296594323, pi = Math.PI;
    var x = lng - 105.0, y = lat - 35.0;
    var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dLat += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
    dLat += (20.0 * Math.sin(y * pi) + 40.0 * Math.sin(y / 3.0 * pi)) * 2.0 / 3.0;
    dLat += (160.0 * Math.sin(y / 12.0 * pi) + 320 * Math.sin(y * pi / 30.0)) * 2.0 / 3.0;
    var dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dLng += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
    dLng += (20.0 * Math.sin(x * pi) + 40.0 * Math.sin(x / 3.0 * pi)) * 2.0 / 3.0;
    dLng += (150.0 * Math.sin(x / 12.0 * pi) + 300.0 * Math.sin(x / 30.0 * pi)) * 2.0 / 3.0;
    var radLat = lat / 180.0 * pi;
    var magic = 1 - ee * Math.sin(radLat) * Math.sin(radLat);
    var sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * pi);
    dLng = (dLng * 180.0) / (a / sqrtMagic * Math.cos(radLat) * pi);
    return [lat + dLat, lng + dLng];
  }

  function setupMap(el) {
    var L = window.L;
    if (!L) { return; }
    el.hidden = false;
    var project = el.dataset.tileCrs === "gcj02"
      ? function (lat, lng) { return wgs84ToGcj02(lat, lng); }
      : function (lat, lng) { return [lat, lng]; };
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 19,
        attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    var bounds = [];
    var markers = 0;
    var originLat = parseFloat(el.dataset.originLat);
    var originLng = parseFloat(el.dataset.originLng);
    if (!isNaN(originLat) && !isNaN(originLng)) {
      var origin = project(originLat, originLng);
      L.circleMarker(origin, { radius: 7, weight: 3, color: "#b3261e", fillOpacity: 0.9 })
        .bindTooltip(el.dataset.msgOrigin || "")
        .addTo(map);
      var radius = parseFloat(el.dataset.circleM);
      if (!isNaN(radius)) {
        L.circle(origin, { radius: radius, weight: 1, color: "#0b5d57", fillOpacity: 0.06 }).addTo(map);
      }
      bounds.push(origin);
    }

    function addMarker(station) {
      var latlng = project(station.lat, station.lng);
      L.marker(latlng, { title: station.name, alt: station.name, keyboard: true })
        .bindPopup(popupContent(station, el))
        .addTo(map);
      bounds.push(latlng);
      markers += 1;
    }

    function fit() {
      if (bounds.length === 0) {
        el.hidden = true;
        return;
      }
      if (bounds.length === 1) {
        map.setView(bounds[0], 15);
      } else {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      }
      el.dataset.markers = String(markers);
    }

    if (el.dataset.source) {
      fetch(el.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (stations) {
          stations.forEach(addMarker);
          fit();
          el.dataset.loaded = "true";
        })
        .catch(function () {
          // The list below has every station; a map that cannot load just steps aside.
          el.hidden = true;
        });
    } else if (el.dataset.lat && el.dataset.lng) {
      addMarker({
        name: el.dataset.name || "",
        lat: parseFloat(el.dataset.lat),
        lng: parseFloat(el.dataset.lng),
        url: window.location.pathname,
        open_now: null
      });
      fit();
      el.dataset.loaded = "true";
    }
  }

  function init() {
    var form = document.querySelector("[data-station-search]");
    if (form) { setupLocate(form); }
    var mapEl = document.querySelector("[data-station-map]");
    if (mapEl) { setupMap(mapEl); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
