"""SQLAlchemy models of the catalogue. Importing this package registers every table."""

from catalog.models.accounts import ApiKey, ApiToken, LoginFailure, User
from catalog.models.base import Base
from catalog.models.documents import ListingDocument
from catalog.models.events import Event, EventTranslation
from catalog.models.listings import (
    Listing,
    ListingMedia,
    ListingTag,
    ListingTheme,
    ListingTranslation,
)
from catalog.models.municipalities import Municipality, MunicipalityTranslation
from catalog.models.organisations import Organisation, organisation_municipalities
from catalog.models.packages import (
    Campaign,
    CampaignFeature,
    CampaignTranslation,
    Package,
    PackageStop,
    PackageTranslation,
)
from catalog.models.revisions import Revision
from catalog.models.search import CatalogState, ListingName, ListingSearch

__all__ = [
    "ApiKey",
    "ApiToken",
    "Base",
    "Campaign",
    "CampaignFeature",
    "CampaignTranslation",
    "CatalogState",
    "Event",
    "EventTranslation",
    "Listing",
    "ListingDocument",
    "ListingMedia",
    "ListingName",
    "ListingSearch",
    "ListingTag",
    "ListingTheme",
    "ListingTranslation",
    "LoginFailure",
    "Municipality",
    "MunicipalityTranslation",
    "Organisation",
    "Package",
    "PackageStop",
    "PackageTranslation",
    "Revision",
    "User",
    "organisation_municipalities",
]
