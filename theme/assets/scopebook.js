/* scopebook theme: plan picker, copy-link and copy-code buttons, printing tabs and details. Everything here is an enhancement;
   pages work without it. Loaded in <head>: the stored plan is applied before first paint. */
(function () {
  "use strict";

  var KEY = "scopebook.plan";
  var root = document.documentElement;

  function readPlan() {
    try {
      return window.localStorage.getItem(KEY) || "";
    } catch (e) {
      return ""; /* storage blocked: the picker still works for this page */
    }
  }

  function writePlan(plan) {
    try {
      if (plan) {
        window.localStorage.setItem(KEY, plan);
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* ignore: see readPlan */
    }
  }

  function applyPlan(plan) {
    if (plan) {
      root.setAttribute("data-plan", plan);
    } else {
      root.removeAttribute("data-plan");
    }
  }

  applyPlan(readPlan());

  function setUpPicker() {
    var select = document.getElementById("plan-picker");
    if (!select) {
      return;
    }
    var link = document.getElementById("plan-picker-link");
    var known = Array.prototype.map.call(select.options, function (o) { return o.value; });
    var current = readPlan();
    if (known.indexOf(current) < 0) {
      current = "";
      writePlan("");
      applyPlan("");
    }
    select.value = current;

    function showLink() {
      var option = select.options[select.selectedIndex];
      var href = option && option.getAttribute("data-href");
      if (!link) {
        return;
      }
      if (href) {
        link.href = href;
        link.textContent = "What " + option.textContent + " includes";
        link.hidden = false;
      } else {
        link.hidden = true;
      }
    }

    select.addEventListener("change", function () {
      writePlan(select.value);
      applyPlan(select.value);
      showLink();
      showOnPhone(select.value);
    });
    showLink();
    select.closest(".plan-picker").hidden = false;
  }

  /* The compare page on a phone shows one plan; its radios follow the chosen plan and choose it. */
  function showOnPhone(plan) {
    var radio = plan && document.getElementById("compare_plan_" + plan);
    if (radio && radio.name === "compare-plan") {
      radio.checked = true;
    }
    measureCompareHead();
  }

  function setUpCompare() {
    var table = document.querySelector("table.compare");
    if (!table) {
      return;
    }
    showOnPhone(readPlan());
    Array.prototype.forEach.call(document.querySelectorAll('input[name="compare-plan"]'), function (radio) {
      radio.addEventListener("change", function () {
        var select = document.getElementById("plan-picker");
        if (select) {
          select.value = radio.value;
          select.dispatchEvent(new Event("change"));
        } else {
          writePlan(radio.value);
          applyPlan(radio.value);
          measureCompareHead();
        }
      });
    });
    window.addEventListener("resize", measureCompareHead);
    window.addEventListener("hashchange", function () { landRow(table); });
    /* The browser scrolls to #row while the page loads, before the header is measured and
       again once it has loaded: land the row after both. */
    landRow(table);
    window.addEventListener("load", function () { landRow(table); });
  }

  /* Bring the linked row below the sticky header. A row near the end of a table that scrolls
     inside its own box cannot reach the box's top, so the window scrolled the header away:
     then show the whole box, the row inside it stays where it is. */
  function landRow(table) {
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target || !table.contains(target)) {
      return;
    }
    target.scrollIntoView();
    var corner = table.tHead && table.tHead.rows[0].cells[0];
    var box = table.closest(".compare-scroll");
    if (corner && box && corner.getBoundingClientRect().top < 0) {
      box.scrollIntoView();
    }
  }

  /* A row opened by a link lands just below the sticky header, however tall the header is. */
  function measureCompareHead() {
    var table = document.querySelector("table.compare");
    var head = table && table.tHead;
    if (head) {
      table.style.setProperty("--compare-head", Math.ceil(head.getBoundingClientRect().height) + 8 + "px");
    }
  }

  function announce(text) {
    var status = document.getElementById("copy-status");
    if (status) {
      status.textContent = "";
      /* A fresh text node after a tick makes screen readers repeat the same message. */
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function showUrl(button, url) {
    var holder = button.parentNode.querySelector(".copy-fallback");
    if (!holder) {
      holder = document.createElement("label");
      holder.className = "copy-fallback";
      holder.appendChild(document.createTextNode("Link to this topic "));
      var input = document.createElement("input");
      input.type = "text";
      input.readOnly = true;
      holder.appendChild(input);
      button.parentNode.appendChild(holder);
    }
    var field = holder.querySelector("input");
    field.value = url;
    field.focus();
    field.select();
    announce("Copy the link from the text field");
  }

  function setUpCopyLinks() {
    var buttons = document.querySelectorAll("button.copy-link");
    Array.prototype.forEach.call(buttons, function (button) {
      var label = button.querySelector(".copy-label");
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = new URL("#" + button.getAttribute("data-anchor"), window.location.href).href;
        function copied() {
          announce("Link copied");
          if (label) {
            label.textContent = "Link copied";
            window.setTimeout(function () { label.textContent = "Copy link"; }, 2500);
          }
        }
        copyText(url, copied, function () { showUrl(button, url); });
      });
    });
  }

  function copyText(text, done, fallback) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function selectContents(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* A copy button on every code block of an article: highlighted (`div.highlight`) or plain. */
  function setUpCopyCode() {
    var blocks = document.querySelectorAll(".prose pre > code");
    Array.prototype.forEach.call(blocks, function (code) {
      var pre = code.parentNode;
      var holder = pre.parentNode;
      if (!holder.classList.contains("highlight")) {
        holder = document.createElement("div");
        holder.className = "code-block";
        pre.parentNode.insertBefore(holder, pre);
        holder.appendChild(pre);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      button.addEventListener("click", function () {
        copyText(code.textContent.replace(/\n$/, ""), function () {
          announce("Code copied");
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = "Copy"; }, 2500);
        }, function () {
          selectContents(code);
          announce("The code is selected: press Control+C or Command+C to copy it");
        });
      });
      holder.appendChild(button);
    });
  }

  /* Paper has no tabs and cannot be clicked: print every tab under its label, details open. */
  function setUpPrinting() {
    Array.prototype.forEach.call(document.querySelectorAll(".prose .tabbed-set"), function (set) {
      var labels = set.querySelectorAll(":scope > .tabbed-labels > label");
      var blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
      Array.prototype.forEach.call(blocks, function (block, i) {
        if (labels[i]) {
          block.setAttribute("data-tab-label", labels[i].textContent);
        }
      });
    });
    var opened = [];
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".prose details:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpPicker();
    setUpCompare();
    setUpCopyLinks();
    setUpCopyCode();
    setUpPrinting();
  });
})();
