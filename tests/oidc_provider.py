"""A real OpenID Connect provider on loopback for the sign-in tests: oidc-provider-mock, started in a thread.

It issues signed ID tokens with whatever claims a test sets for a subject (`set_claims`), speaks discovery,
the authorization code flow and RP-initiated logout (end_session). `approve` stands in for the person at
the provider's page: it posts the subject as the mock's form asks and returns where the provider sends
the browser back (the app's callback with a code and the state). `expired_token_provider` is a second one,
with a key of its own, whose ID tokens have expired an hour before they are issued.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests

TIMEOUT = 10


class Provider:
    def __init__(self, server):
        self.issuer = f"http://localhost:{server.server_port}"

    def set_claims(self, sub: str, claims: dict) -> None:
        answer = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=TIMEOUT)
        answer.raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """Sign in as `sub` at the provider's page; the address it sends the browser back to."""
        assert authorize_url.startswith(self.issuer + "/oauth2/authorize"), authorize_url
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=TIMEOUT)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def settings(self, prefix: str = "OIDC") -> dict:
        return {f"{prefix}_ISSUER": self.issuer, f"{prefix}_CLIENT_ID": f"horingsrunde-{prefix.lower()}",
                f"{prefix}_CLIENT_SECRET": "loopback-test-secret"}


def local_path(url: str) -> str:
    """The path and query of an address of the app (the test client takes those)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="session")
def oidc_provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        yield Provider(server)


@pytest.fixture(scope="session")
def expired_token_provider():
    with oidc_provider_mock.run_server_in_thread(access_token_max_age=timedelta(hours=-1)) as server:
        yield Provider(server)
