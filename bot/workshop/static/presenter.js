/* The workshop presenter: draws the session's state (JSON from the server, pushed by
   Server-Sent Events) as text and SVG built node by node: nothing from data is ever parsed as
   HTML. Every control is a button, and has a key: N or → next, B or ← back, O open voting,
   C close voting, R reveal, S show the next waiting answer, E end the session. */
"use strict";

(function () {
  const main = document.getElementById("main");
  const base = "/workshop/s/" + main.dataset.session;
  const SVG = "http://www.w3.org/2000/svg";
  const KEYS = {
    n: "next", arrowright: "next", b: "back", arrowleft: "back", o: "open", c: "close",
    r: "reveal", s: "show", e: "end",
  };
  let state = null;

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

  function chart(s) {
    const total = s.counts.reduce((a, b) => a + b, 0);
    const most = Math.max(1, ...s.counts);
    const lineHeight = 40;
    const rowHeight = 96;
    const figure = shape("svg", {
      class: "chart chart--live", role: "img", width: "100%", height: s.options.length * rowHeight,
      "aria-label": "Answers so far: " + s.options.map(
        (option, i) => label(i) + " " + s.counts[i]).join(", ") + ". The table below has them.",
    });
    s.options.forEach((option, i) => {
      const top = i * rowHeight;
      const text = shape("text", { class: "chart-text live-label", x: 0, y: top + lineHeight - 10 });
      const audit = s.reveal && s.reveal.answer === i ? " (the audit)" : "";
      text.textContent = label(i) + ": " + s.counts[i] + audit;
      figure.append(text);
      const width = (100 * s.counts[i]) / most;
      const bar = shape("rect", {
        class: "chart-bar" + (audit ? " chart-bar--second" : ""),
        x: "0%", y: top + lineHeight, width: width + "%", height: 40,
      });
      figure.append(bar);
    });
    const rows = s.options.map((option, i) => node("tr", null,
      node("th", { scope: "row" }, label(i) + ". " + option),
      node("td", { class: "num" }, s.counts[i]),
      node("td", { class: "num" }, total ? Math.round((100 * s.counts[i]) / total) + "%" : "0%")));
    const table = node("table", null,
      node("caption", null, "Answers so far"),
      node("thead", null, node("tr", null,
        node("th", { scope: "col" }, "Option"),
        node("th", { scope: "col", class: "num" }, "Answers"),
        node("th", { scope: "col", class: "num" }, "Share"))),
      node("tbody", null, ...rows));
    return [figure, node("div", { class: "table-wrap" }, table)];
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
    byId("join-line").textContent = s.ended
      ? "The session has ended."
      : "Join at " + s.joinUrl.split("?")[0] + " with code " + s.code;
    byId("heading").textContent = s.heading;
    byId("known").textContent = s.known;
    byId("known").hidden = !s.known;
    byId("prompt").textContent = s.prompt;
    byId("status").textContent = s.participants + " joined, " + s.answered + " answered. " +
      (s.ended ? "Session ended." : s.votingOpen ? "Voting is open." : "Voting is closed.") +
      " Step " + (s.index + 1) + " of " + s.total + "." +
      (s.teamMode && s.teams.length ? " Teams: " + s.teams.join(", ") + "." : "");
    const area = byId("chart");
    area.replaceChildren(...(s.freeText ? [] : chart(s)));
    const texts = byId("texts");
    texts.replaceChildren(...(s.freeText ? [
      node("h2", null, "Answers shown"),
      s.shown.length
        ? node("ul", { class: "shown" }, ...s.shown.map((t) => node("li", null, t.text)))
        : node("p", null, "None shown yet."),
    ] : []));
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
        (action === "next" && s.index + 1 >= s.total) || (action === "back" && s.index === 0) ||
        (action === "show" && !s.waiting.length);
    }
  }

  async function post(path, body) {
    const reply = await fetch(base + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (reply.status === 401) {
      window.location.assign("/workshop/login?next=" + encodeURIComponent(base + "/"));
    }
  }

  function act(action) {
    if (!state) {
      return;
    }
    if (action === "show") {
      if (state.waiting.length) {
        post("/show", { answer: state.waiting[0].id });
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
    .then(render);
  const events = new EventSource(base + "/events");
  events.addEventListener("state", (event) => render(JSON.parse(event.data)));
})();
