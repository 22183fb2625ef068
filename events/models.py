# Event pages and registrations arrive with the events issue; the app exists so that
# the layout is stable and migrations have a home.
