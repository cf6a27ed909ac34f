/*
 * Restis page-view tracker. A site adds one tag and nothing else:
 *
 *   <script src="https://store.example.com/tracker.js" data-site="mysite"
 *           data-store="https://store.example.com" async></script>
 *
 * data-site   the site id the views are counted under (letters, digits, _ . -)
 * data-store  the store's base URL; defaults to the origin this script was loaded from
 * data-token  optional: an ingest token, sent as ?token= (a beacon cannot carry headers)
 *
 * Each page view (URL, referrer, title, time and a visitor id kept in localStorage) goes to
 * POST <store>/track/<site> with navigator.sendBeacon, or fetch with keepalive where beacons are
 * unavailable or refused. The body is JSON sent as text/plain, a CORS-simple request: the browser
 * sends it without a preflight.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {
    return; // loaded some way other than a script tag: nothing to configure from
  }
  var site = script.getAttribute('data-site');
  if (!site) {
    return;
  }
  var store = script.getAttribute('data-store') || new URL(script.src, location.href).origin;
  var token = script.getAttribute('data-token');
  var endpoint = store.replace(/\/+$/, '') + '/track/' + encodeURIComponent(site) +
      (token ? '?token=' + encodeURIComponent(token) : '');

  function randomId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // The same id across visits of this browser to this site (storage is per origin).
  function visitorId() {
    var key = 'restis.visitor';
    try {
      var id = localStorage.getItem(key);
      if (!id) {
        id = randomId();
        localStorage.setItem(key, id);
      }
      return id;
    } catch (e) {
      return randomId(); // storage disabled: counted as a new visitor each time
    }
  }

  function send() {
    var view = JSON.stringify({
      url: location.href,
      referrer: document.referrer,
      title: document.title,
      time: Date.now(),
      visitor: visitorId()
    });
    var queued = false;
    if (navigator.sendBeacon) {
      try {
        queued = navigator.sendBeacon(endpoint, view); // a string goes as text/plain;charset=UTF-8
      } catch (e) {
        queued = false;
      }
    }
    if (!queued && window.fetch) {
      fetch(endpoint, {
        method: 'POST',
        body: view,
        keepalive: true,
        credentials: 'include',
        headers: {'Content-Type': 'text/plain;charset=UTF-8'}
      }).catch(function () { /* a lost view is not worth an error on the page */ });
    }
  }

  window.restisTracker = {send: send};
  send();
})();
