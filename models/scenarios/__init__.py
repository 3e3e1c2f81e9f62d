"""Scenario presets for the built-in models."""
