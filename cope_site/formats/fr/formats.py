# How the site writes dates in French (Django's own French formats otherwise), as the
# French typographic rules have them: « jeudi 31 décembre 2026, 14 h 00 ». The first of
# the month, « 1er », comes from the catalogue (cope_site/templatetags/dates.py).
DATE_FORMAT = "j F Y"  # 31 décembre 2026
DATETIME_FORMAT = r"l j F Y, G \h i"  # jeudi 31 décembre 2026, 14 h 00 (9 h 00: no leading zero)
TIME_FORMAT = r"G \h i"  # 14 h 00, 9 h 30
