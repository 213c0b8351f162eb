// samizdat serve: live reload. Injected into pages at serve time only.
// Listens on /__samizdat/events (same host and port as the page):
//   reload  load the page again, at the same scroll position
//   css     fetch the stylesheets again, keep the page as it is
//   error   draw the build's problems (a JSON list of strings) over the page:
//           with an error the build failed and this is the last good page;
//           warnings only get a small panel in a corner
//   ok      take them away
// Every event's id is the version of the build in place; the page knows the
// version it was served at (data-version), so a tab that missed a reload,
// while loading or while hidden (hidden tabs close their connection, as
// browsers allow few per host), reloads when it hears a newer one.
// window.__samizdat shows its state: {version, connected} (for tests).
(function () {
  "use strict";
  if (window.__samizdat) return;
  var state = (window.__samizdat = { version: null, connected: false });

  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  state.version = version;

  var KEY = "samizdat-scroll:" + location.pathname;
  var OVERLAY = "samizdat-overlay";

  function saveScroll() {
    try {
      sessionStorage.setItem(KEY, String(window.scrollY));
    } catch (e) {}
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(KEY);
      sessionStorage.removeItem(KEY);
    } catch (e) {}
    if (saved === null) return;
    var y = parseFloat(saved);
    if (!isFinite(y)) return;
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    window.scrollTo(0, y);
    // Again once images and fonts have their size.
    window.addEventListener("load", function () {
      window.scrollTo(0, y);
    });
  }

  function restyle() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var stamp = Date.now().toString(36);
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].getAttribute("href"), location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("samizdat", stamp);
      links[i].href = url.href;
    }
  }

  function hideErrors() {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
  }

  function showErrors(problems) {
    hideErrors();
    if (!problems.length) return;
    var failed = problems.some(function (p) {
      return /(^|: )error: /.test(p);
    });
    var host = document.createElement("div");
    host.id = OVERLAY;
    host.setAttribute("role", "alert");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = document.createElement("style");
    style.textContent =
      ".back{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.55);" +
      "display:flex;align-items:flex-start;justify-content:center;padding:5vh 1rem;overflow:auto}" +
      ".corner{position:fixed;right:1rem;bottom:1rem;z-index:2147483647;max-width:min(40rem,90vw);" +
      "max-height:40vh;overflow:auto}" +
      ".corner .box{border-top-color:#b9770e}.corner li{background:#fdf5e6;border-left-color:#b9770e}" +
      ".box{background:#fff;color:#111;max-width:60rem;width:100%;border-top:6px solid #c0392b;" +
      "padding:1.25rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 10px 40px rgba(0,0,0,.4)}" +
      "h2{margin:0 0 .25rem;font-size:1.15rem}p{margin:0 0 1rem;color:#555}" +
      "ul{margin:0;padding:0;list-style:none}" +
      "li{font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;" +
      "padding:.5rem .6rem;margin:0 0 .4rem;background:#fbeeee;border-left:3px solid #c0392b}" +
      "button{float:right;font:inherit;border:0;background:none;cursor:pointer;font-size:1.3rem;line-height:1}";
    var back = document.createElement("div");
    back.className = failed ? "back" : "corner";
    var box = document.createElement("div");
    box.className = "box";
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Hide");
    close.textContent = "\u00d7";
    close.onclick = hideErrors;
    var h = document.createElement("h2");
    h.textContent = failed ? "The site does not build" : problems.length + " warning(s)";
    var p = document.createElement("p");
    p.textContent = failed
      ? "This is the last good version. Fix the problems below and save: the page reloads by itself."
      : "The site is built; these may still need a look.";
    var list = document.createElement("ul");
    for (var i = 0; i < problems.length; i++) {
      var li = document.createElement("li");
      li.textContent = problems[i];
      list.appendChild(li);
    }
    box.appendChild(close);
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(list);
    back.appendChild(box);
    root.appendChild(style);
    root.appendChild(back);
    document.documentElement.appendChild(host);
  }

  restoreScroll();

  var initial = document.getElementById("samizdat-errors");
  if (initial) {
    try {
      showErrors(JSON.parse(initial.textContent));
    } catch (e) {}
  }

  function reload() {
    saveScroll();
    location.reload();
  }

  // A newer build than this page's: reload; true if so.
  function stale(e) {
    if (version === null || !e.lastEventId || e.lastEventId === version) return false;
    reload();
    return true;
  }

  if (!window.EventSource) return;
  var source = null;

  function connect() {
    if (source) return;
    source = new EventSource("/__samizdat/events");
    source.onopen = function () {
      state.connected = true;
    };
    source.addEventListener("reload", reload);
    source.addEventListener("css", function (e) {
      restyle();
      if (e.lastEventId) state.version = version = e.lastEventId;
    });
    source.addEventListener("ok", function (e) {
      if (!stale(e)) hideErrors();
    });
    source.addEventListener("error", function (e) {
      // EventSource also fires a plain `error` (no data) when the
      // connection drops; it reconnects by itself.
      if (typeof e.data !== "string") {
        state.connected = false;
        return;
      }
      if (stale(e)) return;
      try {
        showErrors(JSON.parse(e.data));
      } catch (err) {}
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
    state.connected = false;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () {
    if (!document.hidden) connect();
  });
  if (!document.hidden) connect();
})();
