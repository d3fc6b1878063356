"""Certificates of course completion."""
