// Chat, live (progressive enhancement: without JavaScript the chat page works as forms and a refresh link).
// Messages arrive on the session's Server-Sent Events stream with their sequence number as the event id; the stream is
// opened after the last message the page already shows, and EventSource resumes with Last-Event-ID after a drop, so a
// message is shown once. Messages are appended as text into the polite live region (#chat-log), never as HTML.
(function () {
    "use strict";
    var form = document.getElementById("chat-send");
    var log = document.getElementById("chat-log");
    if (!log || !window.EventSource || !window.fetch) {
        return;
    }

    var session = form ? form.dataset.session : (location.pathname.match(/[0-9a-f-]{36}/) || [])[0];
    if (!session) {
        return;
    }

    var role = form ? form.dataset.role : "resident";
    var typing = document.getElementById("chat-typing");
    var seen = {};
    log.querySelectorAll("li[data-id]").forEach(function (li) { seen[li.dataset.id] = true; });
    var lastId = parseInt(log.dataset.lastId || "0", 10);
    var labels = {
        resident: role === "staff" ? (document.documentElement.lang === "sv" ? "Invånare" : document.documentElement.lang === "en" ? "Resident" : "Asukas")
            : (document.documentElement.lang === "sv" ? "Du" : document.documentElement.lang === "en" ? "You" : "Sinä"),
        bot: document.documentElement.lang === "sv" ? "Chattbot" : document.documentElement.lang === "en" ? "Chatbot" : "Chatbotti",
        system: document.documentElement.lang === "sv" ? "Meddelande" : document.documentElement.lang === "en" ? "Notice" : "Ilmoitus"
    };

    function append(m) {
        if (seen[m.id]) {
            return;
        }
        seen[m.id] = true;
        lastId = Math.max(lastId, m.id);
        var li = document.createElement("li");
        var mine = role === "staff" ? m.sender === "staff" : m.sender === "resident";
        li.className = "message chat-" + m.sender + (mine ? " message-mine" : " message-theirs");
        li.dataset.id = m.id;
        var meta = document.createElement("p");
        meta.className = "message-meta";
        var who = document.createElement("strong");
        who.textContent = m.sender === "staff" ? (m.senderName || "") : (labels[m.sender] || "");
        meta.appendChild(who);
        var time = document.createElement("time");
        var at = new Date(m.atUtc.endsWith("Z") ? m.atUtc : m.atUtc + "Z");
        time.dateTime = at.toISOString();
        // As the server writes it: Helsinki time, in the page's language.
        var locale = { sv: "sv-FI", en: "en-GB" }[document.documentElement.lang] || "fi-FI";
        time.textContent = " · " + at.toLocaleString(locale, {
            timeZone: "Europe/Helsinki", day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
        });
        meta.appendChild(time);
        li.appendChild(meta);
        var body = document.createElement("p");
        body.className = "message-body";
        body.textContent = m.text;
        li.appendChild(body);
        if (m.links && m.links.length) {
            var ul = document.createElement("ul");
            ul.className = "chat-links";
            m.links.forEach(function (l) {
                if (typeof l.url !== "string" || l.url.charAt(0) !== "/" || l.url.charAt(1) === "/") {
                    return;
                }
                var a = document.createElement("a");
                a.href = l.url;
                a.textContent = l.title;
                var item = document.createElement("li");
                item.appendChild(a);
                ul.appendChild(item);
            });
            li.appendChild(ul);
        }
        log.appendChild(li);
        if (typing) {
            typing.textContent = "";
        }
        if (m.sender === "system") {
            // A change of state (taken, transferred, sign-in needed, ended): the page's forms follow it.
            scheduleReload();
        }
    }

    var reloadTimer = null;
    function scheduleReload() {
        if (reloadTimer || (form && document.activeElement && form.contains(document.activeElement) && form.querySelector("textarea").value)) {
            return;
        }
        reloadTimer = setTimeout(function () { location.reload(); }, 800);
    }

    var source = new EventSource("/api/chat/sessions/" + session + "/events?after=" + lastId);
    source.addEventListener("message", function (e) {
        try { append(JSON.parse(e.data)); } catch (x) { /* a malformed frame is skipped; the next refresh shows the truth */ }
    });
    var firstState = null;
    source.addEventListener("state", function (e) {
        document.documentElement.dataset.chatState = e.data;
        if (firstState === null) {
            firstState = e.data;
            return;
        }
        if (e.data !== firstState) {
            var before = null;
            try { before = JSON.parse(firstState).state; } catch (x) { /* ignore */ }
            firstState = e.data;
            var status = document.querySelector("#chat-state [role=status]");
            try {
                var s = JSON.parse(e.data);
                // Still waiting: only the place and the wait changed, so the text changes in place (no reload).
                if (s.state === "queued" && before === "queued" && status && status.dataset.queued) {
                    status.textContent = status.dataset.queued.replace("{1}", s.position).replace("{2}", s.estimatedWaitMinutes);
                    return;
                }
            } catch (x) { /* ignore */ }
            scheduleReload();
        }
    });
    source.addEventListener("typing", function () {
        if (!typing) {
            return;
        }
        typing.textContent = typing.dataset.text || "";
        clearTimeout(typing._t);
        typing._t = setTimeout(function () { typing.textContent = ""; }, 4000);
    });
    document.documentElement.dataset.chatLive = "1";

    if (!form) {
        return;
    }

    var textarea = form.querySelector("textarea");
    var lastTyping = 0;
    textarea.addEventListener("input", function () {
        var now = Date.now();
        if (now - lastTyping > 3000) {
            lastTyping = now;
            fetch("/api/chat/sessions/" + session + "/typing", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: "{}" })
                .catch(function () { /* a lost indicator does not matter */ });
        }
    });

    function newClientId() {
        return (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "") : String(Date.now()) + Math.random().toString(16).slice(2);
    }

    var clientId = form.querySelector("input[name=clientId]");
    form.addEventListener("submit", function (e) {
        var text = textarea.value.trim();
        if (!text) {
            return;
        }
        e.preventDefault();
        var button = form.querySelector("button[type=submit]");
        button.disabled = true;
        // The same clientId is sent again on a retry, so a message the server already has is not stored twice.
        fetch("/api/chat/sessions/" + session + "/messages", {
            method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ text: text, clientId: clientId.value })
        }).then(function (response) {
            if (response.ok) {
                textarea.value = "";
                clientId.value = newClientId();
                textarea.focus();
            } else {
                form.submit();
            }
        }).catch(function () {
            form.submit();
        }).finally(function () {
            button.disabled = false;
        });
    });
})();
