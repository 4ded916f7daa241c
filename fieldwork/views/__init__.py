"""The fieldwork pages under /office/fieldwork/ (fieldwork/urls.py)."""
