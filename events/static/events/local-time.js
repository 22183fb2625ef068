// Progressive enhancement: add the visitor's own time under an event's time, when
// their device is in another time zone. The page says everything without it.
(function () {
  "use strict";
  var hint = document.querySelector("[data-local-time]");
  if (!hint || !window.Intl || !Intl.DateTimeFormat) return;
  var start = new Date(hint.getAttribute("data-local-time"));
  var end = new Date(hint.getAttribute("data-local-time-end"));
  if (isNaN(start.getTime())) return;
  var options = { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
  var offsetHere = -start.getTimezoneOffset();
  var offsetThere = hint.getAttribute("data-local-time").slice(-6);
  var sign = offsetHere >= 0 ? "+" : "-";
  var abs = Math.abs(offsetHere);
  var formattedHere = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
  if (formattedHere === offsetThere) return;
  var endTime = isNaN(end.getTime()) ? "" : "–" + end.toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
  hint.textContent = hint.getAttribute("data-label") + " " + format.format(start) + endTime;
  hint.hidden = false;
})();
