"""Docked panels: parameters, run settings, variables, inspector, lookups, scenarios,
uncertainty and the status bar."""
