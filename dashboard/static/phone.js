// The browser phone: every click goes to the dashboard, which plays Twilio's part and posts
// signed webhooks into the app. The call's (signed) state comes back with every answer.
(function () {
  "use strict";

  var box, csrf, state = null;

  function $(id) { return document.getElementById(id); }

  // Texts come from the page (German, from the server's catalog), placeholders %(name)s.
  function t(name, values) {
    var text = box.getAttribute("data-t-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.replace("%(" + key + ")s", values[key]); });
    return text;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function line(text, mine) {
    var li = document.createElement("li");
    li.textContent = text;
    if (mine) { li.className = "me"; }
    $("heard").appendChild(li);
    $("heard").scrollTop = $("heard").scrollHeight;
  }

  // Each run of sentences in its own language ("de-DE", "tr-TR", "ru-RU", ...).
  function speak(sentences, languages) {
    if (!$("speak").checked || !("speechSynthesis" in window) || !sentences.length) { return; }
    var runs = [];
    sentences.forEach(function (sentence, i) {
      var lang = (languages && languages[i]) || "de-DE";
      var last = runs[runs.length - 1];
      if (last && last.lang === lang) { last.text += " " + sentence; }
      else { runs.push({ lang: lang, text: sentence }); }
    });
    runs.forEach(function (run) {
      var utterance = new SpeechSynthesisUtterance(run.text);
      utterance.lang = run.lang;
      utterance.rate = 0.95;
      window.speechSynthesis.speak(utterance);
    });
  }

  function setWaiting(waiting) {
    var kind = waiting ? waiting.kind : null;
    $("keypad-box").hidden = !(kind === "gather" && waiting.keys);
    $("speech-box").hidden = !(kind === "gather" && waiting.speech);
    $("record-box").hidden = kind !== "record";
    $("dial-box").hidden = kind !== "dial";
    $("silence").hidden = !kind || kind === "dial";
    $("dial-number").textContent = kind === "dial" ? t("connecting", { number: waiting.number }) : "";
    // Only what fits the moment: no "hang up" before a call, no "call" or picking up
    // another call during one.
    $("hangup").hidden = !state;
    $("dial").hidden = !!state;
    $("caller-box").hidden = !!state;
    $("outbox").classList.toggle("in-call", !!state);
  }

  function status(text) { $("phone-status").textContent = text || ""; }

  function handle(result) {
    if (!result.ok) {
      status(result.data.error || t("error"));
      return;
    }
    var data = result.data;
    data.heard.forEach(function (sentence) { line(sentence, false); });
    speak(data.heard, data.languages);
    state = data.ended ? null : data.state;
    setWaiting(data.ended ? null : data.waiting);
    status(data.ended ? t("ended", { seconds: data.seconds }) : "");
    refreshOutbox();
  }

  function give(body, shown) {
    if (!state) { return; }
    if (shown) { line(shown, true); }
    if ("speechSynthesis" in window) { window.speechSynthesis.cancel(); }
    body.state = state;
    post(box.getAttribute("data-input"), body).then(handle);
  }

  function refreshOutbox() {
    fetch(box.getAttribute("data-outbox"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { $("outbox").innerHTML = html; } });
  }

  function callerNumber() {
    var choice = $("caller").value;
    return choice === "other" ? $("other-number").value : choice;
  }

  document.addEventListener("DOMContentLoaded", function () {
    box = $("phone");
    if (!box) { return; }
    csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");

    $("caller").addEventListener("change", function () {
      $("other-number-field").hidden = $("caller").value !== "other";
    });
    $("dial").addEventListener("click", function () {
      $("heard").innerHTML = "";
      status(t("ringing"));
      post(box.getAttribute("data-dial"), { from: callerNumber() }).then(handle);
    });
    $("hangup").addEventListener("click", function () {
      if (!state) { return; }
      post(box.getAttribute("data-hangup"), { state: state }).then(handle);
    });
    box.querySelectorAll(".key").forEach(function (key) {
      key.addEventListener("click", function () { give({ keys: key.getAttribute("data-key") }, t("key", { key: key.getAttribute("data-key") })); });
    });
    $("send-keys").addEventListener("click", function () {
      var keys = $("typed").value.replace(/[^0-9*#]/g, "");
      if (keys) { $("typed").value = ""; give({ keys: keys }, t("key", { key: keys })); }
    });
    $("say").addEventListener("click", function () {
      var text = $("speech").value.trim();
      if (text) { $("speech").value = ""; give({ speech: text }, "„" + text + "“"); }
    });
    $("speech").addEventListener("keydown", function (event) { if (event.key === "Enter") { $("say").click(); } });
    $("send-record").addEventListener("click", function () {
      var text = $("record").value.trim();
      $("record").value = "";
      give({ record: text || "…" }, t("recorded", { text: text || "…" }));
    });
    $("connect-yes").addEventListener("click", function () { give({ connect: true }, t("team-yes")); });
    $("connect-no").addEventListener("click", function () { give({ connect: false }, t("team-no")); });
    $("silence").addEventListener("click", function () { give({ silence: true }, t("silence")); });

    $("outbox").addEventListener("click", function (event) {
      var answer = event.target.closest(".answer");
      if (answer) {
        $("heard").innerHTML = "";
        status(t("answered"));
        post(box.getAttribute("data-answer"), { call_id: parseInt(answer.getAttribute("data-call"), 10), number: answer.getAttribute("data-number") || "" }).then(handle);
        return;
      }
      var reply = event.target.closest(".reply");
      if (reply) {
        $("sms-from").value = reply.getAttribute("data-person");
        $("sms-body").focus();
      }
    });
    $("sms-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var body = $("sms-body").value.trim();
      if (!body) { return; }
      post(box.getAttribute("data-sms"), { person_id: parseInt($("sms-from").value, 10), body: body }).then(function (result) {
        var list = $("sms-replies");
        list.innerHTML = "";
        var texts = result.ok ? result.data.replies : [result.data.error || t("error")];
        texts.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
        $("sms-body").value = "";
        refreshOutbox();
      });
    });
    window.setInterval(function () { if (!document.hidden) { refreshOutbox(); } }, 10000);
    setWaiting(null);
  });
})();
