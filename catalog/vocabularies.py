"""The fixed vocabularies of the catalogue: kinds of listing and themes of the offer.

Codes are stable API values; labels are English message ids translated by the HTTP layer.
"""

from catalog.i18n import N_

KINDS: dict[str, str] = {
    "attraction": N_("Attraction"),
    "museum": N_("Museum"),
    "heritage": N_("Heritage site"),
    "nature": N_("Nature"),
    "experience": N_("Experience"),
    "accommodation": N_("Accommodation"),
    "food_and_drink": N_("Food and drink"),
    "producer": N_("Producer"),
    "shop_showroom": N_("Shop and showroom"),
    "service": N_("Visitor service"),
}

THEMES: dict[str, str] = {
    "ceramics": N_("Ceramics"),
    "motor": N_("Motor Valley"),
    "food_and_wine": N_("Food and wine"),
    "heritage": N_("Heritage"),
    "nature": N_("Nature"),
    "hospitality": N_("Hospitality"),
}

STATUSES = ("draft", "published", "archived")

PRICE_RANGES = ("free", "low", "medium", "high")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
