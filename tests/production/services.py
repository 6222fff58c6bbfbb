"""Real PostgreSQL and Redis for tests that start several shop processes."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.harness import prepare_shop


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def administer(statement: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as db:
        db.execute(statement)


@contextmanager
def shared_services(prefix: str, workdir: Path, **extra: str) -> Iterator[dict[str, str]]:
    """A database of its own on PostgreSQL and a key prefix of its own on Redis, with the
    shop migrated and its static files collected: the environment of every process."""
    if not (answers(5432) and answers(6379)):
        pytest.skip("needs PostgreSQL on 5432 and Redis on 6379")
    name = f"{prefix}_{os.getpid()}"
    administer(f"CREATE DATABASE {name}")
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "CACHE_KEY_PREFIX": name,
        "SERVER_TIMING": "false",
        **extra,
    }
    try:
        env["STATIC_ROOT"] = prepare_shop(workdir, 1, **env)["STATIC_ROOT"]
        yield env
    finally:
        administer(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
