# How the site writes dates in English (Django's own English formats otherwise).
# Format letters: https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
DATE_FORMAT = "j F Y"  # 31 December 2026
DATETIME_FORMAT = "l j F Y, H:i"  # Thursday 31 December 2026, 14:00
TIME_FORMAT = "H:i"  # 14:00
