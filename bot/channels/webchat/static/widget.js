/*
 * Reflective practice assistant: the web chat widget.
 *
 * Embed it with an empty <div data-rpa-chat></div> and
 * <script src="https://ASSISTANT-HOST/chat/widget.js" defer></script>; it talks to the
 * webhook next to the script, so the page needs no other configuration.
 *
 * Written by hand rather than with a chat library: deep-chat 2.4.2, the best maintained
 * candidate, has a send button with no accessible name, no live region for new messages, a
 * contenteditable input without a visible focus indicator, and renders buttons only from
 * HTML strings. Here every text from the bot or the user is set with textContent or as a
 * Text node; nothing is ever parsed as HTML.
 *
 * The bot's text carries a little structure, and only this is interpreted: paragraphs split
 * by a blank line, a single newline as a line break, paragraphs whose lines all start with
 * "- " (bulleted) or "1. ", "2. " (numbered; a line indented by three spaces continues the
 * item above) as lists, "**text**" within a line as bold, bare http(s) URLs and the paths of
 * the assistant's own pages (/handouts/, /workshop/, /insights/) as links. The structure
 * becomes elements made with createElement; every character of the text itself
 * still ends up in a Text node, so "<b>", "<img onerror>" or "**<script>**" show as typed.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = new URL(".", script ? script.src : location.href);
  var WEBHOOK = new URL("webhook", BASE).href;
  var STORAGE_KEY = "rpa-chat:v1";
  var NOTICE =
    "Please do not include names or any details that could identify a child or family. " +
    "This is not a place to report a concern: if a child is in immediate danger, call 999.";
  // Bare http(s) URLs in the bot's text, and paths of the assistant's own pages
  // ("/handouts/case/...", "/workshop/"), which are relative to the assistant's host when
  // RPA_PUBLIC_URL is not set; trailing punctuation belongs to the sentence.
  var URL_PATTERN = /https?:\/\/[^\s<>"']+|\/(?:handouts|workshop|insights)\/[^\s<>"']*/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
  // Structure in the bot's text (see the header): blocks, list items, bold.
  var PARAGRAPH_BREAK = /\n[ \t]*\n/;
  var BULLET_ITEM = /^- /;
  var NUMBERED_ITEM = /^(\d{1,9})\. /;
  var CONTINUATION = /^ {3}(?=\S)/;
  var BOLD = /\*\*(\S(?:.*?\S)?)\*\*/g; // starts and ends with a non-space: "2 ** 3" is not bold

  function randomSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); })
      .join("");
  }

  /* History lives in sessionStorage: it survives reloads in this tab and nothing else. */
  function loadState() {
    try {
      var state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
      if (state && /^[0-9a-f]{32}$/.test(state.sessionId) && Array.isArray(state.messages)) {
        return state;
      }
    } catch (ignored) {
      /* Storage disabled or corrupt: start a fresh conversation. */
    }
    return { sessionId: randomSessionId(), messages: [] };
  }

  function saveState(state) {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (ignored) {
      /* Private mode or quota: the chat still works, it just is not kept. */
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function visuallyHidden(text) {
    return element("span", "rpa-visually-hidden", text);
  }

  /* Text with its http(s) URLs as links, built from Text nodes and anchors only. */
  function linkedText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var url = match.replace(TRAILING_PUNCTUATION, "");
      // A path counts only as a word of its own (not "and/or/handouts/...").
      if (url.charAt(0) === "/" && offset > 0 && !/[\s(]/.test(text.charAt(offset - 1))) {
        return match;
      }
      var parsed;
      try {
        parsed = new URL(url, BASE);
      } catch (ignored) {
        return match;
      }
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return match;
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = element("a", "rpa-link", url);
      link.href = parsed.href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.appendChild(visuallyHidden(" (opens in a new tab)"));
      fragment.appendChild(link);
      last = offset + url.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /* One line of the bot's text: "**bold**" runs as <strong>, everything else as linkedText. */
  function inlineText(line) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    line.replace(BOLD, function (match, inner, offset) {
      fragment.appendChild(linkedText(line.slice(last, offset)));
      var strong = element("strong");
      strong.appendChild(linkedText(inner));
      fragment.appendChild(strong);
      last = offset + match.length;
      return match;
    });
    fragment.appendChild(linkedText(line.slice(last)));
    return fragment;
  }

  /* Lines as inline text separated by line breaks (white-space: pre-wrap shows the "\n"). */
  function appendLines(parent, lines) {
    lines.forEach(function (line, index) {
      if (index > 0) parent.appendChild(document.createTextNode("\n"));
      parent.appendChild(inlineText(line));
    });
    return parent;
  }

  function isBulletList(lines) {
    return lines.every(function (line) { return BULLET_ITEM.test(line); });
  }

  function isNumberedList(lines) {
    return NUMBERED_ITEM.test(lines[0]) && lines.every(function (line) {
      return NUMBERED_ITEM.test(line) || CONTINUATION.test(line);
    });
  }

  function bulletList(lines) {
    var list = element("ul", "rpa-list");
    lines.forEach(function (line) {
      list.appendChild(appendLines(element("li"), [line.replace(BULLET_ITEM, "")]));
    });
    return list;
  }

  /* Continuation lines ("   Contact: ...") stay in the item above, after a line break. */
  function numberedList(lines) {
    var list = element("ol", "rpa-list");
    var first = Number(NUMBERED_ITEM.exec(lines[0])[1]);
    if (first !== 1) list.start = first;
    var items = [];
    lines.forEach(function (line) {
      if (NUMBERED_ITEM.test(line)) items.push([line.replace(NUMBERED_ITEM, "")]);
      else items[items.length - 1].push(line.replace(CONTINUATION, ""));
    });
    items.forEach(function (itemLines) {
      list.appendChild(appendLines(element("li"), itemLines));
    });
    return list;
  }

  /* The bot's text as paragraphs and lists (see the header); never parsed as HTML. */
  function structuredText(text) {
    var fragment = document.createDocumentFragment();
    text.replace(/\r\n?/g, "\n").split(PARAGRAPH_BREAK).forEach(function (block) {
      block = block.replace(/^\n+|\n+$/g, "");
      if (!block.trim()) return;
      var lines = block.split("\n");
      if (isBulletList(lines)) fragment.appendChild(bulletList(lines));
      else if (isNumberedList(lines)) fragment.appendChild(numberedList(lines));
      else fragment.appendChild(appendLines(element("p", "rpa-paragraph"), lines));
    });
    return fragment;
  }

  function Chat(root) {
    this.root = root;
    this.state = loadState();
    this.busy = false;
    this.build();
    this.state.messages.forEach(this.render, this);
    if (this.state.messages.length === 0) this.send("/greet", null);
  }

  Chat.prototype.build = function () {
    var id = "rpa-" + this.state.sessionId.slice(0, 8);
    var section = element("section", "rpa-chat");
    section.setAttribute("aria-labelledby", id + "-title");
    section.appendChild(element("h2", "rpa-title", "Reflective practice assistant")).id = id + "-title";

    var notice = element("p", "rpa-notice", NOTICE);
    notice.id = id + "-notice";
    section.appendChild(notice);

    // role=log is a polite live region: each message appended is read out once.
    this.log = element("div", "rpa-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-label", "Conversation");
    this.log.tabIndex = 0; // scrollable, so keyboard users must be able to reach and scroll it
    section.appendChild(this.log);

    this.typing = element("div", "rpa-typing");
    this.typing.setAttribute("role", "status");
    section.appendChild(this.typing);

    var form = element("form", "rpa-form");
    var label = element("label", "rpa-label", "Your question");
    label.htmlFor = id + "-input";
    this.input = element("input", "rpa-input");
    this.input.id = id + "-input";
    this.input.type = "text";
    this.input.autocomplete = "off";
    this.input.maxLength = 2000;
    this.input.setAttribute("aria-describedby", notice.id);
    this.sendButton = element("button", "rpa-send", "Send");
    this.sendButton.type = "submit";
    var row = element("div", "rpa-input-row");
    row.appendChild(this.input);
    row.appendChild(this.sendButton);
    form.appendChild(label);
    form.appendChild(row);
    section.appendChild(form);

    var chat = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = chat.input.value.trim();
      if (!text || chat.busy) return;
      chat.input.value = "";
      chat.send(text, text);
    });
    this.root.appendChild(section);
  };

  /* One message into the log; `from` is "user" or "bot". */
  Chat.prototype.render = function (message) {
    var bubble = element("div", "rpa-message rpa-message--" + message.from);
    bubble.appendChild(visuallyHidden(message.from === "user" ? "You said: " : "Assistant said: "));
    var body = element("div", "rpa-text");
    if (message.from === "bot") body.appendChild(structuredText(message.text));
    else body.textContent = message.text;
    bubble.appendChild(body);
    if (message.buttons && message.buttons.length) {
      var group = element("div", "rpa-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      message.buttons.forEach(function (button) {
        var control = element("button", "rpa-button", button.title);
        control.type = "button";
        control.addEventListener("click", this.send.bind(this, button.payload, button.title));
        group.appendChild(control);
      }, this);
      bubble.appendChild(group);
    }
    this.log.appendChild(bubble);
    this.log.scrollTop = this.log.scrollHeight;
    return bubble;
  };

  Chat.prototype.remember = function (message) {
    this.state.messages.push(message);
    saveState(this.state);
    return this.render(message);
  };

  Chat.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.sendButton.setAttribute("aria-disabled", busy ? "true" : "false");
    this.typing.textContent = "";
    this.typing.classList.toggle("rpa-typing--on", busy);
    if (busy) {
      this.typing.appendChild(element("span", "rpa-dots")).setAttribute("aria-hidden", "true");
      this.typing.appendChild(document.createTextNode("The assistant is typing"));
    }
  };

  /* Sends `payload`; `shown` is what the user sees for it (a button's title), null for none. */
  Chat.prototype.send = function (payload, shown) {
    if (this.busy) return;
    if (shown !== null) this.remember({ from: "user", text: shown });
    this.setBusy(true);
    var chat = this;
    fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: this.state.sessionId, message: payload }),
      credentials: "omit",
    })
      .then(function (reply) {
        if (!reply.ok) throw new Error("HTTP " + reply.status);
        return reply.json();
      })
      .then(function (messages) {
        chat.setBusy(false);
        messages.forEach(function (message) {
          if (typeof message.follow === "string") chat.follow(message.follow);
        });
        messages = messages.filter(function (message) {
          return message.text || (message.buttons && message.buttons.length);
        });
        var bubbles = messages.map(function (message) {
          return chat.remember({
            from: "bot",
            text: String(message.text || ""),
            buttons: (message.buttons || []).map(function (button) {
              return { title: String(button.title), payload: String(button.payload) };
            }),
          });
        });
        // Answers are long: show the start of the reply, not its last line.
        if (bubbles.length) chat.log.scrollTop = bubbles[0].offsetTop;
      })
      .catch(function () {
        chat.setBusy(false);
        chat.render({
          from: "bot",
          text:
            "Sorry, the assistant could not be reached. Please try again in a minute. " +
            "If a child is in immediate danger, call 999.",
        });
      });
  };

  /* In a live workshop, the next question comes by itself: the widget follows the session
     (Server-Sent Events from /workshop/follow) and, when the trainer moves on or opens
     voting, asks for the current question as if "Current question" had been pressed. */
  Chat.prototype.follow = function (code) {
    if (this.following && this.following.code === code) return;
    if (this.following) this.following.close();
    this.following = null;
    if (!code) return;
    var chat = this;
    var last = null;
    var events = new EventSource(new URL("/workshop/follow?code=" + code, BASE).href);
    events.code = code;
    var pending = null;
    // One ask for a run of moves (the trainer pressing "next" three times), and never while
    // a reply is on its way.
    function ask() {
      pending = null;
      if (chat.busy) pending = window.setTimeout(ask, 500);
      else chat.send("/join_workshop", null);
    }
    events.addEventListener("position", function (event) {
      var position = JSON.parse(event.data);
      var now = position.step + "/" + position.votingOpen;
      if (last !== null && now !== last && !position.ended) {
        if (pending !== null) window.clearTimeout(pending);
        pending = window.setTimeout(ask, 300);
      }
      last = now;
      if (position.ended) {
        events.close();
        chat.following = null;
      }
    });
    this.following = events;
  };

  function mount() {
    var root = document.querySelector("[data-rpa-chat]");
    if (!root || root.dataset.rpaMounted) return;
    root.dataset.rpaMounted = "true";
    if (!document.querySelector("link[data-rpa-chat-style]")) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("widget.css", BASE).href;
      style.setAttribute("data-rpa-chat-style", "");
      document.head.appendChild(style);
    }
    new Chat(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
