"""Endpoints: users (in progress)."""
