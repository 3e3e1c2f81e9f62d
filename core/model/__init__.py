"""A loaded model: what it contains (description), how it runs (PySD's runtime or the fast
engine) and what went wrong numerically in a run."""
