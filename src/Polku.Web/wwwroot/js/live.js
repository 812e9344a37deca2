// Live updates for server-rendered pages (progressive enhancement: without JavaScript the page works with a reload).
// An element with data-live-refresh="<event type prefix>" (and, for types beyond the built-in list, data-live-events="<type> …")
// is re-rendered from the server when an event of that type
// arrives on /events; the element's data-live-message is announced through #live-status. Events carry only a type
// and an id, so the fresh HTML comes through the page's own authorised and audited route.
(function () {
    "use strict";
    var regions = document.querySelectorAll("[data-live-refresh]");
    if (regions.length === 0 || !window.EventSource || !window.fetch || !window.DOMParser) {
        return;
    }

    var pending = null;
    var refreshing = false;

    function refresh() {
        pending = null;
        if (refreshing) {
            pending = setTimeout(refresh, 300);
            return;
        }
        refreshing = true;
        fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (!html) {
                    return;
                }
                var doc = new DOMParser().parseFromString(html, "text/html");
                var announced = false;
                regions.forEach(function (region) {
                    var fresh = region.id ? doc.getElementById(region.id) : null;
                    // Do not replace a region while the user is typing in it.
                    if (!fresh || region.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) {
                        return;
                    }
                    region.innerHTML = fresh.innerHTML;
                    var status = document.getElementById("live-status");
                    if (status && !announced && region.dataset.liveMessage) {
                        status.textContent = region.dataset.liveMessage;
                        announced = true;
                    }
                });
                document.documentElement.dataset.liveUpdated = String(Date.now());
            })
            .catch(function () { /* the next event or a manual reload brings the page up to date */ })
            .finally(function () { refreshing = false; });
    }

    function matches(type) {
        for (var i = 0; i < regions.length; i++) {
            var prefixes = regions[i].dataset.liveRefresh.split(" ");
            for (var j = 0; j < prefixes.length; j++) {
                if (prefixes[j] && type.indexOf(prefixes[j]) === 0) {
                    return true;
                }
            }
        }
        return false;
    }

    var source = new EventSource("/events");
    source.onmessage = function (e) { handle(e); };
    // Named SSE events reach only listeners of that exact name: the built-in ones, plus any a region lists in data-live-events.
    var types = ["task.created", "task.claimed", "task.released", "task.transferred", "task.reassigned", "task.waiting", "task.completed", "task.changed", "message.new"];
    regions.forEach(function (region) {
        (region.dataset.liveEvents || "").split(" ").forEach(function (type) {
            if (type && types.indexOf(type) < 0) {
                types.push(type);
            }
        });
    });
    types.forEach(function (type) { source.addEventListener(type, handle); });

    function handle(e) {
        var type = e.type === "message" ? (function () { try { return JSON.parse(e.data).type || ""; } catch (x) { return ""; } })() : e.type;
        if (matches(type) && pending === null) {
            // Several events in a burst cause one refresh.
            pending = setTimeout(refresh, 150);
        }
    }
})();
