"""The one door every model enters through: checks, translation with PySD in a private cache,
the time-limited translation child, and the model description built from it."""
