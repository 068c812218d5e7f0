"""The fixed vocabularies of the catalogue: kinds of listing and themes of the offer.

Codes are stable API values. Names, summaries and descriptions are English message ids that
the HTTP layer translates with the Babel catalogues in translations/.
"""

from dataclasses import dataclass

from catalog.i18n.messages import N_


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    summary: str
    description: str


KIND_TERMS = (
    Term(
        "attraction",
        N_("Attraction"),
        N_("A sight worth a stop."),
        N_(
            "Landmarks, monuments and modern works of the district that a visitor goes to see, "
            "from a ceramic sculpture on a roundabout to the gate of a famous factory."
        ),
    ),
    Term(
        "museum",
        N_("Museum"),
        N_("A museum or a permanent collection."),
        N_(
            "Public, company and private museums and collections, many of them devoted to "
            "ceramics or to motor racing; some open only by appointment."
        ),
    ),
    Term(
        "heritage",
        N_("Heritage site"),
        N_("A castle, church, villa or historic building."),
        N_(
            "The district's built heritage: castles and fortresses, churches and sanctuaries, "
            "villas, towers and historic squares."
        ),
    ),
    Term(
        "nature",
        N_("Nature"),
        N_("A park, reserve or natural landmark."),
        N_(
            "Nature reserves, parks, gardens, monumental trees and walking routes in the hills "
            "and along the rivers of the district."
        ),
    ),
    Term(
        "experience",
        N_("Experience"),
        N_("Something to do rather than to see."),
        N_(
            "Activities a visitor takes part in: guided visits, tastings, spas, sport and "
            "other experiences of the district."
        ),
    ),
    Term(
        "accommodation",
        N_("Accommodation"),
        N_("A place to stay."),
        N_("Hotels, bed and breakfasts, farm stays and other places to spend the night."),
    ),
    Term(
        "food_and_drink",
        N_("Food and drink"),
        N_("A restaurant, trattoria or bar."),
        N_("Places to eat and drink, from historic restaurants to local trattorias."),
    ),
    Term(
        "producer",
        N_("Producer"),
        N_("A farm, dairy, winery or vinegar loft."),
        N_(
            "Producers of the district's food and wine, such as balsamic vinegar lofts, "
            "Parmigiano Reggiano dairies, wineries and cured-meat makers."
        ),
    ),
    Term(
        "shop_showroom",
        N_("Shop and showroom"),
        N_("A shop or a company showroom."),
        N_("Shops and showrooms, above all those of the ceramic tile industry."),
    ),
    Term(
        "service",
        N_("Visitor service"),
        N_("Tourist information and other services."),
        N_("Tourist information offices and other services that help visitors plan their stay."),
    ),
)

THEME_TERMS = (
    Term(
        "ceramics",
        N_("Ceramics"),
        N_("The tile industry that made the district famous."),
        N_(
            "Sassuolo and its neighbours form Italy's ceramic tile district: company museums, "
            "showrooms, documentation centres and works of architecture in ceramics."
        ),
    ),
    Term(
        "motor",
        N_("Motor Valley"),
        N_("Ferrari and the culture of the car."),
        N_(
            "Maranello is the home of Ferrari: its museum, its factory and track, and the places "
            "and events of the Motor Valley of Emilia-Romagna."
        ),
    ),
    Term(
        "food_and_wine",
        N_("Food and wine"),
        N_("Balsamic vinegar, cheese, cured meats and wine."),
        N_(
            "Traditional balsamic vinegar, Parmigiano Reggiano, Prosciutto di Modena, Lambrusco "
            "Grasparossa and Spergola: where they are made and where to taste them."
        ),
    ),
    Term(
        "heritage",
        N_("Heritage"),
        N_("Castles, palaces, churches and history."),
        N_(
            "The history of the district, from the castles of the Este, Pio and Boiardo families "
            "to palaces, sanctuaries and historic town centres."
        ),
    ),
    Term(
        "nature",
        N_("Nature"),
        N_("Hills, parks and mud volcanoes."),
        N_(
            "The hills and parks of the district, including the mud volcanoes of the Salse di "
            "Nirano, the first regional nature reserve of Emilia-Romagna."
        ),
    ),
    Term(
        "hospitality",
        N_("Hospitality"),
        N_("Where to stay and where to get information."),
        N_(
            "Places to stay, spas and tourist information offices that welcome visitors to the "
            "district."
        ),
    ),
)

KINDS: dict[str, str] = {term.code: term.name for term in KIND_TERMS}
THEMES: dict[str, str] = {term.code: term.name for term in THEME_TERMS}

STATUSES = ("draft", "published", "archived")
STATUS_ACTIONS = {"publish": "published", "unpublish": "draft", "delete": "archived"}
"""What each status action of the write core sets (restore brings back the one before delete)."""

PRICE_RANGES = ("free", "low", "medium", "high")

ACCESS = ("open", "by_appointment", "outside_only", "closed")
"""Whether a visitor can go in: at the stated hours (or freely, outdoors), only by booking, only
to see it from outside (a factory gate, a private track), or not at all."""
VISITABLE = ("open", "by_appointment")
"""What a plan or a package may take a visitor to without being asked (`include_outside`)."""
HIGHLIGHTS = range(4)
"""0-3: how much a first-time visitor should not miss the place (3: a headline of the district)."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
