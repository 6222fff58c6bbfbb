"""Endpoints: admin (in progress)."""
