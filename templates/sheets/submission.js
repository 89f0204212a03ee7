// The copy buttons: progressive enhancement. Each button names, in data-copy, the element whose exact text it
// copies; the page works as a plain document until this script reveals the buttons.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  var timers = new WeakMap();

  // Older browsers, or a clipboard the browser refuses: copy from a hidden text box, which holds the text exactly.
  function copyBySelection(text) {
    var buffer = document.createElement("textarea");
    buffer.className = "copy-buffer";
    buffer.setAttribute("readonly", "");
    buffer.setAttribute("aria-hidden", "true");
    buffer.tabIndex = -1;
    buffer.value = text;
    document.body.appendChild(buffer);
    buffer.select();
    buffer.setSelectionRange(0, text.length);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(buffer);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(text); }
      );
    }
    return Promise.resolve(copyBySelection(text));
  }

  // When nothing could be copied, select the field so that Ctrl+C (or Cmd+C) does it by hand.
  function selectField(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function show(button, copied, source) {
    var word = button.querySelector(".copy-word");
    var name = button.getAttribute("aria-label").replace(/^Copy /, "");
    clearTimeout(timers.get(button));
    button.classList.toggle("is-copied", copied);
    button.classList.toggle("is-failed", !copied);
    word.textContent = copied ? "Copied" : "Selected: press Ctrl+C";
    status.textContent = copied ? "Copied " + name + "." : "Could not copy; " + name + " is selected.";
    if (!copied) {
      selectField(source);
    }
    timers.set(button, setTimeout(function () {
      button.classList.remove("is-copied", "is-failed");
      word.textContent = "Copy";
    }, 2200));
  }

  function onClick(event) {
    var button = event.currentTarget;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    copy(source.textContent).then(function (copied) { show(button, copied, source); });
  }

  var buttons = document.querySelectorAll("button.copy[data-copy]");
  for (var index = 0; index < buttons.length; index += 1) {
    buttons[index].addEventListener("click", onClick);
    buttons[index].hidden = false;
  }
}());
