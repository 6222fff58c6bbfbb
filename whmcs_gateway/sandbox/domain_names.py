"""Domain names: parsing (with IDN), the deterministic availability rule, and suggestions.

Availability, in order (the demo data file repeats this for marketers):

1. TLD not configured                                  -> "tld not supported"
2. SLD in ``domain_rules.reserved``                    -> "reserved"
3. name in ``domain_rules.registered`` or SLD contains the registered marker ("taken")
                                                       -> "registered"
4. SLD contains the unknown marker ("lookupfail")      -> "unknown"
5. anything else                                       -> "available for registration"
   (premium when the name is listed in ``domain_rules.premium``)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalog import Catalog, DomainRules, PremiumName, Tld
from .errors import Unprocessable

REGISTERED = "registered"
AVAILABLE = "available for registration"
RESERVED = "reserved"
UNKNOWN = "unknown"
TLD_NOT_SUPPORTED = "tld not supported"

MAX_DOMAIN_LENGTH = 253
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "in", "for", "to", "on", "at", "with"})


@dataclass(frozen=True)
class DomainName:
    sld: str  # ASCII (punycode for IDNs)
    idn_sld: str  # as typed, Unicode
    tld: str  # without the leading dot, ASCII; "" when only an SLD was given

    @property
    def ascii(self) -> str:
        return f"{self.sld}.{self.tld}" if self.tld else self.sld

    @property
    def unicode(self) -> str:
        return f"{self.idn_sld}.{self.tld}" if self.tld else self.idn_sld


def parse_domain(raw: str, *, require_tld: bool) -> DomainName:
    """'Bücher.COM ' -> DomainName(sld='xn--bcher-kva', idn_sld='bücher', tld='com')."""
    text = raw.strip().lower().rstrip(".")
    text = text.removeprefix("http://").removeprefix("https://").removeprefix("www.")
    if not text:
        raise Unprocessable("Please enter a domain name.")
    if len(text) > MAX_DOMAIN_LENGTH:
        raise Unprocessable(
            f"The domain name may not be longer than {MAX_DOMAIN_LENGTH} characters."
        )
    idn_sld, _, tld = text.partition(".")
    if require_tld and not tld:
        raise Unprocessable("The domain name must include a TLD, e.g. example.com.")
    sld = _to_ascii_label(idn_sld)
    tld_ascii = ".".join(_to_ascii_label(label) for label in tld.split(".")) if tld else ""
    return DomainName(sld=sld, idn_sld=idn_sld, tld=tld_ascii)


def _to_ascii_label(label: str) -> str:
    try:
        ascii_label = label.encode("idna").decode("ascii") if not label.isascii() else label
    except UnicodeError:
        raise Unprocessable(f"'{label[:63]}' is not a valid domain name label.") from None
    if not _LABEL.match(ascii_label):
        raise Unprocessable(f"'{label[:63]}' is not a valid domain name label.")
    return ascii_label


def availability(name: DomainName, catalog: Catalog) -> tuple[str, Tld | None, PremiumName | None]:
    """(status, TLD or None, premium entry or None) by the rule in the module docstring."""
    rules: DomainRules = catalog.domain_rules
    tld = catalog.tld(name.tld) if name.tld else None
    if tld is None:
        return TLD_NOT_SUPPORTED, None, None
    if name.sld in rules.reserved:
        return RESERVED, tld, None
    if name.ascii in rules.registered or rules.registered_marker in name.sld:
        return REGISTERED, tld, None
    if rules.unknown_marker in name.sld:
        return UNKNOWN, tld, None
    return AVAILABLE, tld, rules.premium.get(name.ascii)


@dataclass(frozen=True)
class SuggestionQuery:
    term: str
    tlds: tuple[str, ...]
    maximum_length: int | None
    filter_sensitive: bool


def suggestion_bases(term: str, rules: DomainRules) -> list[str]:
    """Deterministic SLD ideas: the words joined, hyphenated, shortened, prefixed, suffixed."""
    words = _words(term)
    if not words:
        raise Unprocessable("The search term must contain letters or digits.")
    joined = "".join(words)
    bases = [joined]
    if len(words) > 1:
        bases += ["-".join(words), "".join(words[:2])]
    bases += [f"{prefix}{joined}" for prefix in rules.suggestion_prefixes]
    bases += [f"{joined}{suffix}" for suffix in rules.suggestion_suffixes]
    unique = dict.fromkeys(base[:63].strip("-") for base in bases)
    return [base for base in unique if base and _LABEL.match(base)]


def _words(term: str) -> list[str]:
    text = term.strip().lower()
    if " " not in text and "." in text:  # "example.com" -> "example"
        text = text.split(".", 1)[0]
    words = re.findall(r"[a-z0-9]+", text)
    meaningful = [word for word in words if word not in _STOPWORDS]
    return meaningful or words


def is_sensitive(sld: str, rules: DomainRules) -> bool:
    return any(word in sld for word in rules.sensitive_words)
