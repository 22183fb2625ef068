// Reads iCalendar files as Thunderbird does, with Mozilla's ical.js: a JSON list of
// .ics texts on stdin, what ical.js understood of each on stdout (JSON).
// Time zones come only from each file's own VTIMEZONE (none are registered here), so a
// wrong or missing definition shows as a wrong UTC time.
import { readFileSync } from "node:fs";

import ICAL from "ical.js";

function address(property) {
  return {
    address: property.getFirstValue(),
    cn: property.getParameter("cn") ?? null,
    partstat: property.getParameter("partstat") ?? null,
  };
}

function readEvent(vevent) {
  const start = vevent.getFirstPropertyValue("dtstart");
  const organizer = vevent.getFirstProperty("organizer");
  return {
    uid: vevent.getFirstPropertyValue("uid"),
    summary: vevent.getFirstPropertyValue("summary"),
    description: vevent.getFirstPropertyValue("description"),
    location: vevent.getFirstPropertyValue("location"),
    url: vevent.getFirstPropertyValue("url"),
    sequence: vevent.getFirstPropertyValue("sequence"),
    status: vevent.getFirstPropertyValue("status"),
    start_utc: new Date(start.toUnixTime() * 1000).toISOString(),
    start_zone: start.zone ? start.zone.tzid : null,
    organizer: organizer ? address(organizer) : null,
    attendees: vevent.getAllProperties("attendee").map(address),
  };
}

const texts = JSON.parse(readFileSync(0, "utf8"));
const read = texts.map((text) => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    method: calendar.getFirstPropertyValue("method"),
    events: calendar.getAllSubcomponents("vevent").map(readEvent),
  };
});
process.stdout.write(JSON.stringify(read));
