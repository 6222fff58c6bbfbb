"""The link's URL token: the link's public id, signed with the shop's secret key.

Django's `Signer` signs with SECRET_KEY and also accepts signatures made with any key in
SECRET_KEY_FALLBACKS: to rotate the key, move the old one into the fallbacks, set the new one,
and links sent out before keep working until the old key is dropped from the fallbacks.
The salt keeps these signatures from being valid anywhere else the shop signs something.
"""

from __future__ import annotations

from django.core import signing

SALT = "storefront.cartlinks.link"


def token_for(public_id: str) -> str:
    return signing.Signer(salt=SALT).sign(public_id)


def public_id_of(token: str) -> str | None:
    """The public id the token was signed for, or None when the token was altered."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
