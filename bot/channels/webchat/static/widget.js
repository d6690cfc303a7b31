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
 * A paragraph starting "# ", "## " or "### " is a heading (a handout in the chat).
 *
 * Made for a phone and a screen reader first: a long answer shows its start and a "Show the
 * rest" button; only the newest message's buttons stay (an earlier choice is shown as text);
 * focus stays on the input after typing, or moves to the answer after a button; and the log
 * is not a live region: one polite announcement gives the start of each reply, never a whole
 * 400-word route.
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
  // The notice as one line on a phone, where it can be hidden; the input keeps the full text.
  var SHORT_NOTICE = "No names or identifying details. Child in danger? Call 999.";
  // An answer longer than this shows its first paragraphs (about SHOWN_WORDS) and a button.
  var LONG_WORDS = 90;
  var SHOWN_WORDS = 45;
  var ANNOUNCED_CHARS = 300;
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
  var HEADING = /^(#{1,3}) (\S.*)$/;
  var BOLD = /\*\*(\S(?:.*?\S)?)\*\*/g; // starts and ends with a non-space: "2 ** 3" is not bold

  function randomSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); })
      .join("");
  }

  /* History lives in sessionStorage on the assistant's own page: it survives reloads in this
     tab and nothing else. Embedded in another site's page, the widget runs in that page's
     origin, where any of its scripts could read sessionStorage: there, what was typed is kept
     in memory only and a reload starts a new conversation. */
  var KEEP_HISTORY = BASE.origin === location.origin;

  function loadState() {
    if (!KEEP_HISTORY) return { sessionId: randomSessionId(), messages: [] };
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
    if (!KEEP_HISTORY) return;
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

  /* The text's blocks (paragraphs, lists, headings), each as its lines. */
  function blocksOf(text) {
    var blocks = [];
    text.replace(/\r\n?/g, "\n").split(PARAGRAPH_BREAK).forEach(function (block) {
      block = block.replace(/^\n+|\n+$/g, "");
      if (!block.trim()) return;
      var lines = block.split("\n");
      // A heading line starts a block of its own, whatever follows it.
      if (lines.length > 1 && HEADING.test(lines[0])) {
        blocks.push([lines[0]]);
        lines = lines.slice(1);
      }
      blocks.push(lines);
    });
    return blocks;
  }

  /* One block as an element: a heading below the widget's own h2, a list or a paragraph. */
  function blockElement(lines) {
    var heading = lines.length === 1 && HEADING.exec(lines[0]);
    if (heading) {
      var level = Math.min(heading[1].length + 2, 6);
      return appendLines(element("h" + level, "rpa-heading"), [heading[2]]);
    }
    if (isBulletList(lines)) return bulletList(lines);
    if (isNumberedList(lines)) return numberedList(lines);
    return appendLines(element("p", "rpa-paragraph"), lines);
  }

  function wordCount(text) {
    return (text.match(/\S+/g) || []).length;
  }

  /* The text's units for a long answer: a paragraph or heading whole, a list item by item
     (a route is one numbered list, and its first step is what to do now). */
  function unitsOf(blocks) {
    var units = [];
    blocks.forEach(function (lines, block) {
      var list = lines.length > 1 && (isBulletList(lines) || isNumberedList(lines));
      if (!list) {
        units.push({ block: block, lines: lines });
        return;
      }
      lines.forEach(function (line) {
        if (BULLET_ITEM.test(line) || NUMBERED_ITEM.test(line) || !units.length) {
          units.push({ block: block, lines: [line] });
        } else {
          units[units.length - 1].lines.push(line); // a numbered item's continuation
        }
      });
    });
    return units;
  }

  /* Units back into elements: consecutive items of one list make one list again. */
  function appendUnits(parent, units) {
    var group = [];
    units.forEach(function (unit, index) {
      group = group.concat(unit.lines);
      var next = units[index + 1];
      if (!next || next.block !== unit.block) {
        parent.appendChild(blockElement(group));
        group = [];
      }
    });
  }

  /* How many units a long answer shows at first: about SHOWN_WORDS, at least one, and never
     all of them (then the button would reveal nothing). */
  function shownUnits(units, text) {
    if (units.length < 2 || wordCount(text) <= LONG_WORDS) return units.length;
    var words = 0;
    for (var index = 0; index < units.length - 1; index += 1) {
      words += wordCount(units[index].lines.join(" "));
      if (words >= SHOWN_WORDS) return index + 1;
    }
    return units.length - 1;
  }

  /* What a group of buttons is for: the message's last question, else its first line. */
  function groupLabel(text) {
    var plain = text.replace(/\*\*/g, "").replace(/^#{1,3} /gm, "");
    var questions = plain.match(/[^.!?:\n]*\?/g);
    if (questions) return questions[questions.length - 1].trim().slice(0, 100);
    var first = plain.split("\n")[0].trim();
    return "Options: " + (first.length > 60 ? first.slice(0, 57) + "..." : first);
  }

  function Chat(root) {
    this.root = root;
    this.state = loadState();
    this.busy = false;
    this.groups = []; // the open button groups: [{message, group}]
    this.build();
    this.state.messages.forEach(function (message) { this.render(message); }, this);
    this.log.scrollTop = this.log.scrollHeight;
    if (this.state.messages.length === 0) this.send("/greet", null);
  }

  Chat.prototype.build = function () {
    var id = "rpa-" + this.state.sessionId.slice(0, 8);
    var section = element("section", "rpa-chat");
    section.setAttribute("aria-labelledby", id + "-title");
    section.appendChild(element("h2", "rpa-title", "Reflective practice assistant")).id = id + "-title";

    // The full notice is always the input's description; on a phone it shows as one line
    // that can be hidden, so the conversation keeps the screen.
    var description = element("p", "rpa-description", NOTICE);
    description.hidden = true; // read as the input's description only, never twice in the page
    description.id = id + "-notice";
    section.appendChild(description);
    if (!this.state.noticeHidden) section.appendChild(this.notice());

    // role=log, but not a live region (aria-live=off): the announcer below says the start of
    // each reply once, where a live log would read a whole 400-word route.
    this.log = element("div", "rpa-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "off");
    this.log.setAttribute("aria-label", "Conversation");
    this.log.tabIndex = 0; // scrollable, so keyboard users must be able to reach and scroll it
    section.appendChild(this.log);

    this.announcer = visuallyHidden("");
    this.announcer.className += " rpa-announcer";
    this.announcer.setAttribute("aria-live", "polite");
    this.announcer.setAttribute("aria-atomic", "true");
    section.appendChild(this.announcer);

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
    this.input.setAttribute("aria-describedby", description.id);
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

  /* The notice: in full on a wide screen, one line with a Hide button on a phone. */
  Chat.prototype.notice = function () {
    var notice = element("div", "rpa-notice");
    notice.appendChild(element("p", "rpa-notice-full", NOTICE));
    notice.appendChild(element("p", "rpa-notice-short", SHORT_NOTICE));
    var hide = element("button", "rpa-notice-hide", "Hide");
    hide.type = "button";
    hide.setAttribute("aria-label", "Hide this notice");
    var chat = this;
    hide.addEventListener("click", function () {
      chat.state.noticeHidden = true;
      saveState(chat.state);
      notice.parentNode.removeChild(notice);
      chat.input.focus();
    });
    notice.appendChild(hide);
    return notice;
  };

  /* One message into the log; `from` is "user" or "bot". */
  Chat.prototype.render = function (message) {
    var bubble = element("div", "rpa-message rpa-message--" + message.from);
    bubble.appendChild(visuallyHidden(message.from === "user" ? "You said: " : "Assistant said: "));
    var body = element("div", "rpa-text");
    if (message.from === "bot") this.renderBody(body, message.text);
    else body.textContent = message.text;
    bubble.appendChild(body);
    if (message.buttons && message.buttons.length) {
      if (message.chosen) {
        bubble.appendChild(element("p", "rpa-chosen", "You chose: " + message.chosen));
      } else if (!message.closed) {
        this.groups.push({ message: message, group: this.buttonGroup(bubble, message) });
      }
    }
    this.log.appendChild(bubble);
    return bubble;
  };

  /* The bot's text as blocks; a long one shows its start and a button for the rest. */
  Chat.prototype.renderBody = function (body, text) {
    var units = unitsOf(blocksOf(text));
    var shown = shownUnits(units, text);
    appendUnits(body, units.slice(0, shown));
    if (shown === units.length) return;
    var rest = element("div", "rpa-rest");
    rest.hidden = true;
    rest.tabIndex = -1;
    rest.id = "rpa-rest-" + Math.random().toString(36).slice(2, 10);
    var hiddenWords = 0;
    units.slice(shown).forEach(function (unit) { hiddenWords += wordCount(unit.lines.join(" ")); });
    appendUnits(rest, units.slice(shown));
    var more = element("button", "rpa-more", "Show the rest (" + hiddenWords + " more words)");
    more.type = "button";
    more.setAttribute("aria-expanded", "false");
    more.setAttribute("aria-controls", rest.id);
    more.addEventListener("click", function () {
      rest.hidden = false;
      more.parentNode.removeChild(more);
      rest.focus();
    });
    body.appendChild(more);
    body.appendChild(rest);
  };

  Chat.prototype.buttonGroup = function (bubble, message) {
    var group = element("div", "rpa-buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", groupLabel(message.text || ""));
    message.buttons.forEach(function (button) {
      var control = element("button", "rpa-button", button.title);
      control.type = "button";
      control.addEventListener("click", this.press.bind(this, message, button));
      group.appendChild(control);
    }, this);
    bubble.appendChild(group);
    return group;
  };

  Chat.prototype.press = function (message, button) {
    if (this.busy) return;
    message.chosen = button.title;
    this.send(button.payload, button.title, true);
  };

  /* Before the next turn: every open button group goes, the one pressed says what was chosen,
     so the Tab order and a screen reader's list of buttons hold the newest choices only. */
  Chat.prototype.closeGroups = function () {
    this.groups.forEach(function (open) {
      open.message.closed = true;
      var parent = open.group.parentNode;
      if (open.message.chosen) {
        parent.insertBefore(element("p", "rpa-chosen", "You chose: " + open.message.chosen), open.group);
      }
      parent.removeChild(open.group);
    });
    this.groups = [];
    saveState(this.state);
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

  /* The start of a reply, said once: its first message as shown, and whether more follows. */
  Chat.prototype.announce = function (bubbles) {
    var first = bubbles[0].querySelector(".rpa-text");
    var shown = Array.prototype.filter
      .call(first.children, function (node) { return !node.hidden && node.tagName !== "BUTTON"; })
      .map(function (node) { return node.textContent; })
      .join(" ");
    if (shown.length > ANNOUNCED_CHARS) shown = shown.slice(0, ANNOUNCED_CHARS - 3) + "...";
    var more = bubbles.length > 1 || first.querySelector(".rpa-more") || bubbles[0].querySelector(".rpa-buttons");
    this.announcer.textContent = "Assistant: " + shown + (more ? " More in the conversation." : "");
  };

  /* Sends `payload`; `shown` is what the user sees for it (a button's title), null for none;
     `pressed` when a button sent it, so focus follows to the answer. */
  Chat.prototype.send = function (payload, shown, pressed) {
    if (this.busy) return;
    this.closeGroups();
    if (shown !== null) {
      var mine = this.remember({ from: "user", text: shown });
      this.log.scrollTop = this.log.scrollHeight;
      if (pressed) {
        // the pressed button is gone: hold focus on what it said until the answer comes
        mine.tabIndex = -1;
        mine.focus({ preventScroll: true });
      }
    }
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
          if (typeof message.follow === "string") chat.follow(message.follow, message.shown);
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
        if (bubbles.length) chat.showReply(bubbles, pressed);
      })
      .catch(function () {
        chat.setBusy(false);
        chat.showReply([chat.render({
          from: "bot",
          text:
            "Sorry, the assistant could not be reached. Please try again in a minute. " +
            "If a child is in immediate danger, call 999.",
        })], pressed);
      });
  };

  /* The start of the reply in view with the input (answers are long: never the last line). */
  Chat.prototype.showReply = function (bubbles, pressed) {
    this.log.scrollTop = bubbles[0].offsetTop;
    if (pressed) {
      bubbles[0].tabIndex = -1;
      bubbles[0].focus({ preventScroll: true });
    } else if (document.activeElement === this.input) {
      this.input.scrollIntoView({ block: "nearest" });
    }
    this.announce(bubbles);
  };

  /* In a live workshop, the next question comes by itself: the widget follows the session
     (Server-Sent Events from /workshop/follow) and, when the trainer has moved on or opened
     voting since the question last shown, asks for the current question as if "Current
     question" had been pressed. `shown` is where the session was in that question (step/
     voting open/ended): each reply showing a question says so again. Comparing with it, not
     with the stream's first event, keeps a move made before the stream connected, and never
     asks twice for a question already shown. As for Teams (followers.is_news), voting closing
     is noted, not news. */
  Chat.prototype.follow = function (code, shown) {
    if (this.following && this.following.code === code) {
      if (shown) this.following.shown = shown;
      return;
    }
    if (this.following) this.following.close();
    this.following = null;
    if (!code) return;
    var chat = this;
    var events = new EventSource(new URL("/workshop/follow?code=" + code, BASE).href);
    events.code = code;
    events.shown = shown || null;
    var now = null;
    var pending = null;
    // One ask for a run of moves (the trainer pressing "next" three times), never while a
    // reply is on its way, and none once a reply has shown where the session is now.
    function ask() {
      pending = null;
      if (chat.busy) pending = window.setTimeout(ask, 500);
      else if (now !== events.shown) chat.send("/join_workshop", null);
    }
    events.addEventListener("position", function (event) {
      var position = JSON.parse(event.data);
      now = [position.step, +position.votingOpen, +position.ended].join("/");
      var news = position.step !== +(events.shown || now).split("/")[0] || position.votingOpen;
      if (events.shown === null || !news) events.shown = now;
      if (now !== events.shown && !position.ended) {
        if (pending !== null) window.clearTimeout(pending);
        pending = window.setTimeout(ask, 300);
      }
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
