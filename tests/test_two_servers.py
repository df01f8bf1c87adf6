"""The README's recipe beyond one machine (issue 20, item 6), run as the bench runs it: two gunicorn app
servers and two Celery workers on one PostgreSQL and one Redis, on loopback ports, at smoke size.

A form from one server is saved by the other, both serve the public page, submissions spread over both are
all in the database, and both workers take tasks from the one queue (bench/two_servers.py). PostgreSQL only
(bench/generate.py fills a PostgreSQL database); a throwaway database next to the test's own.
"""

import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import generate, two_servers


def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def bench_database(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the bench fills a PostgreSQL database")
    name = f"horing_two_servers_{secrets.token_hex(4)}"
    admin = make_url(database_url).render_as_string(hide_password=False)
    _admin(admin, f'CREATE DATABASE "{name}"')
    try:
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        generate.generate(url, sections=10, responses=20, comments=60, parties=400, hot_section=10, quiet=True)
        yield url
    finally:
        _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_app_servers_and_two_workers_share_one_database_and_one_redis(bench_database, capsys):
    assert two_servers.main(["--smoke", "--database-url", bench_database]) == 0
    out = capsys.readouterr().out
    assert "| form from server 1, saved on server 2 | 302 (ok) |" in out
    assert "| public hearing page from server 1 and 2 | 200, 200 |" in out
    assert "(lost 0)" in out and "(lost 1" not in out
    jobs = out.split("Jobs: ")[1]
    counts = [int(part.split(": ")[1].rstrip(".\n")) for part in jobs.split("run by ")[1].split(", ")]
    assert len(counts) == 2 and all(counts) and sum(counts) == 20, "both workers took tasks, 20 in all"
