// The listing editor's map picker: a Leaflet map beside the latitude and longitude fields.
// Clicking the map or dragging the marker writes the fields; editing the fields moves the
// marker. Without Leaflet, without a tile server or without JS the fields alone do the job.
"use strict";
(function () {
  const element = document.getElementById("map-picker");
  if (!element || !window.L || !element.dataset.tiles) return;
  const lat = document.getElementById(element.dataset.lat);
  const lon = document.getElementById(element.dataset.lon);
  if (!lat || !lon) return;

  const L = window.L;
  const readOnly = element.dataset.readonly === "true";
  const [south, west, north, east] = (element.dataset.bounds || "").split(",").map(Number);
  const district = [south, west, north, east].every(Number.isFinite)
    ? L.latLngBounds([south, west], [north, east])
    : null;

  const box = document.getElementById("map-box");
  if (box) box.hidden = false; // shown before Leaflet measures it

  const number = (input) => {
    const value = Number.parseFloat(input.value.trim().replace(",", "."));
    return Number.isFinite(value) ? value : null;
  };
  const typed = () => {
    const a = number(lat);
    const b = number(lon);
    return a === null || b === null ? null : L.latLng(a, b);
  };

  const map = L.map(element, { keyboard: true, scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, {
    attribution: element.dataset.attribution || "",
    maxZoom: 19,
  }).addTo(map);

  let marker = null;
  const write = (point) => {
    lat.value = point.lat.toFixed(6);
    lon.value = point.lng.toFixed(6);
  };
  const place = (point) => {
    if (marker) {
      marker.setLatLng(point);
      return;
    }
    const label = element.dataset.marker || "";
    marker = L.marker(point, { draggable: !readOnly, keyboard: true, alt: label, title: label });
    marker.addTo(map);
    if (!readOnly) marker.on("dragend", () => write(marker.getLatLng()));
  };

  const start = typed();
  if (start) {
    map.setView(start, 15);
    place(start);
  } else if (district) {
    map.fitBounds(district);
  } else {
    map.setView([44.55, 10.78], 11);
  }

  if (!readOnly) {
    map.on("click", (event) => {
      place(event.latlng);
      write(event.latlng);
    });
  }
  const follow = () => {
    const point = typed();
    if (!point) return;
    place(point);
    if (!map.getBounds().contains(point)) map.panTo(point);
  };
  lat.addEventListener("input", follow);
  lon.addEventListener("input", follow);
})();
