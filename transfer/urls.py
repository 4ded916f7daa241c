"""Stub: import and export URLs (to be written). Office URLs live in office/urls.py."""
