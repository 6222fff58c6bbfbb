"""Endpoints: services (in progress)."""
