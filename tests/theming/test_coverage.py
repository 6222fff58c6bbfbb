"""Every template a marketer may edit, and every fragment in it, has a sample state.

The editor refuses an edit that no sample renders (it could not be checked), so a template or
fragment without a state here is one marketers cannot change. New templates fail this test
until they get their states in `storefront/theming/patterns.py`.
"""

from __future__ import annotations

import pytest

from storefront.theming.fragments import fragment_names
from storefront.theming.patterns import STATES, states_of
from storefront.theming.services import file_source, template_files

NOT_EDITABLE = ("500.html", "staff/home.html", "theming/edit.html")


def editable_fragments() -> list[str]:
    return [
        f"{name}#{fragment}"
        for name in template_files()
        for fragment in fragment_names(file_source(name))
    ]


def test_the_walk_finds_the_shop_templates_and_skips_the_others():
    names = template_files()
    assert {"base.html", "checkout/choose.html", "staff/banner.html"} <= set(names)
    assert not set(NOT_EDITABLE) & set(names)


@pytest.mark.parametrize("name", template_files())
def test_every_editable_template_has_a_sample_state(name):
    assert states_of(name), f"{name}: add a state for it to STATES in theming/patterns.py"


@pytest.mark.parametrize("fragment", editable_fragments())
def test_every_fragment_has_a_sample_state(fragment):
    assert any(state.template == fragment for state in STATES), (
        f"{fragment}: add a state for it to STATES in theming/patterns.py"
    )


def test_every_state_names_an_editable_template():
    names = set(template_files())
    assert [state.slug for state in STATES if state.template_name not in names] == []


def test_slugs_are_unique():
    slugs = [state.slug for state in STATES]
    assert len(slugs) == len(set(slugs))
