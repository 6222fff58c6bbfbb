"""Endpoints: products (in progress)."""
