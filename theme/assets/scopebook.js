/* scopebook theme: plan picker and copy-link buttons. Everything here is an enhancement;
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
    });
    showLink();
    select.closest(".plan-picker").hidden = false;
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
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(copied, function () { showUrl(button, url); });
        } else {
          showUrl(button, url);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpPicker();
    setUpCopyLinks();
  });
})();
