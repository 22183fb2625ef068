// Progressive enhancement: add the visitor's own time under an event's time, when
// their device is in another time zone. The page says everything without it.
// Written with the page's own date formats (Django's format letters, in data-*), so the
// hint reads like the dates above it in every language: "14 h 00", "1er" in French.
(function () {
  "use strict";
  var hint = document.querySelector("[data-local-time]");
  if (!hint || !window.Intl || !Intl.DateTimeFormat || !Intl.DateTimeFormat.prototype.formatToParts) return;
  var start = new Date(hint.getAttribute("data-local-time"));
  var end = new Date(hint.getAttribute("data-local-time-end"));
  if (isNaN(start.getTime())) return;
  var language = document.documentElement.lang || undefined;
  var parts = new Intl.DateTimeFormat(language, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });
  // The moment in the visitor's zone, in the names of the page's language.
  function pieces(moment) {
    var found = {};
    parts.formatToParts(moment).forEach(function (part) { found[part.type] = part.value; });
    return found;
  }
  // Django's date format letters the site's formats use; a backslash makes a letter literal.
  var letters = {
    l: "weekday", j: "day", F: "month", Y: "year", i: "minute",
    H: function (p) { return ("0" + Number(p.hour)).slice(-2); },
    G: function (p) { return String(Number(p.hour)); },
    d: function (p) { return ("0" + Number(p.day)).slice(-2); }
  };
  function format(moment, pattern) {
    var p = pieces(moment);
    var text = "";
    for (var index = 0; index < pattern.length; index++) {
      var letter = pattern.charAt(index);
      if (letter === "\\") {
        text += pattern.charAt(++index);
      } else if (typeof letters[letter] === "function") {
        text += letters[letter](p);
      } else {
        text += letters[letter] ? p[letters[letter]] : letter;
      }
    }
    return { text: text, zone: p.timeZoneName };
  }
  var offsetHere = -start.getTimezoneOffset();
  var offsetThere = hint.getAttribute("data-local-time").slice(-6);
  var sign = offsetHere >= 0 ? "+" : "-";
  var abs = Math.abs(offsetHere);
  var formattedHere = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
  if (formattedHere === offsetThere) return;
  var startPieces = pieces(start);
  var startFormat = hint.getAttribute(Number(startPieces.day) === 1 ? "data-format-first-day" : "data-format");
  var from = format(start, startFormat);
  var until = "";
  if (!isNaN(end.getTime())) {
    var sameDay = format(end, "Y F j").text === format(start, "Y F j").text;
    until = "–" + format(end, sameDay ? hint.getAttribute("data-time-format") : hint.getAttribute("data-format")).text;
  }
  hint.textContent = hint.getAttribute("data-label") + " " + from.text + until + " (" + from.zone + ")";
  hint.hidden = false;
})();
