"""The read model: every listing's published representation, ready to send, per language.

Public reads join these fragments into a page instead of loading listings through the ORM and
serialising them again. The documents are derived data, rewritten in the same transaction as
every change (api/read_model/sync.py) and rebuilt by `flask read-model rebuild`.
"""

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class ListingDocument(Base):
    __tablename__ = "listing_documents"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    """A language code, or "*" for the every-language representation (`lang=*`)."""
    body: Mapped[str] = mapped_column(Text)
    """The JSON text; links start with \\x01, which stands for the request's URL root."""
    extras_at: Mapped[int] = mapped_column(Integer)
    """Where members a request adds (distance_km, open, next_opening) go into the body."""
