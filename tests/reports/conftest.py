# Queries the conference and scoring parts add to an annual bloc report (conferences of the
# period, vote outcomes, election, scoring table) and to an annual roll-up (conferences held,
# vote winners), when there is no conference and no scoring table; kept in one place so the
# pinned counts change together when those apps grow.
INTEGRATION_QUERIES = 2  # without a conference of the year: one exists() and the scoring table
ROLLUP_INTEGRATION_QUERIES = 2
