"""Defences against hostile model files: raw-text checks, the abstract-model and code
allow-lists, data-file confinement, and bounds on runs (steps, time, cancel)."""
