/* The workshop presenter: draws the session's state (JSON from the server, pushed by
   Server-Sent Events) as text and SVG built node by node: nothing from data is ever parsed as
   HTML. Every control is a button, and has a key: N or → next, B or ← back, O open voting,
   C close voting, H show or hide the results before the reveal, R reveal, S show the next
   waiting answer, E end the session. */
"use strict";

(function () {
  const main = document.getElementById("main");
  const base = "/workshop/s/" + main.dataset.session;
  const SVG = "http://www.w3.org/2000/svg";
  const KEYS = {
    n: "next", arrowright: "next", b: "back", arrowleft: "back", o: "open", c: "close",
    r: "reveal", s: "show", e: "end", h: "results",
  };
  const RETRY_MS = 2000;
  let state = null;
  const asked = new Set();

  function byId(id) {
    return document.getElementById(id);
  }

  function node(name, attributes, ...children) {
    const made = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) {
      made.setAttribute(key, String(value));
    }
    for (const child of children) {
      made.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return made;
  }

  function shape(name, attributes) {
    const made = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      made.setAttribute(key, String(value));
    }
    return made;
  }

  function label(index) {
    return String.fromCharCode(65 + index);
  }

  function percent(count, total) {
    return total ? Math.round((100 * count) / total) + "%" : "0%";
  }

  /* Each option's words above its bar, with the count and share: readable from the back of
     a room. Bars are drawn as boxes sized through the CSSOM (allowed by the page's CSP). */
  function chart(s) {
    if (!s.resultsVisible) {
      return [node("p", { class: "results-hidden" },
        s.answered + " answered. The answers stay hidden until the reveal, so nobody just " +
        "follows the room (H shows them).")];
    }
    const total = s.counts.reduce((a, b) => a + b, 0);
    const most = Math.max(1, ...s.counts);
    const rows = s.options.map((option, i) => {
      const audit = s.reveal && s.reveal.answer === i;
      const fill = node("span", { class: "bar-fill" + (audit ? " bar-fill--audit" : "") });
      fill.style.width = (100 * s.counts[i]) / most + "%";
      return node("li", { class: "bar" + (audit ? " bar--audit" : "") },
        node("span", { class: "bar-label" }, label(i) + ". " + option +
          (audit ? (s.kind === "stage" ? " (the audit)" : " (correct)") : "")),
        node("span", { class: "bar-track", "aria-hidden": "true" }, fill),
        node("span", { class: "bar-count" },
          s.counts[i] + " (" + percent(s.counts[i], total) + ")"));
    });
    return [node("ol", { class: "bars", "aria-label": "Answers so far, " + total + " in all" },
      ...rows)];
  }

  function reveal(s) {
    const section = byId("reveal");
    section.replaceChildren();
    section.hidden = !s.reveal;
    if (!s.reveal) {
      return;
    }
    const r = s.reveal;
    section.append(node("h2", null, s.kind === "stage" ? "What the audit found" : "The answer"));
    if (r.answer !== null && r.answer !== undefined) {
      section.append(node("p", { class: "answer" },
        (s.kind === "stage" ? "The audit supports " : "Correct: ") + label(r.answer) + ". " +
        s.options[r.answer]));
    }
    if (r.happened !== null && r.happened !== undefined && r.happened !== r.answer) {
      section.append(node("p", null, "What happened in the case: " + label(r.happened) + ". " +
        s.options[r.happened]));
    }
    if (r.text) {
      section.append(node("p", null, r.text));
    }
    if (r.keyMessages.length) {
      section.append(node("p", null, "Key messages: " + r.keyMessages.join("; ")));
    }
    if (r.reflectiveQuestions.length && s.kind === "stage") {
      section.append(node("h3", null, "To reflect on"),
        node("ul", null, ...r.reflectiveQuestions.map((q) => node("li", null, q))));
    }
    if (r.source) {
      section.append(node("p", { class: "source" }, r.source));
    }
  }

  function render(s) {
    state = s;
    byId("lobby").hidden = !s.lobby || s.ended;
    byId("question").hidden = s.lobby && !s.ended;
    byId("join-panel").hidden = s.lobby && !s.ended;
    const address = s.joinUrl.split("?")[0];
    const room = s.maxParticipants ? " of " + s.maxParticipants : "";
    byId("lobby-url").textContent = address;
    byId("lobby-code").textContent = s.code;
    byId("lobby-count").textContent = s.participants + room + " joined";
    byId("join-line").textContent = s.ended ? "The session has ended." : "Join at " + address;
    byId("join-code").textContent = s.ended ? "" : "Code " + s.code;
    byId("heading").textContent = s.heading;
    byId("known").textContent = s.known;
    byId("known").hidden = !s.known;
    byId("prompt").textContent = s.prompt;
    byId("status").textContent = s.participants + room + " joined, " + s.answered +
      " answered. " +
      (s.ended ? "Session ended." : s.votingOpen ? "Voting is open." : "Voting is closed.") +
      " Step " + (s.index + 1) + " of " + s.total + "." +
      (s.teamMode && s.teams.length ? " Teams: " + s.teams.join(", ") + "." : "");
    byId("chart").replaceChildren(...(s.freeText ? [] : chart(s)));
    const texts = byId("texts");
    texts.replaceChildren(...(s.freeText ? [
      node("h2", null, "Answers shown"),
      s.shown.length
        ? node("ul", { class: "shown" }, ...s.shown.map((t) => node("li", null, t.text)))
        : node("p", null, "None shown yet."),
    ] : []));
    byId("held").hidden = !s.held;
    byId("held-heading").textContent = s.held === 1
      ? "An answer is held back" : s.held + " answers are held back";
    byId("waiting-summary").textContent = "Answers waiting to be shown (" + s.waiting.length + ")";
    byId("waiting").replaceChildren(...s.waiting.map((t) => node("li", null,
      node("span", null, t.text + " "),
      node("button", { type: "button", class: "button button--secondary", "data-answer": t.id },
        "Show"))));
    reveal(s);
    for (const button of document.querySelectorAll("[data-action]")) {
      const action = button.dataset.action;
      button.disabled = s.ended ||
        (action === "open" && s.votingOpen) || (action === "close" && !s.votingOpen) ||
        (action === "reveal" && (s.revealed || s.freeText)) ||
        (action === "results" && (s.revealed || s.freeText)) ||
        (action === "next" && s.index + 1 >= s.total) || (action === "back" && s.index === 0) ||
        (action === "show" && !s.waiting.length);
    }
  }

  /* Key presses made while the connection is down are kept, in order, and sent once it is
     back; the room sees "Reconnecting" meanwhile, never a silent failure. */
  const queue = [];
  let connected = false;

  function connection(text) {
    const line = byId("connection");
    line.textContent = text;
    line.hidden = !text;
    line.classList.toggle("connection--lost", Boolean(text));
  }

  let retry = null;

  function lost() {
    connected = false;
    connection("Reconnecting to the session…" + (queue.length
      ? " " + queue.length + " key press" + (queue.length > 1 ? "es" : "") +
        " will be sent once connected."
      : ""));
    if (queue.length && retry === null) {
      retry = window.setTimeout(replay, RETRY_MS);  // the stream may never have dropped
    }
  }

  async function replay() {
    retry = null;
    while (queue.length) {
      const [path, body] = queue[0];
      if (!(await send(path, body))) {
        lost();
        return;
      }
      queue.shift();
    }
    connected = true;
    connection("");
  }

  async function send(path, body) {
    let reply;
    try {
      reply = await fetch(base + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (error) {
      return false;
    }
    if (reply.status === 401) {
      window.location.assign("/workshop/login?next=" + encodeURIComponent(base + "/"));
    }
    return reply.status < 500;
  }

  async function post(path, body) {
    if (!connected || queue.length || !(await send(path, body))) {
      queue.push([path, body]);
      lost();
    }
  }

  function act(action) {
    if (!state) {
      return;
    }
    if (action === "show") {
      // S pressed again before the page heard back: the next answer, not the same one again.
      const next = state.waiting.find((t) => !asked.has(t.id));
      if (next) {
        asked.add(next.id);
        post("/show", { answer: next.id });
      }
    } else if (action !== "end" || window.confirm("End the session? The code stops working.")) {
      post("/control", { action: action });
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || button.disabled) {
      return;
    }
    if (button.dataset.action) {
      act(button.dataset.action);
    } else if (button.dataset.answer) {
      post("/show", { answer: Number(button.dataset.answer) });
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey ||
        (target && target.closest && target.closest("input, textarea, select"))) {
      return;
    }
    const action = KEYS[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      act(action);
    }
  });

  fetch(base + "/state", { credentials: "same-origin" })
    .then((reply) => reply.json())
    .then(render)
    .catch(lost);
  const events = new EventSource(base + "/events");
  events.addEventListener("open", () => {
    connected = true;
    replay();
  });
  events.addEventListener("error", lost);
  events.addEventListener("state", (event) => {
    const s = JSON.parse(event.data);
    render(s);
    if (s.ended) {
      events.close();  // the stream ends with the session: nothing to reconnect to
      connection("");
    }
  });
})();
