"""Helpers shared by every test package."""
