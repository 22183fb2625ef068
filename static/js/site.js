// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function setUpNavToggle() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("site-nav--open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("site-nav--open");
        toggle.focus();
      }
    });
  }

  function setUpCarousel(root) {
    var track = root.querySelector("[data-carousel-track]");
    var slides = Array.prototype.slice.call(root.querySelectorAll("[data-carousel-slide]"));
    var controls = root.querySelector("[data-carousel-controls]");
    var status = root.querySelector("[data-carousel-status]");
    var pauseButton = root.querySelector("[data-carousel-pause]");
    if (!track || slides.length < 2 || !controls) return;

    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    var current = 0;
    var timer = null;
    var total = slides.length;
    var statusTemplate = status.textContent.replace(/^\s*1/, "{n}").trim();

    controls.hidden = false;

    function show(index, moveFocus) {
      current = (index + total) % total;
      slides.forEach(function (slide, i) {
        var active = i === current;
        slide.classList.toggle("is-active", active);
        slide.setAttribute("aria-hidden", active ? "false" : "true");
        slide.inert = !active;
      });
      track.scrollTo({
        left: slides[current].offsetLeft - track.offsetLeft,
        behavior: reduceMotion.matches ? "auto" : "smooth",
      });
      status.textContent = statusTemplate.replace("{n}", String(current + 1));
      if (moveFocus) slides[current].querySelector("a").focus({ preventScroll: true });
    }

    function stop() {
      if (timer) window.clearInterval(timer);
      timer = null;
      if (pauseButton) {
        pauseButton.setAttribute("aria-pressed", "true");
        pauseButton.textContent = pauseButton.getAttribute("data-play-label") || "Play";
      }
      track.setAttribute("aria-live", "polite");
    }

    function start() {
      var seconds = parseInt(root.getAttribute("data-autoplay"), 10);
      if (!seconds || reduceMotion.matches) return;
      timer = window.setInterval(function () { show(current + 1, false); }, seconds * 1000);
      if (pauseButton) {
        pauseButton.setAttribute("aria-pressed", "false");
        pauseButton.textContent = pauseButton.getAttribute("data-pause-label") || "Pause";
      }
      track.setAttribute("aria-live", "off");
    }

    root.querySelector("[data-carousel-prev]").addEventListener("click", function () { show(current - 1, false); });
    root.querySelector("[data-carousel-next]").addEventListener("click", function () { show(current + 1, false); });
    if (pauseButton) {
      pauseButton.setAttribute("data-pause-label", pauseButton.textContent);
      pauseButton.addEventListener("click", function () { timer ? stop() : start(); });
      // Rotation stops while a visitor is reading or using a slide.
      root.addEventListener("focusin", stop);
    }
    track.setAttribute("aria-live", "polite");
    show(0, false);
    if (pauseButton) start();
  }

  // After an invalid submit the page opens on its error summary. `autofocus` does this
  // without JavaScript; this covers browsers that ignore it on a non-form element.
  // A summary link goes to its input and scrolls its question (label or legend) into
  // view with it, so the visitor sees what is asked, not only the box.
  function setUpErrorSummary(summary) {
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) return;
      var group = input.closest("[data-choice-group]");
      var question = group ? group.querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
      event.preventDefault();
      (question || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // A video's player comes from its host only once the visitor plays it: the link to
  // the video's page (which works without JavaScript) gives way to the player, which
  // gets the keyboard focus so the visitor can go on from there.
  function setUpVideo(figure) {
    var link = figure.querySelector(".video__play");
    var playerUrl = figure.getAttribute("data-player-url");
    if (!link || !playerUrl) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var player = document.createElement("iframe");
      player.src = playerUrl;
      player.title = figure.getAttribute("data-video-title");
      player.allow = "autoplay; fullscreen; picture-in-picture";
      player.allowFullscreen = true;
      player.width = link.offsetWidth;
      player.height = link.offsetHeight;
      link.replaceWith(player);
      player.focus();
    });
  }

  // For editors only: Wagtail's content checks (the userbar, and the editor's Checks
  // panel, which previews the page with it) run axe-core with the rules of
  // cope_site/content_checks.py; this is the code of its link text check, which axe's
  // configuration, being data, cannot carry. Visitors have no userbar: nothing runs.
  function registerContentChecks() {
    if (!window.customElements || !document.querySelector("wagtail-userbar")) return;
    window.customElements.whenDefined("wagtail-userbar").then(function () {
      var userbar = document.querySelector("wagtail-userbar");
      if (!userbar || typeof userbar.registerCheck !== "function") return;
      userbar.registerCheck("check-link-text-quality", function (node, options) {
        var words = (node.innerText || node.textContent || "").replace(/\s+/g, " ").trim();
        return !new RegExp(options.pattern, "i").test(words);
      });
    });
  }

  registerContentChecks();
  setUpNavToggle();
  Array.prototype.forEach.call(document.querySelectorAll("[data-carousel]"), setUpCarousel);
  Array.prototype.forEach.call(document.querySelectorAll("[data-video]"), setUpVideo);
  var errorSummary = document.querySelector("[data-error-summary]");
  if (errorSummary) setUpErrorSummary(errorSummary);
})();
