"""Logging in, out, changing the password, and the lock after repeated failures."""

from tests.conftest import PASSWORD


def test_it_logs_in_and_out(agent, client):
    response = client.post("/accounts/login/", {"username": "d01-agent", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_shows_an_error_and_does_not_log_in(agent, client):
    response = client.post("/accounts/login/", {"username": "d01-agent", "password": "wrong"})
    assert response.status_code == 200
    assert "errornote" in response.content.decode() or "alert-error" in response.content.decode()
    assert client.get("/").status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(agent, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "d01-agent", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "d01-agent", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_passwords_are_stored_hashed(agent):
    assert agent.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))
    assert PASSWORD not in agent.password


def test_it_changes_the_password(agent, client_for):
    client = client_for(agent)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Qiche-2026-new!", "new_password2": "Qiche-2026-new!"},
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("Qiche-2026-new!")


def test_the_login_page_needs_a_csrf_token(agent):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "d01-agent", "password": PASSWORD})
    assert response.status_code == 403
