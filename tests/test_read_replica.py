"""DATABASE_READ_URL: anonymous reads may go to a replica; writes and signed-in reads never."""

from api.database import Database, _factory


def test_anonymous_reads_use_the_replica_and_everything_else_the_primary(app):
    database = Database("sqlite://", "sqlite://")
    assert database.replica_session_factory is not None
    with app.test_request_context("/api/v1/listings"):
        assert _factory(database) is database.replica_session_factory
    for headers in ({"Authorization": "Bearer x"}, {"X-API-Key": "k"}):
        with app.test_request_context("/api/v1/listings", headers=headers):
            assert _factory(database) is database.session_factory
    with app.test_request_context("/api/v1/listings", method="POST"):
        assert _factory(database) is database.write_session_factory


def test_without_a_replica_reads_use_the_primary(app):
    database = Database("sqlite://")
    with app.test_request_context("/api/v1/listings"):
        assert _factory(database) is database.session_factory
