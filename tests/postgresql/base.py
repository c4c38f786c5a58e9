"""Django's PostgreSQL backend, emptying the database with DELETE instead of TRUNCATE.

A test that commits (every browser test: its live server reads the rows on another
connection) ends with the whole database emptied, as Django's `TransactionTestCase` does it,
through the `flush` command and the backend's `sql_flush`. On PostgreSQL that is one TRUNCATE
of the project's hundred tables, which gives each table and index a new file: 0.6 to 1 s on
the CI machine however few rows there are. A test leaves a few hundred rows, which DELETE
removes in about 0.06 s. The foreign keys Django creates are DEFERRABLE INITIALLY DEFERRED, so
the tables are emptied in any order and checked once, at the flush's commit.

Only the plain flush changes: with `reset_sequences` or `allow_cascade` (a test class with
`available_apps`) Django's TRUNCATE is kept, as it is everywhere outside the test suite.
Subclassing a built-in backend is how Django's documentation describes changing one
("Subclassing the built-in database backends")."""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
