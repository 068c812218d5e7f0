"""SQLAlchemy models of the catalogue. Importing this package registers every table."""

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

__all__ = [
    "Base",
    "Listing",
    "ListingMedia",
    "ListingTag",
    "ListingTheme",
    "ListingTranslation",
    "Municipality",
    "MunicipalityTranslation",
    "Organisation",
    "organisation_municipalities",
]
