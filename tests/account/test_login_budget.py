"""The failed-login budget itself: slots are taken atomically, so no number of attempts at
once, in threads or in separate processes, gets more than the budget to WHMCS."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from storefront.visitor import throttle

ROOT = Path(__file__).resolve().parents[2]
BUDGET = throttle.Budget("whmcs-ip", "shop", 15, 900)

# One shop process: tries `attempts` logins that all fail, prints how many WHMCS got.
ONE_PROCESS = """
import django
django.setup()
from storefront.visitor import throttle
budget = throttle.Budget("whmcs-ip", "shop", 15, 900)
sent = 0
for _ in range(40):
    attempt = throttle.reserve([(budget, "two-processes")])
    if isinstance(attempt, throttle.Reservation):
        attempt.failed()
        sent += 1
print(sent)
"""


@pytest.mark.django_db(transaction=True)
def test_forty_threads_get_exactly_the_budget_and_no_more():
    barrier = threading.Barrier(40)
    sent: list[int] = []

    def attempt() -> None:
        barrier.wait()
        try:
            result = throttle.reserve([(BUDGET, throttle.SHOP)])
            if isinstance(result, throttle.Reservation):
                sent.append(1)
                result.failed()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == BUDGET.limit
    refusal = throttle.reserve([(BUDGET, throttle.SHOP)])
    assert isinstance(refusal, throttle.Refusal)
    assert refusal.scope == "shop"
    assert "Please try again in 15 minutes." in refusal.message


@pytest.mark.django_db
def test_a_success_gives_its_slot_back():
    for _ in range(BUDGET.limit * 3):
        attempt = throttle.reserve([(BUDGET, throttle.SHOP)])
        assert isinstance(attempt, throttle.Reservation)
        attempt.succeeded()


@pytest.mark.django_db
def test_a_refused_budget_gives_back_the_slots_already_taken():
    other = throttle.Budget("customer-account", "account", 3, 900)
    for _ in range(BUDGET.limit):
        throttle.reserve([(BUDGET, throttle.SHOP)]).failed()
    for _ in range(5):
        assert isinstance(
            throttle.reserve([(other, "a"), (BUDGET, throttle.SHOP)]), throttle.Refusal
        )
    assert isinstance(throttle.reserve([(other, "a")]), throttle.Reservation)


def _two_processes(environment: dict[str, str]) -> list[int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "storefront.settings", **environment}
    shops = [
        subprocess.Popen(  # noqa: S603 - our own code
            [sys.executable, "-c", ONE_PROCESS], cwd=ROOT, env=env, stdout=subprocess.PIPE
        )
        for _ in range(2)
    ]
    return [int(shop.communicate(timeout=120)[0]) for shop in shops]


@pytest.mark.skipif(
    "redis" not in settings.CACHES["throttle"]["BACKEND"].lower(), reason="needs Redis"
)
def test_two_processes_on_redis_share_one_budget():
    sent = _two_processes({})
    assert sum(sent) == BUDGET.limit


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="needs PostgreSQL"
)
def test_two_processes_without_redis_share_one_budget_in_the_database():
    name = connection.settings_dict["NAME"]
    database = {
        "DATABASE_URL": f"postgres://{connection.settings_dict['USER']}@127.0.0.1:5432/{name}",
        "REDIS_URL": "",
    }
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "storefront.settings", **database}
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    sent = _two_processes(database)
    assert sum(sent) == BUDGET.limit
    connections.close_all()
