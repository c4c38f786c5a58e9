"""The PostgreSQL backend of the test suite (`config/settings.py` picks it when TESTING)."""
