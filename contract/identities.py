"""Who the contract run signs in as: a Maranello editor and a district admin, created in the
scratch database beside the seeded catalogue, each case with a fresh token."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.read_model import build_documents
from catalog.access.accounts import create_user, issue_token
from catalog.data.seeding import load_seeds
from catalog.db import make_engine, make_session_factory
from catalog.migrate import upgrade
from catalog.models import User

ACCOUNTS = {
    "editor": ("contract-editor@contract.example", "maranello", "editor"),
    "admin": ("contract-admin@contract.example", "distretto", "admin"),
}


@dataclass
class Identities:
    engine: Engine

    @classmethod
    def prepare(cls, url: str) -> "Identities":
        """Migrate, seed, create the two accounts."""
        engine = make_engine(url)
        upgrade(engine)
        with Session(engine) as session:
            load_seeds(session)
            for email, town, role in ACCOUNTS.values():
                create_user(session, email, secrets.token_urlsafe(18), town, role)
            session.commit()
        build_documents(url)  # the read model, as `flask seed` builds it
        return cls(engine)

    def token_maker(self, identity: str):
        """A function that issues a new bearer token for the identity (None: anonymous).
        Issued in the database, not by signing in: a password check per case would be the
        run's whole cost."""
        if identity not in ACCOUNTS:
            return None
        email = ACCOUNTS[identity][0]

        # A writer's session: on SQLite it queues for the write lock at BEGIN, beside the
        # server's own writers, instead of failing when its read turns into a write.
        sessions = make_session_factory(self.engine, writer=True)

        def new_token() -> str:
            with sessions() as session:
                user = session.scalar(select(User).where(User.email == email))
                secret = issue_token(session, user, timedelta(hours=1)).secret
                session.commit()
                return secret

        return new_token
