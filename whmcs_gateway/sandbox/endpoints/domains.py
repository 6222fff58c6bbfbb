"""Endpoints: domains (in progress)."""
