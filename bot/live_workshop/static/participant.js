/* A participant's page follows the trainer: when the session moves (next question, voting
   opened or closed, ended), the server says so by Server-Sent Events and the question is
   fetched again and put in place, without reloading the page or moving the focus. Updates
   can be paused (WCAG 2.2.2): the newest is then kept and shown on "Resume". Without this
   script the page is a plain form with a "Check for the next question" link. */
"use strict";

(function () {
  const live = document.getElementById("live");
  const pause = document.getElementById("pause");
  const status = document.getElementById("live-status");
  let paused = false;
  let waiting = false;
  let shown = null;

  function current() {
    const question = document.getElementById("question");
    return question ? question.dataset.step + "/" + question.dataset.open : null;
  }

  function typing() {
    const field = document.activeElement;
    return field && field.tagName === "TEXTAREA" && field.value.trim() !== "";
  }

  async function refresh() {
    const reply = await fetch("/workshop/answer", { credentials: "same-origin" });
    if (!reply.ok || reply.redirected) {
      window.location.assign(reply.url);
      return;
    }
    // Our own page, from our own server, with every value escaped as it was built.
    const fresh = new DOMParser().parseFromString(await reply.text(), "text/html");
    const question = fresh.getElementById("question");
    if (!question) {
      return;
    }
    document.getElementById("question").replaceWith(document.adoptNode(question));
    for (const old of document.querySelectorAll(".notice, .urgent")) {
      old.remove();
    }
    document.title = fresh.title;
    shown = current();
    status.textContent = "The question has changed.";
  }

  function moved(position) {
    const next = position.step + "/" + (position.votingOpen ? "yes" : "no");
    if (next === shown && !position.ended) {
      return;
    }
    if (!paused && typing()) {
      setPaused(true);  // never take away an answer being typed
    }
    if (paused) {
      waiting = true;
      status.textContent = "A new question is waiting: press Resume to see it.";
      return;
    }
    refresh();
  }

  function setPaused(value) {
    paused = value;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume updates" : "Pause updates";
    status.textContent = paused ? "Updates are paused." : "Updates are on.";
  }

  pause.addEventListener("click", () => {
    setPaused(!paused);
    if (!paused && waiting) {
      waiting = false;
      refresh();
    }
  });

  shown = current();
  live.hidden = false;
  const events = new EventSource("/workshop/answer/events");
  events.addEventListener("position", (event) => moved(JSON.parse(event.data)));
})();
