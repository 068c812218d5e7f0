"""SQLAlchemy models of the catalogue. Importing this package registers every table."""

from catalog.models.accounts import ApiToken, LoginFailure, User
from catalog.models.base import Base
from catalog.models.listings import (
    Listing,
    ListingMedia,
    ListingTag,
    ListingTheme,
    ListingTranslation,
)
from catalog.models.municipalities import Municipality, MunicipalityTranslation
from catalog.models.organisations import Organisation, organisation_municipalities
from catalog.models.revisions import Revision

__all__ = [
    "ApiToken",
    "Base",
    "Listing",
    "ListingMedia",
    "ListingTag",
    "ListingTheme",
    "ListingTranslation",
    "LoginFailure",
    "Municipality",
    "MunicipalityTranslation",
    "Organisation",
    "Revision",
    "User",
    "organisation_municipalities",
]
