"""ValidateLogin in the sandbox's classic API, as WHMCS documents it: `email` + `password2`,
`userid` and `twoFactorEnabled` (and `passwordhash` without a second factor) when right,
"Email or Password Invalid" when not, and no failed login counted against the caller."""

from __future__ import annotations

from .test_checkout_and_classic import classic


def test_a_right_password_answers_the_user(client):
    answer = classic(client, "ValidateLogin", email="demo@example.com", password2="demo-password-1")
    assert answer["result"] == "success"
    assert answer["userid"] == 1
    assert answer["twoFactorEnabled"] is False
    assert answer["passwordhash"]


def test_a_user_with_a_second_factor_gets_no_password_hash(client):
    answer = classic(
        client, "ValidateLogin", email="twofa@example.com", password2="demo-password-2"
    )
    assert answer["result"] == "success"
    assert answer["twoFactorEnabled"] is True
    assert "passwordhash" not in answer


def test_wrong_passwords_and_unknown_emails_answer_alike_and_ban_nobody(app, client):
    for attempt in range(app.config.login_ban_threshold + 5):
        email = "demo@example.com" if attempt % 2 else f"nobody{attempt}@example.com"
        answer = classic(client, "ValidateLogin", email=email, password2="wrong")
        assert answer == {"result": "error", "message": "Email or Password Invalid"}
    assert classic(client, "ValidateLogin", email="demo@example.com")["result"] == "error"
    assert not app.world.login_guard.failures
    assert not app.world.login_guard.banned_until
    assert client.login("demo@example.com", "demo-password-1").status_code == 200


def test_validate_login_needs_the_api_credential(client):
    response = client.http.post(
        "/includes/api.php",
        data={
            "action": "ValidateLogin",
            "responsetype": "json",
            "email": "demo@example.com",
            "password2": "demo-password-1",
        },
    )
    assert response.json() == {"result": "error", "message": "Authentication Failed"}
